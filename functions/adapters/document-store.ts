import { isAwsError } from './aws/errors.js';
import type { S3Client } from './aws/s3.js';

/** A stored document as a listing shows it; `metadata` is what `put` stored with it (S3 user metadata). */
export interface StoredDocument {
  key: string;
  size: number;
  lastModified: string;
}

export interface DocumentContent {
  bytes: Uint8Array;
  contentType: string;
  metadata: Record<string, string>;
}

/** S3 lists at most 1,000 keys a page; a case has a handful of documents, so one page is the bound. */
const LIST_LIMIT = 1000;

/**
 * The document bucket (S3), the only S3 caller of the product. Keys come from functions/domain/document-keys.ts;
 * the bucket is versioned and locked, so nothing here deletes, and writing a key twice keeps both versions:
 * callers check `exists` first (renders are idempotent by key).
 */
export class DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /**
   * Stores a document; with `ifAbsent` only if the key holds none yet (an S3 conditional write,
   * If-None-Match: *), answering 'exists' when another writer was first.
   */
  async put(
    key: string,
    bytes: Uint8Array,
    contentType: string,
    metadata: Record<string, string> = {},
    { ifAbsent = false }: { ifAbsent?: boolean } = {},
  ): Promise<'stored' | 'exists'> {
    try {
      // The client adds the SHA-256 checksum object lock needs on every put.
      await this.s3.putObject({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
        Metadata: metadata,
        ...(ifAbsent ? { IfNoneMatch: '*' as const } : {}),
      });
      return 'stored';
    } catch (error) {
      if (ifAbsent && isPreconditionFailure(error)) return 'exists';
      throw error;
    }
  }

  /** The document, or undefined when there is none under the key. */
  async get(key: string): Promise<DocumentContent | undefined> {
    try {
      const object = await this.s3.getObject({ Bucket: this.bucket, Key: key });
      return {
        bytes: object.Body,
        contentType: object.ContentType ?? 'application/octet-stream',
        metadata: object.Metadata,
      };
    } catch (error) {
      if (isAwsError(error, 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  /**
   * Whether a document is stored under exactly this key. A listing, not a HEAD: IAM grants ListBucket on the
   * document prefixes only, and a HEAD of a missing key without an unconditional ListBucket answers 403.
   */
  async exists(key: string): Promise<boolean> {
    return (await this.list(key)).some((document) => document.key === key);
  }

  /** The documents whose keys start with `prefix`, in key order (at most 1,000). */
  async list(prefix: string): Promise<StoredDocument[]> {
    const page = await this.s3.listObjectsV2({ Bucket: this.bucket, Prefix: prefix, MaxKeys: LIST_LIMIT });
    return page.Contents.flatMap((object) =>
      object.Key
        ? [{ key: object.Key, size: object.Size, lastModified: object.LastModified.toISOString() }]
        : [],
    );
  }

  /** A GET link valid for `expiresInSeconds`, signed with the function's role: nobody else can open the bucket. */
  presignedGetUrl(key: string, expiresInSeconds: number, downloadName?: string): Promise<string> {
    const url = this.s3.presignGetObject(
      {
        Bucket: this.bucket,
        Key: key,
        ...(downloadName
          ? { ResponseContentDisposition: `inline; filename="${downloadName.replace(/[^\w.-]/g, '_')}"` }
          : {}),
      },
      expiresInSeconds,
    );
    return Promise.resolve(url);
  }
}

/** 412: the key holds an object already; 409: a concurrent conditional write to the key is in flight. */
function isPreconditionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'PreconditionFailed' || error.name === 'ConditionalRequestConflict')
  );
}
