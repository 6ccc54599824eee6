import type { Session } from './session.js';

/**
 * The page signs people in through one of two providers with the same shape: the local token issuer of
 * `npm start`, or Cognito's hosted UI on AWS. Everything else in the page only sees this interface.
 */
export interface AuthProvider {
  readonly kind: 'local' | 'cognito';
  /** The session kept from before (a reload) or completed now (a redirect back from Cognito). */
  restore(): Promise<Session | undefined>;
  /** A current bearer token, refreshed if the provider can; undefined when the person must sign in again. */
  token(): Promise<string | undefined>;
  signOut(): Promise<void>;
}

/** Why signing in failed, for the page to say in its language; the message is the details, in English. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly reason: 'unreachable' | 'refused' | 'foreign-answer',
    message: string,
  ) {
    super(message);
  }
}
