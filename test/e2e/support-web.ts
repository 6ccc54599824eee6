import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { addDays, type IsoDate } from '../../functions/domain/calendar.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { issueLocalToken } from '../../local/api-gateway.js';
import { repositoryRoot } from '../../local/asl.js';
import { closeServer, listenOnLoopback, readBody } from '../../local/emulators/shared.js';
import { caseWithHistory } from '../api/support.js';

export const ARTIFACTS = join(repositoryRoot, 'test-artifacts', 'web');

/** Builds web/ into web/dist with the same config as `npm run build:web`; the local gateway serves it. */
export async function buildWebPage(): Promise<void> {
  await build({ configFile: join(repositoryRoot, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

/** Flags of the same kind the previous Debian set-up passed: no updates, sync or first-run work in tests. */
const QUIET_BROWSER = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The package's flags suit a serverless renderer with one page. Not here: one process for everything
 * (`--single-process`) takes the whole browser down when the first test closes its context, and the two
 * others let the page do what no person's browser lets it (cross-origin reads, mixed content), so a test
 * could pass that fails in real life.
 */
const NOT_FOR_TESTS = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

/**
 * Chromium from the npm package @sparticuz/chromium (installed by `npm ci`, nothing else to install), driven
 * by playwright-core. `CHROMIUM_PATH` names another browser to use instead, e.g. /usr/bin/chromium.
 */
export async function launchChromium(): Promise<Browser> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    return chromium.launch({
      executablePath: chosen,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', ...QUIET_BROWSER],
    });
  }
  return chromium.launch({
    executablePath: await inflatedChromium(),
    headless: true,
    args: [...sparticuz.args.filter((flag) => !NOT_FOR_TESTS.has(flag)), ...QUIET_BROWSER],
  });
}

/**
 * The package unpacks its browser into the temp directory on first use and takes an existing file there
 * as done. Test files run in parallel workers, so the first unpacking is done under a lock: another worker
 * would otherwise start a half-written binary. A lock left by a killed run is taken over after a minute.
 */
async function inflatedChromium(): Promise<string> {
  const lock = join(tmpdir(), 'mahnwesen-chromium.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await sparticuz.executablePath();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/**
 * A case that went through both reminders, an unanswered call and the final notice weeks ago, so its
 * execution reaches the handover level at once and opens the supervisors' approval task (the policy
 * requires approval). The real workflow opens the task; the test only skips the waiting.
 */
export function caseAwaitingApproval(invoiceId: string, today: IsoDate, patch: Partial<InvoiceIssued> = {}) {
  return caseWithHistory(
    invoiceId,
    today,
    [
      { type: 'reminder-sent', levelIndex: 0, on: addDays(today, -65), channel: 'email' },
      { type: 'reminder-sent', levelIndex: 1, on: addDays(today, -58), channel: 'email' },
      { type: 'level-completed', levelIndex: 2, on: addDays(today, -50) },
      { type: 'reminder-sent', levelIndex: 3, on: addDays(today, -35), channel: 'letter' },
    ],
    (task) => task.kind === 'approval',
    patch,
  );
}

export interface FakeCognito {
  /** The hosted UI's address, as config.json may name it (a full URL: this one speaks plain http). */
  origin: string;
  clientId: string;
  /** What the page sent, in order: authorize, token and logout requests with their parameters. */
  requests: { path: string; params: Record<string, string> }[];
  close(): Promise<void>;
}

/**
 * Cognito's hosted UI endpoints, as far as the page uses them: /oauth2/authorize sends the browser back with
 * a code, /oauth2/token exchanges it only for the verifier whose S256 challenge came with it (PKCE), and
 * /logout returns to the sign-out URL. The ID token it hands out is one the local gateway accepts, so the
 * page can call the real API with it.
 */
export async function startFakeCognito(user: {
  name: string;
  role: 'caller' | 'supervisor';
}): Promise<FakeCognito> {
  const clientId = 'web-client-e2e';
  const requests: FakeCognito['requests'] = [];
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const body = request.method === 'POST' ? await readBody(request) : '';
      const params = Object.fromEntries(
        request.method === 'POST' ? new URLSearchParams(body) : url.searchParams,
      );
      requests.push({ path: url.pathname, params });
      const redirectUri = params.redirect_uri ?? '';
      if (url.pathname === '/oauth2/authorize') {
        const valid =
          params.response_type === 'code' &&
          params.client_id === clientId &&
          params.code_challenge_method === 'S256' &&
          (params.code_challenge ?? '').length >= 43;
        if (!valid) {
          response.writeHead(302, { location: `${redirectUri}?error=invalid_request` });
          response.end();
          return;
        }
        const code = randomUUID();
        codes.set(code, { challenge: params.code_challenge ?? '', redirectUri });
        response.writeHead(302, { location: `${redirectUri}?code=${code}&state=${params.state ?? ''}` });
        response.end();
        return;
      }
      if (url.pathname === '/oauth2/token') {
        const issued = codes.get(params.code ?? '');
        const challenge = createHash('sha256')
          .update(params.code_verifier ?? '')
          .digest('base64url');
        const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
        if (
          params.grant_type !== 'authorization_code' ||
          params.client_id !== clientId ||
          !issued ||
          issued.redirectUri !== redirectUri ||
          issued.challenge !== challenge
        ) {
          response.writeHead(400, headers);
          response.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        codes.delete(params.code ?? '');
        const idToken = await issueLocalToken(user.role, {
          subject: `cognito-${randomUUID()}`,
          name: user.name,
        });
        response.writeHead(200, headers);
        response.end(
          JSON.stringify({
            id_token: idToken,
            access_token: 'not-used-by-the-page',
            refresh_token: 'refresh-e2e',
            expires_in: 3600,
            token_type: 'Bearer',
          }),
        );
        return;
      }
      if (url.pathname === '/logout' && params.client_id === clientId && params.logout_uri) {
        response.writeHead(302, { location: params.logout_uri });
        response.end();
        return;
      }
      response.writeHead(404);
      response.end();
    })();
  });
  const endpoint = await listenOnLoopback(server);
  return {
    origin: endpoint,
    clientId,
    requests,
    close: () => closeServer(server),
  };
}
