import type { AppConfig } from '../config.js';
import { CognitoAuth } from './cognito.js';
import { LocalAuth } from './local.js';

export type Auth = LocalAuth | CognitoAuth;

export function createAuth(config: AppConfig): Auth {
  if (config.auth === 'local') return new LocalAuth(config.apiBaseUrl);
  return new CognitoAuth({
    domain: config.cognito.domain,
    clientId: config.cognito.clientId,
    scopes: config.cognito.scopes,
    redirectUri: config.cognito.redirectUri ?? `${location.origin}${import.meta.env.BASE_URL}`,
  });
}
