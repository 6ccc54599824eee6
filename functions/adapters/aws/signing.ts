import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentials } from './credentials.js';

/**
 * AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html)
 * with node:crypto, for the request shapes this product sends: headers signed, or an S3 GET presigned in its query.
 */
export interface SignableRequest {
  method: string;
  /** Path and query already URI-encoded once, as they go on the wire. */
  url: URL;
  /** Lower-case names; `host` is added from the URL. Every header given is signed. */
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface SigningScope {
  credentials: AwsCredentials;
  region: string;
  /** The signing name: dynamodb, states, events, scheduler, ses, s3. */
  service: string;
  now?: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 signs the path as sent and names the payload's hash in a header; every other service double-encodes. */
const SINGLE_ENCODED_SERVICES = new Set(['s3']);
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** 20261207T031500Z */
function amzDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const signingKeys = new Map<string, Buffer>();

/** The derived key changes once a day per secret, region and service: cached, like the SDK does. */
function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}|${day}|${region}|${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (signingKeys.size > 50) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

function canonicalPath(url: URL, service: string): string {
  const path = url.pathname || '/';
  if (SINGLE_ENCODED_SERVICES.has(service)) return path;
  return path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams.entries()]
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function signature(
  request: { method: string; url: URL; headers: Record<string, string> },
  payloadHash: string,
  scope: SigningScope,
  time: string,
): { signedHeaders: string; signature: string; credentialScope: string } {
  const names = Object.keys(request.headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lowered = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const canonicalHeaders = names
    .map((name) => `${name}:${(lowered[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    canonicalPath(request.url, scope.service),
    canonicalQuery(request.url),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const day = time.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, time, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey(scope.credentials.secretAccessKey, day, scope.region, scope.service);
  return {
    signedHeaders,
    signature: createHmac('sha256', key).update(stringToSign).digest('hex'),
    credentialScope,
  };
}

/** The headers to send: the request's own plus host, x-amz-date, the session token and Authorization. */
export function signRequest(request: SignableRequest, scope: SigningScope): Record<string, string> {
  const time = amzDate(scope.now ?? new Date());
  const payloadHash = request.headers['x-amz-content-sha256'] ?? sha256Hex(request.body);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    'x-amz-date': time,
    ...(scope.credentials.sessionToken ? { 'x-amz-security-token': scope.credentials.sessionToken } : {}),
  };
  const signed = signature({ method: request.method, url: request.url, headers }, payloadHash, scope, time);
  return {
    ...headers,
    authorization: `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${signed.credentialScope}, SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`,
  };
}

/** A GET link signed in its query, valid for `expiresInSeconds` (S3 allows up to 7 days). */
export function presignUrl(url: URL, expiresInSeconds: number, scope: SigningScope): string {
  const time = amzDate(scope.now ?? new Date());
  const day = time.slice(0, 8);
  const presigned = new URL(url.href);
  const query = presigned.searchParams;
  query.set('X-Amz-Algorithm', ALGORITHM);
  // Named as the SDK's presigner hoists it from its header; S3 then skips hashing the (absent) body.
  query.set('x-amz-content-sha256', UNSIGNED_PAYLOAD);
  query.set(
    'X-Amz-Credential',
    `${scope.credentials.accessKeyId}/${day}/${scope.region}/${scope.service}/aws4_request`,
  );
  query.set('X-Amz-Date', time);
  query.set('X-Amz-Expires', String(expiresInSeconds));
  if (scope.credentials.sessionToken) query.set('X-Amz-Security-Token', scope.credentials.sessionToken);
  query.set('X-Amz-SignedHeaders', 'host');
  const signed = signature(
    { method: 'GET', url: presigned, headers: { host: url.host } },
    UNSIGNED_PAYLOAD,
    scope,
    time,
  );
  query.set('X-Amz-Signature', signed.signature);
  // URLSearchParams writes spaces as '+', which S3 reads as '+': the signed form (%20) goes on the wire.
  return `${presigned.origin}${presigned.pathname}?${canonicalQuery(presigned)}`;
}
