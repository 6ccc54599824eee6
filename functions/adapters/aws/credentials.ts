/** The signing identity: on Lambda the execution role's session, which the runtime puts in the environment. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When the role session ends (AWS_CREDENTIAL_EXPIRATION, where the runtime sets it). */
  readonly expiration?: Date;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Read at each request rather than at import: a function that never calls AWS never needs them, and the local
 * stack sets them after the handler modules are loaded. Missing ones fail the first call, naming the variables.
 */
export function credentialsFromEnvironment(env: Environment = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: no credentials to sign with');
  }
  const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
  };
}

export function regionFromEnvironment(env: Environment = process.env): string {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set: no region to call');
  return region;
}
