import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { closeServer, endpointOf } from './shared.js';

const sentEmailSchema = z.object({
  messageId: z.string(),
  from: z.string(),
  replyTo: z.array(z.string()).default([]),
  destination: z.object({
    to: z.array(z.string()).default([]),
    cc: z.array(z.string()).default([]),
    bcc: z.array(z.string()).default([]),
  }),
  subject: z.string(),
  body: z.object({ html: z.string().optional(), text: z.string().optional() }),
  /** Epoch seconds. */
  at: z.number(),
});

export type SentEmail = z.infer<typeof sentEmailSchema>;

const storeSchema = z.object({ emails: z.array(sentEmailSchema) });

/** The package's `server(config)` (see its dist/index.d.ts). */
type ServerFactory = (config: { host: string; port: number }) => Promise<Server>;

/**
 * The package is CommonJS with `exports.default`. An ESM default import of it is `module.exports` under
 * Node but the function itself under vitest, so it is loaded through require, where both agree.
 */
function loadServerFactory(): ServerFactory {
  const loaded: unknown = createRequire(import.meta.url)('aws-ses-v2-local');
  const factory: unknown =
    typeof loaded === 'object' && loaded !== null ? Reflect.get(loaded, 'default') : undefined;
  if (!isServerFactory(factory)) throw new Error('aws-ses-v2-local exports no server function');
  return factory;
}

function isServerFactory(value: unknown): value is ServerFactory {
  return typeof value === 'function';
}

export interface SesOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface LocalSes {
  /** The SES v2 endpoint for `new SESv2Client({ endpoint })`. */
  readonly endpoint: string;
  /** The emulator's web page listing every sent email. */
  readonly mailboxUrl: string;
  listEmails(): Promise<SentEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts aws-ses-v2-local in this process. Its mailbox is module state of the library, so every instance in
 * one process shares it: the mailbox is emptied on start, and one instance per process is the intended use.
 */
export async function startSes(options: SesOptions = {}): Promise<LocalSes> {
  const server = await loadServerFactory()({ host: '127.0.0.1', port: options.port ?? 0 });
  const endpoint = endpointOf(server);
  const clear = async (): Promise<void> => {
    const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`Clearing the SES mailbox answered HTTP ${response.status}`);
  };
  try {
    await clear();
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    async listEmails() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`Reading the SES mailbox answered HTTP ${response.status}`);
      const store = storeSchema.parse(await response.json());
      return store.emails;
    },
    clear,
    stop: () => closeServer(server),
  };
}
