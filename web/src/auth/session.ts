import { z } from 'zod';

/** Who is signed in, read from the token the API will verify (the page trusts it only for display). */
export interface Session {
  token: string;
  subject: string;
  name: string;
  groups: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

const claimsSchema = z.object({
  sub: z.string(),
  exp: z.number(),
  name: z.string().optional(),
  'cognito:username': z.string().optional(),
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
});

function base64UrlDecode(segment: string): string {
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The token's claims as a session; undefined for anything that is not a readable JWT. */
export function sessionFromToken(token: string): Session | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: z.infer<typeof claimsSchema>;
  try {
    claims = claimsSchema.parse(JSON.parse(base64UrlDecode(payload)));
  } catch {
    return undefined;
  }
  const rawGroups = claims['cognito:groups'] ?? [];
  const groups = Array.isArray(rawGroups) ? rawGroups : rawGroups.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  return {
    token,
    subject: claims.sub,
    name: claims.name ?? claims['cognito:username'] ?? claims.sub,
    groups: groups.filter((group) => group.length > 0),
    expiresAt: claims.exp * 1000,
  };
}

export const isSupervisor = (session: Session) => session.groups.includes('supervisors');

/** A margin so a token is not sent in its last seconds and refused on the way. */
export const isFresh = (session: Session, now = Date.now()) => session.expiresAt - now > 30_000;

export function readStored(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}
