import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Client } from '../../functions/adapters/aws/s3.js';
import { DocumentStore } from '../../functions/adapters/document-store.js';
import { caseDocumentsPrefix, letterKey, levelIdOfLetterKey } from '../../functions/domain/document-keys.js';
import { type LocalS3, startS3 } from '../../local/emulators/s3.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';

let s3: LocalS3;
let store: DocumentStore;

beforeAll(async () => {
  s3 = await startS3({ bucketName: 'documents' });
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  store = new DocumentStore(client, s3.bucketName);
});

afterAll(async () => {
  await s3.stop();
});

describe('the document store on the local S3 emulator', () => {
  it('stores a letter under its case and level, with its content type and metadata', async () => {
    // Arrange
    const key = letterKey('RE/2026/1', 'final');
    const bytes = new TextEncoder().encode('%PDF-1.7 letter');

    // Act
    await store.put(key, bytes, 'application/pdf', { pages: '2' });
    const stored = await store.get(key);

    // Assert
    expect(key).toBe('cases/RE%2F2026%2F1/letters/final.pdf');
    expect(stored).toEqual({ bytes, contentType: 'application/pdf', metadata: { pages: '2' } });
    expect(levelIdOfLetterKey('RE/2026/1', key)).toBe('final');
  });

  it('lists one case without its neighbours and tells which keys exist', async () => {
    // Arrange
    await store.put(letterKey('A-1', 'final'), new Uint8Array([1]), 'application/pdf');
    await store.put(letterKey('A-10', 'final'), new Uint8Array([2]), 'application/pdf');

    // Act
    const listed = await store.list(caseDocumentsPrefix('A-1'));

    // Assert
    expect(listed.map((document) => document.key)).toEqual(['cases/A-1/letters/final.pdf']);
    expect(await store.exists(letterKey('A-1', 'final'))).toBe(true);
    expect(await store.exists(letterKey('A-1', 'reminder-2'))).toBe(false);
    expect(await store.get(letterKey('A-1', 'reminder-2'))).toBeUndefined();
  });

  it('signs a short-lived link that a browser can open without credentials', async () => {
    // Arrange
    const key = letterKey('B-1', 'final');
    await store.put(key, new TextEncoder().encode('%PDF'), 'application/pdf');

    // Act
    const url = await store.presignedGetUrl(key, 60, 'Letzte Mahnung B-1.pdf');
    const response = await fetch(url);

    // Assert
    expect(url).toContain('X-Amz-Expires=60');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('inline; filename="Letzte_Mahnung_B-1.pdf"');
    expect(await response.text()).toBe('%PDF');
  });
});
