import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias set in
 * infra/constructs/dunning-function.ts), never in the local stack or the tests. On Lambda the execution
 * role's credentials are always in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which is
 * also the first place the SDK's default chain looks; the rest of that chain (profiles, SSO, web identity,
 * container and instance metadata, with the STS and SSO clients they need) is about 130 KB of every bundle
 * that a function never runs but still parses at each cold start.
 */
export function defaultProvider(init: FromEnvInit = {}) {
  return fromEnv(init);
}
