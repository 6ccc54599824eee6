import { createHash } from 'node:crypto';
import { AwsClient, type AwsClientOptions, headerOf } from './client.js';
import type { AwsCredentials } from './credentials.js';
import { uriEncode } from './signing.js';

export interface S3Object {
  Body: Uint8Array;
  ContentType?: string;
  /** User metadata (x-amz-meta-*), names in lower case as S3 returns them. */
  Metadata: Record<string, string>;
}

export interface S3Listing {
  Contents: { Key: string; Size: number; LastModified: Date }[];
}

const META_PREFIX = 'x-amz-meta-';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return XML_ENTITIES[entity] ?? '';
  });
}

const tagOf = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/** The Contents of a ListObjectsV2 answer (ListBucketResult), the only XML the product reads. */
export function parseListing(xml: string): S3Listing {
  const contents = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map(([, entry = '']) => ({
    Key: decodeXml(tagOf(entry, 'Key') ?? ''),
    Size: Number(tagOf(entry, 'Size') ?? 0),
    LastModified: new Date(tagOf(entry, 'LastModified') ?? 0),
  }));
  return { Contents: contents };
}

/**
 * S3 (REST-XML): PutObject, GetObject, ListObjectsV2 and presigned GET links. On AWS the bucket is the host's
 * first label; a configured endpoint (the local emulator on 127.0.0.1) takes it in the path.
 */
export class S3Client {
  private readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient(
      { endpointVariable: 'S3', hostPrefix: 's3', signingName: 's3', errors: 'xml' },
      options,
    );
  }

  /** The credentials that sign the links (their expiration says how long a link can work at most). */
  credentials(): AwsCredentials {
    return this.client.credentials();
  }

  /** PreconditionFailed (412) or ConditionalRequestConflict (409) when IfNoneMatch '*' finds the key taken. */
  async putObject(input: {
    Bucket: string;
    Key: string;
    Body: Uint8Array;
    ContentType: string;
    Metadata?: Record<string, string>;
    IfNoneMatch?: '*';
  }): Promise<void> {
    const sha256 = createHash('sha256').update(input.Body).digest();
    await this.client.send(
      {
        method: 'PUT',
        path: this.objectPath(input.Bucket, input.Key),
        headers: {
          'content-type': input.ContentType,
          'x-amz-content-sha256': sha256.toString('hex'),
          // Object lock needs an integrity checksum on every put; S3 keeps SHA-256 with the object.
          'x-amz-checksum-sha256': sha256.toString('base64'),
          'x-amz-sdk-checksum-algorithm': 'SHA256',
          ...Object.fromEntries(
            Object.entries(input.Metadata ?? {}).map(([name, value]) => [
              `${META_PREFIX}${name.toLowerCase()}`,
              value,
            ]),
          ),
          ...(input.IfNoneMatch ? { 'if-none-match': input.IfNoneMatch } : {}),
        },
        body: input.Body,
      },
      this.endpointFor(input.Bucket),
    );
  }

  /** NoSuchKey (404) when nothing is stored under the key. */
  async getObject(input: { Bucket: string; Key: string }): Promise<S3Object> {
    const response = await this.client.send(
      {
        method: 'GET',
        path: this.objectPath(input.Bucket, input.Key),
        headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      this.endpointFor(input.Bucket),
    );
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (name.startsWith(META_PREFIX) && typeof value === 'string')
        metadata[name.slice(META_PREFIX.length)] = value;
    }
    const contentType = headerOf(response, 'content-type');
    return {
      Body: new Uint8Array(response.body),
      ...(contentType ? { ContentType: contentType } : {}),
      Metadata: metadata,
    };
  }

  async listObjectsV2(input: { Bucket: string; Prefix: string; MaxKeys: number }): Promise<S3Listing> {
    const response = await this.client.send(
      {
        method: 'GET',
        path: this.bucketPath(input.Bucket),
        query: { 'list-type': '2', prefix: input.Prefix, 'max-keys': String(input.MaxKeys) },
        headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      this.endpointFor(input.Bucket),
    );
    return parseListing(response.body.toString('utf8'));
  }

  /** A GET link valid for `expiresInSeconds`, signed in its query with the client's credentials. */
  presignGetObject(
    input: { Bucket: string; Key: string; ResponseContentDisposition?: string },
    expiresInSeconds: number,
  ): string {
    return this.client.presign(
      {
        method: 'GET',
        path: this.objectPath(input.Bucket, input.Key),
        ...(input.ResponseContentDisposition
          ? { query: { 'response-content-disposition': input.ResponseContentDisposition } }
          : {}),
      },
      expiresInSeconds,
      this.endpointFor(input.Bucket),
    );
  }

  private pathStyle(): boolean {
    return this.client.hasCustomEndpoint();
  }

  private endpointFor(bucket: string): URL {
    const endpoint = this.client.endpoint();
    if (this.pathStyle()) return endpoint;
    return new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}`);
  }

  private bucketPath(bucket: string): string {
    return this.pathStyle() ? `/${uriEncode(bucket)}` : '/';
  }

  private objectPath(bucket: string, key: string): string {
    const encodedKey = key.split('/').map(uriEncode).join('/');
    return this.pathStyle() ? `/${uriEncode(bucket)}/${encodedKey}` : `/${encodedKey}`;
  }
}

/** The SHA-256 of an empty body, which S3 wants named on every signed request without one. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
