import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest } from '../../functions/adapters/aws/signing.js';

/** The SDK's own signer, as the SDK clients the product used before configured it, to compare with. */
class NodeSha256 {
  private readonly hash;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytesOf(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function bytesOf(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-of-the-role',
};
const NOW = new Date('2026-12-07T03:15:42.123Z');

function sdkSigner(service: string, uriEscapePath = true) {
  // applyChecksum would add x-amz-content-sha256 to every request; only S3 needs it, and the client sets it there.
  return new SignatureV4({
    credentials,
    region: 'eu-central-1',
    service,
    sha256: NodeSha256,
    uriEscapePath,
    applyChecksum: false,
  });
}

function sdkRequest(url: URL, method: string, headers: Record<string, string>, body: string) {
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams.entries()),
    headers: { ...headers, host: url.host },
    body,
  };
}

describe('SigV4 signing', () => {
  it.for([
    [
      'a DynamoDB JSON 1.0 call',
      'dynamodb',
      'https://dynamodb.eu-central-1.amazonaws.com/',
      'POST',
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      '{"TableName":"dunning","Key":{"pk":{"S":"CASE#RE/2026 ü"}}}',
    ],
    [
      'a Scheduler DELETE with a query and a name to encode',
      'scheduler',
      'http://127.0.0.1:4566/schedules/start-RE_2026%3A1?groupName=dunning%20starts&clientToken=abc',
      'DELETE',
      {},
      '',
    ],
    [
      'an S3 PUT, whose path is signed as sent',
      's3',
      'https://documents.s3.eu-central-1.amazonaws.com/cases/RE%2F2026/letters/reminder-1%20(2).pdf',
      'PUT',
      {
        'content-type': 'application/pdf',
        'x-amz-meta-level': 'reminder-1',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      },
      '%PDF-1.7',
    ],
  ] as const)('signs %s exactly as the SDK signer does', async ([, service, href, method, headers, body]) => {
    // Arrange
    const url = new URL(href);
    const withLength = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const expected = await sdkSigner(service, service !== 's3').sign(
      sdkRequest(url, method, withLength, body),
      {
        signingDate: NOW,
      },
    );

    // Act
    const signed = signRequest(
      { method, url, headers: withLength, body },
      { credentials, region: 'eu-central-1', service, now: NOW },
    );

    // Assert
    expect(signed.authorization).toBe(expected.headers.authorization);
    expect(signed['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(signed['x-amz-date']).toBe('20261207T031542Z');
  });

  it('presigns an S3 GET link whose signature the SDK signer also computes, valid for the given seconds', async () => {
    // Arrange
    const url = new URL(
      'https://documents.s3.eu-central-1.amazonaws.com/cases/RE-1/letters/reminder-1.pdf?response-content-disposition=inline%3B%20filename%3D%22Mahnung%201.pdf%22',
    );
    const expected = await sdkSigner('s3', false).presign(
      {
        ...sdkRequest(url, 'GET', {}, ''),
        headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { signingDate: NOW, expiresIn: 900 },
    );

    // Act
    const link = new URL(
      presignUrl(url, 900, { credentials, region: 'eu-central-1', service: 's3', now: NOW }),
    );

    // Assert
    expect(link.searchParams.get('X-Amz-Signature')).toBe(expected.query?.['X-Amz-Signature']);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(link.searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
    expect(link.searchParams.get('response-content-disposition')).toBe('inline; filename="Mahnung 1.pdf"');
  });
});
