import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { ApiEvent, ApiResult } from '../functions/api/http.js';
import { closeServer, listenOnLoopback, readBody } from './emulators/shared.js';
import { type LocalLetters, serveLetters } from './letters-page.js';

/**
 * Locally, this plays API Gateway's part: it verifies the bearer token (HS256, signed with a local key that
 * never exists on AWS, where Cognito and the JWT authorizer do this) and hands the verified claims to the
 * very same API handler in the shape of an HTTP API event.
 */

export const LOCAL_ISSUER = 'https://mahnwesen.local/issuer';
export const LOCAL_AUDIENCE = 'mahnwesen-caller-api';
/** Where the API's OpenAPI document is, here as on AWS (there served from the page's bucket). */
export const OPENAPI_PATH = '/openapi.json';
const DEFAULT_LOCAL_KEY = 'local-development-key-not-for-production-use-0001';

const keyBytes = (key: string) => new TextEncoder().encode(key);

export type LocalRole = 'caller' | 'supervisor';

export async function issueLocalToken(
  role: LocalRole,
  options: { subject?: string; name?: string; key?: string; expiresIn?: string } = {},
): Promise<string> {
  const groups = role === 'supervisor' ? ['supervisors'] : ['callers'];
  return new SignJWT({
    name: options.name ?? (role === 'supervisor' ? 'Sabine Supervisor' : 'Carl Caller'),
    'cognito:groups': groups,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.subject ?? `local-${role}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(keyBytes(options.key ?? DEFAULT_LOCAL_KEY));
}

type Handler = (event: ApiEvent) => Promise<ApiResult>;

const localTokenRequestSchema = z.object({
  role: z.enum(['caller', 'supervisor']),
  subject: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(100).optional(),
});

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unauthorized(response: ServerResponse, detail: string) {
  response.writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' });
  response.end(
    JSON.stringify({
      type: 'https://mahnwesen.dev/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail,
    }),
  );
}

export class LocalApiGateway {
  private readonly server: Server;

  constructor(
    private readonly handler: Handler,
    private readonly options: {
      key?: string;
      webRoot?: string;
      /**
       * The API's OpenAPI document, served at /openapi.json without a token. On AWS it is a file of the
       * page's bucket that the web build writes; here it is generated from the running code.
       */
      openApiDocument?: () => unknown;
      /** Local only: what the queues gave up on, so a person can see events that could not be handled. */
      deadLetters?: () => unknown;
      /** Local only: the posted letters, listed and opened under /local/letters. */
      letters?: LocalLetters;
    } = {},
  ) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ title: 'Internal error', status: 500, detail: String(error) }));
      });
    });
  }

  /** Local sign-in for the web page: pick a role, get a token (there is no such route on AWS: Cognito). */
  private async issueToken(request: IncomingMessage, response: ServerResponse) {
    // Only JSON: a cross-site form post (text/plain, form-encoded) cannot ask for a token without a preflight.
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      response.writeHead(415, { 'content-type': 'application/problem+json', accept: 'application/json' });
      response.end(
        JSON.stringify({
          title: 'Unsupported media type',
          status: 415,
          detail: 'content-type: must be application/json',
        }),
      );
      return;
    }
    const body = await readBody(request);
    const parsed = localTokenRequestSchema.safeParse(body ? safeJson(body) : {});
    if (!parsed.success) {
      response.writeHead(400, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          title: 'Invalid request',
          status: 400,
          detail: 'role: must be caller or supervisor',
        }),
      );
      return;
    }
    const token = await issueLocalToken(parsed.data.role, {
      subject: parsed.data.subject,
      name: parsed.data.name,
      key: this.options.key,
    });
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ token }));
  }

  /** The built web page (web/dist) under /app; unknown paths get index.html so client routing works. */
  private async serveStatic(pathname: string, response: ServerResponse) {
    const root = this.options.webRoot ?? '';
    if (pathname === '/') {
      response.writeHead(302, { location: '/app/' });
      response.end();
      return;
    }
    const relative = normalize(pathname.replace(/^\/app\/?/, '')).replace(/^(\.\.(\/|\\|$))+/, '');
    let file = join(root, relative || 'index.html');
    if (!file.startsWith(root)) file = join(root, 'index.html');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      file = join(root, 'index.html');
      content = await readFile(file).catch(() => Buffer.from('web page not built: run npm run build:web'));
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(content);
  }

  async listen(port = 0): Promise<{ endpoint: string }> {
    return { endpoint: await listenOnLoopback(this.server, port) };
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/local/token') return this.issueToken(request, response);
    if (method === 'GET' && url.pathname === '/local/dead-letters' && this.options.deadLetters) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(this.options.deadLetters()));
      return;
    }
    if (
      method === 'GET' &&
      this.options.letters &&
      (await serveLetters(this.options.letters, url, response))
    ) {
      return;
    }
    if (
      method === 'GET' &&
      this.options.webRoot &&
      (url.pathname === '/' || url.pathname.startsWith('/app'))
    ) {
      return this.serveStatic(url.pathname, response);
    }
    if (method === 'GET' && url.pathname === OPENAPI_PATH && this.options.openApiDocument) {
      // Like the page's files on AWS: revalidated on every load, since every deploy may change it.
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      response.end(JSON.stringify(this.options.openApiDocument()));
      return;
    }
    // Every route of the API needs a token, as behind API Gateway's JWT authorizer.
    const header = request.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) return unauthorized(response, 'a bearer token is required');
    let claims: Record<string, string | number | boolean | string[]>;
    try {
      const { payload } = await jwtVerify(token, keyBytes(this.options.key ?? DEFAULT_LOCAL_KEY), {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        // A token without an expiry would work for ever; Cognito's never lack one.
        requiredClaims: ['exp'],
      });
      claims = Object.fromEntries(
        Object.entries(payload).filter(
          (entry): entry is [string, string | number | boolean | string[]] =>
            ['string', 'number', 'boolean'].includes(typeof entry[1]) || Array.isArray(entry[1]),
        ),
      );
    } catch {
      return unauthorized(response, 'the bearer token is invalid or expired');
    }
    const body = await readBody(request);
    const event: ApiEvent = {
      version: '2.0',
      routeKey: '$default',
      rawPath: url.pathname,
      rawQueryString: url.searchParams.toString(),
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
      ),
      queryStringParameters: url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined,
      body: body || undefined,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: request.headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: '$default',
        stage: '$default',
        time: new Date().toISOString(),
        timeEpoch: Date.now(),
        authorizer: {
          principalId: String(claims.sub ?? ''),
          integrationLatency: 0,
          jwt: { claims, scopes: [] },
        },
      },
    };
    const result = await this.handler(event);
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    response.writeHead(result.statusCode ?? 200, headers);
    response.end(result.body ?? '');
  }
}
