import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { localCredentials } from './shared.js';

export interface S3Options {
  /** The bucket to create (the document bucket). */
  bucketName: string;
  /** Keep the objects in this folder instead of a temporary one that `stop()` removes. */
  dataPath?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface LocalS3 {
  /** The S3 endpoint for `new S3Client({ endpoint, forcePathStyle: true })`; presigned URLs point here too. */
  readonly endpoint: string;
  readonly bucketName: string;
  stop(): Promise<void>;
}

/**
 * s3rver refuses access keys it does not know (it checks SigV2 signatures, not SigV4 ones); the local stack
 * signs with localCredentials, so they become a key pair of its built-in account.
 */
function acceptLocalCredentials(): void {
  const account: unknown = createRequire(import.meta.url)('s3rver/lib/models/account.js');
  const dummy: unknown =
    typeof account === 'function' || (typeof account === 'object' && account !== null)
      ? Reflect.get(account, 'DUMMY_ACCOUNT')
      : undefined;
  const createKeyPair: unknown =
    typeof dummy === 'object' && dummy !== null ? Reflect.get(dummy, 'createKeyPair') : undefined;
  if (typeof createKeyPair !== 'function') throw new Error('s3rver has no account to add the local key to');
  Reflect.apply(createKeyPair, dummy, [localCredentials.accessKeyId, localCredentials.secretAccessKey]);
}

/** S3 on this machine (s3rver): PutObject, GetObject, HeadObject, ListObjectsV2 and presigned GETs, path-style. */
export async function startS3(options: S3Options): Promise<LocalS3> {
  acceptLocalCredentials();
  const directory = options.dataPath ?? (await mkdtemp(join(tmpdir(), 'mahnwesen-s3-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [{ name: options.bucketName }],
  });
  const { port } = await server.run();
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucketName: options.bucketName,
    /** Stops once, however often it is called (a test may stop the stack before its afterAll does). */
    stop() {
      stopping ??= (async () => {
        await server.close();
        if (!options.dataPath) await rm(directory, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
