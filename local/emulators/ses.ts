import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { closeServer, endpointOf } from './shared.js';
import { TokenBucket } from './token-bucket.js';

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

/** What SES accepted, as far as a counter needs it (the mailbox keeps the whole mail). */
export interface AcceptedEmail {
  readonly to: readonly string[];
  readonly subject: string;
  /** The message tags (SES returns them with bounce and complaint events). */
  readonly tags: Readonly<Record<string, string>>;
  /** Engine time (epoch milliseconds) of the acceptance. */
  readonly acceptedAt: number;
}

export interface SesOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * SES's maximum send rate: SendEmail (v2) requests per engine second. Requests beyond it are refused as SES
   * refuses them, HTTP 429 `TooManyRequestsException`, and nothing is sent. Default: no limit.
   */
  sendingRate?: number;
  /** Sees every email SendEmail (v2) accepted, e.g. to count mails without reading the whole mailbox. */
  onSent?: (email: AcceptedEmail) => void;
}

export interface SendingStats {
  /** SendEmail requests answered with a message id. */
  readonly accepted: number;
  /** SendEmail requests refused by the sending rate. */
  readonly throttled: number;
}

export interface LocalSes {
  /** The SES v2 endpoint for `new SESv2Client({ endpoint })`. */
  readonly endpoint: string;
  /** The emulator's web page listing every sent email. */
  readonly mailboxUrl: string;
  listEmails(): Promise<SentEmail[]>;
  /** Empties the mailbox (a long run keeps its memory bounded this way; counters stay). */
  clear(): Promise<void>;
  sendingStats(): SendingStats;
  stop(): Promise<void>;
}

/**
 * Starts aws-ses-v2-local in this process. Its mailbox is module state of the library, so every instance in
 * one process shares it: the mailbox is emptied on start, and one instance per process is the intended use.
 */
export async function startSes(options: SesOptions = {}): Promise<LocalSes> {
  const server = await loadServerFactory()({ host: '127.0.0.1', port: options.port ?? 0 });
  const sending = guardSendEmail(server, options);
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
    sendingStats: () => ({ ...sending }),
    stop: () => closeServer(server),
  };
}

const sendEmailPath = '/v2/email/outbound-emails';

/** The part of a SendEmail (v2) request body a counter needs; aws-ses-v2-local validates the rest. */
const sendEmailBodySchema = z.object({
  Destination: z.object({ ToAddresses: z.array(z.string()).optional() }).optional(),
  Content: z.object({ Simple: z.object({ Subject: z.object({ Data: z.string() }) }).optional() }),
  EmailTags: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
});

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Puts the sending rate and the acceptance hook in front of the library's own request handler (an express
 * app): the library keeps doing everything else, and a refused request never reaches it.
 */
function guardSendEmail(server: Server, options: SesOptions): { accepted: number; throttled: number } {
  const counts = { accepted: 0, throttled: 0 };
  const [library, ...others] = server.listeners('request');
  if (typeof library !== 'function' || others.length > 0) {
    throw new Error('aws-ses-v2-local no longer serves through one request listener');
  }
  const bucket = options.sendingRate === undefined ? undefined : new TokenBucket(options.sendingRate);
  const onSent = options.onSent;
  const guarded: RequestListener = (request, response) => {
    const sendsEmail = request.method === 'POST' && request.url?.split('?')[0] === sendEmailPath;
    if (sendsEmail && bucket && !bucket.tryTake()) {
      counts.throttled += 1;
      request.resume();
      refuseAsThrottled(response);
      return;
    }
    if (sendsEmail) {
      response.once('finish', () => {
        if (response.statusCode !== 200) return;
        counts.accepted += 1;
        // express has parsed the JSON body onto the request by the time it answers.
        const body = sendEmailBodySchema.safeParse(Reflect.get(request, 'body'));
        if (onSent && body.success) onSent(acceptedEmail(body.data));
      });
    }
    Reflect.apply(library, server, [request, response]);
  };
  server.removeAllListeners('request');
  server.on('request', guarded);
  return counts;
}

/** SES v2 (REST-JSON): the error code in `x-amzn-ErrorType`, the message in the body; the SDK raises TooManyRequestsException. */
function refuseAsThrottled(response: ServerResponse): void {
  const body = JSON.stringify({ message: 'Maximum sending rate exceeded.' });
  response.writeHead(429, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': 'TooManyRequestsException',
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
}

function acceptedEmail(body: z.infer<typeof sendEmailBodySchema>): AcceptedEmail {
  return {
    to: body.Destination?.ToAddresses ?? [],
    subject: body.Content.Simple?.Subject.Data ?? '',
    tags: Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
    acceptedAt: Date.now(),
  };
}
