import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { issueLocalToken } from '../../local/api-gateway.js';
import { closeServer, listenOnLoopback, readBody } from '../../local/emulators/shared.js';

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
