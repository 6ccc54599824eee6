import type { AuthProvider } from './provider.js';
import { SignInError } from './provider.js';
import { isFresh, readStored, type Session, sessionFromToken } from './session.js';

const STORAGE_KEY = 'mahnwesen.localToken';

export type LocalRole = 'caller' | 'supervisor';

/** Local sign-in: `POST /local/token` of the local API gateway issues a token for a role (no passwords). */
export class LocalAuth implements AuthProvider {
  readonly kind = 'local';

  constructor(private readonly apiBaseUrl: string) {}

  async restore(): Promise<Session | undefined> {
    const token = readStored(sessionStorage, STORAGE_KEY);
    const session = token ? sessionFromToken(token) : undefined;
    return session && isFresh(session) ? session : undefined;
  }

  async token(): Promise<string | undefined> {
    return (await this.restore())?.token;
  }

  async signIn(role: LocalRole, name: string): Promise<Session> {
    const trimmed = name.trim();
    // Each name gets its own subject, so two people signed in locally do not share claims.
    const slug = trimmed
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    const body = {
      role,
      ...(trimmed ? { name: trimmed.slice(0, 100) } : {}),
      ...(slug ? { subject: `local-${role}-${slug}` } : {}),
    };
    let response: Response;
    try {
      response = await fetch(`${this.apiBaseUrl}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new SignInError('unreachable', String(error));
    }
    const payload: unknown = await response.json().catch(() => undefined);
    const token =
      typeof payload === 'object' &&
      payload !== null &&
      'token' in payload &&
      typeof payload.token === 'string'
        ? payload.token
        : undefined;
    const session = token ? sessionFromToken(token) : undefined;
    if (!response.ok || !session)
      throw new SignInError('refused', `local token issuer answered ${response.status}`);
    sessionStorage.setItem(STORAGE_KEY, session.token);
    return session;
  }

  async signOut(): Promise<void> {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}
