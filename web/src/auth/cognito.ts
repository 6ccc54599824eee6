import { z } from 'zod';
import type { AuthProvider } from './provider.js';
import { SignInError } from './provider.js';
import { isFresh, readStored, type Session, sessionFromToken } from './session.js';

export interface CognitoSettings {
  /** Hosted UI domain, e.g. mahnwesen.auth.eu-central-1.amazoncognito.com, or its full https:// URL. */
  domain: string;
  clientId: string;
  scopes: string[];
  redirectUri: string;
}

const KEYS = {
  verifier: 'mahnwesen.pkce.verifier',
  state: 'mahnwesen.pkce.state',
  returnTo: 'mahnwesen.pkce.returnTo',
  idToken: 'mahnwesen.cognito.idToken',
  refreshToken: 'mahnwesen.cognito.refreshToken',
} as const;

const tokenResponseSchema = z.object({
  id_token: z.string(),
  refresh_token: z.string().optional(),
  error: z.undefined().optional(),
});

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** RFC 7636 S256: the challenge is the base64url SHA-256 of the verifier. */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/**
 * Cognito hosted UI with the authorization-code flow and PKCE (a public client: no secret in the page).
 * The page sends the ID token as bearer token: it carries `cognito:groups` and `name`, which the API uses
 * for access and for the timeline; its audience is the app client id the JWT authorizer checks.
 * Tokens live in sessionStorage (one tab, gone when it closes); the refresh token renews the ID token.
 */
export class CognitoAuth implements AuthProvider {
  readonly kind = 'cognito';
  private readonly origin: string;
  private refreshing: Promise<string | undefined> | undefined;

  constructor(private readonly settings: CognitoSettings) {
    // A bare domain is the usual form (Cognito prefix or custom domain); a full URL is taken as it is.
    const domain = settings.domain.replace(/\/+$/, '');
    this.origin = /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
  }

  /** Sends the browser to the hosted UI; it comes back to redirectUri with ?code=…&state=…. */
  async signIn(language: string): Promise<void> {
    const verifier = randomString(48);
    const state = randomString(24);
    sessionStorage.setItem(KEYS.verifier, verifier);
    sessionStorage.setItem(KEYS.state, state);
    sessionStorage.setItem(KEYS.returnTo, location.hash);
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.settings.clientId,
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      state,
      code_challenge: await pkceChallenge(verifier),
      code_challenge_method: 'S256',
      lang: language,
    });
    location.assign(`${this.origin}/oauth2/authorize?${query}`);
  }

  async restore(): Promise<Session | undefined> {
    const params = new URLSearchParams(location.search);
    const error = params.get('error');
    const code = params.get('code');
    if (error || code) {
      const returnTo = readStored(sessionStorage, KEYS.returnTo) ?? '';
      // Take code and state out of the address bar at once: a reload must not replay them.
      history.replaceState(null, '', `${location.pathname}${returnTo}`);
      if (error) throw new SignInError('refused', params.get('error_description') ?? error);
      if (code) await this.exchange(code, params.get('state'));
    }
    const token = await this.token();
    return token ? sessionFromToken(token) : undefined;
  }

  private async exchange(code: string, state: string | null): Promise<void> {
    const expectedState = readStored(sessionStorage, KEYS.state);
    const verifier = readStored(sessionStorage, KEYS.verifier);
    sessionStorage.removeItem(KEYS.state);
    sessionStorage.removeItem(KEYS.verifier);
    sessionStorage.removeItem(KEYS.returnTo);
    // The state ties the answer to the sign-in this tab started (no login CSRF).
    if (!expectedState || !verifier || state !== expectedState) {
      throw new SignInError(
        'foreign-answer',
        'the sign-in answer does not belong to this browser tab; please sign in again',
      );
    }
    await this.requestTokens({
      grant_type: 'authorization_code',
      client_id: this.settings.clientId,
      code,
      redirect_uri: this.settings.redirectUri,
      code_verifier: verifier,
    });
  }

  private async requestTokens(form: Record<string, string>): Promise<string> {
    const response = await fetch(`${this.origin}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success)
      throw new SignInError('refused', `Cognito token endpoint answered ${response.status}`);
    sessionStorage.setItem(KEYS.idToken, parsed.data.id_token);
    if (parsed.data.refresh_token) sessionStorage.setItem(KEYS.refreshToken, parsed.data.refresh_token);
    return parsed.data.id_token;
  }

  async token(): Promise<string | undefined> {
    const idToken = readStored(sessionStorage, KEYS.idToken);
    const session = idToken ? sessionFromToken(idToken) : undefined;
    if (session && isFresh(session)) return session.token;
    const refreshToken = readStored(sessionStorage, KEYS.refreshToken);
    if (!refreshToken) return undefined;
    // Several requests may notice the expiry at once; one refresh serves them all.
    this.refreshing ??= this.requestTokens({
      grant_type: 'refresh_token',
      client_id: this.settings.clientId,
      refresh_token: refreshToken,
    })
      .catch(() => {
        sessionStorage.removeItem(KEYS.refreshToken);
        return undefined;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    sessionStorage.removeItem(KEYS.idToken);
    sessionStorage.removeItem(KEYS.refreshToken);
    // Ends the hosted UI's own session too; logout_uri must be an allowed sign-out URL of the app client.
    const query = new URLSearchParams({
      client_id: this.settings.clientId,
      logout_uri: this.settings.redirectUri,
    });
    location.assign(`${this.origin}/logout?${query}`);
  }
}
