import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The one region and account the local stack pretends to be in; ARNs built locally use them. */
export const localRegion = 'eu-central-1';
export const localAccountId = '000000000000';

/** Any value works against the emulators, but the SDK refuses to sign without credentials. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

const loopback = '127.0.0.1';

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** Written without Promise.withResolvers, which Node 20 lacks. */
export function createDeferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Binds to the loopback interface only: the emulators accept any credentials, so nothing else may reach them. */
export async function listenOnLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, loopback, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return endpointOf(server);
}

export function endpointOf(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The server is not listening on a TCP port');
  }
  return `http://${formatHost(address)}:${address.port}`;
}

function formatHost(address: AddressInfo): string {
  if (address.family === 'IPv6') return `[${address.address}]`;
  // A server bound to every interface is still reached through the loopback address.
  return address.address === '0.0.0.0' ? loopback : address.address;
}

/**
 * SDK clients keep connections alive; `close()` alone would wait for them, so open sockets are cut once
 * the server stops accepting new ones.
 */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
  server.closeAllConnections();
  await closed;
}

/** One HTTP endpoint of an emulator on the loopback interface, opened and closed at most once at a time. */
export class LoopbackEndpoint {
  private server: Server | undefined;

  constructor(
    private readonly name: string,
    private readonly handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  ) {}

  /** Port 0 picks a free one. */
  async listen(port = 0): Promise<{ endpoint: string }> {
    if (this.server) throw new Error(`${this.name} is listening already`);
    const server = createServer((request, response) => {
      void this.handle(request, response);
    });
    this.server = server;
    return { endpoint: await listenOnLoopback(server, port) };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }
}

/** AWS caps request payloads far below this; the limit only stops a runaway client. */
const maxBodyBytes = 16 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error(`Request body larger than ${maxBodyBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads a JSON document without trusting its shape: callers narrow the result with zod. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}
