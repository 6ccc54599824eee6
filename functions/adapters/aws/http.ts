import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Connections are kept open between invocations: a warm function reuses its TLS session to each service. */
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 50 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
};

/** Raised when the socket is silent for longer than the timeout; retried like any network error. */
export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * One HTTP exchange over node:http(s) with a keep-alive agent. Measured against the global fetch (undici),
 * whose first call loads and compiles undici: node:https is part of Node's startup snapshot.
 */
export function sendHttp(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
  timeoutMs: number,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method, headers, agent: secure ? agents['https:'] : agents['http:'] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.setTimeout(timeoutMs, () => {
      request.destroy(new RequestTimeoutError(`no answer from ${url.host} within ${timeoutMs} ms`));
    });
    request.on('error', reject);
    request.end(body.length > 0 ? body : undefined);
  });
}
