import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueLocalToken } from '../../local/api-gateway.js';
import { letterOpenPath } from '../../local/letters-page.js';
import { caseAtCallLevel, caseWithFinalNotice, TODAY, useApiStack } from './support.js';

const { call, stack } = useApiStack();

const documentsSchema = z.object({
  invoiceId: z.string(),
  documents: z.array(
    z.object({
      documentId: z.string(),
      kind: z.string(),
      levelId: z.string(),
      levelName: z.string(),
      createdAt: z.string(),
      pages: z.number(),
      status: z.string(),
      href: z.string(),
      downloadUrl: z.string(),
    }),
  ),
});

beforeAll(async () => {
  await caseWithFinalNotice('api-letter', TODAY);
  await caseAtCallLevel('api-letter-call', TODAY);
}, 90_000);

/** A request that does not follow redirects, as a client that wants to see the 303 itself. */
async function requestManually(path: string, role: 'caller' | 'supervisor') {
  const token = await issueLocalToken(role, { subject: `local-${role}` });
  return fetch(`${stack().endpoints.api}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    redirect: 'manual',
  });
}

describe("a case's documents", () => {
  it('lists the posted final notice with its level, pages and a download link that opens the PDF', async () => {
    // Arrange, Act
    const listed = await call('GET', '/cases/api-letter/documents', { as: 'supervisor' });
    const { documents } = documentsSchema.parse(listed.body);
    const download = await fetch(documents[0]?.downloadUrl ?? '');

    // Assert
    expect(listed.status).toBe(200);
    expect(documents).toEqual([
      expect.objectContaining({
        documentId: 'letter-final',
        kind: 'letter',
        levelId: 'final',
        levelName: 'Letzte Mahnung',
        status: 'rendered',
        href: '/cases/api-letter/documents/letter-final',
      }),
    ]);
    expect(documents[0]?.pages).toBeGreaterThanOrEqual(1);
    expect(documents[0]?.downloadUrl.startsWith(stack().endpoints.s3)).toBe(true);
    expect(download.status).toBe(200);
    expect(new TextDecoder().decode((await download.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('answers 303 See Other to a short-lived download link for one document', async () => {
    // Arrange, Act
    const response = await requestManually('/cases/api-letter/documents/letter-final', 'supervisor');
    const location = response.headers.get('location') ?? '';
    const pdf = await fetch(location);

    // Assert
    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(location).toContain('X-Amz-Expires=300');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('shows a caller the documents of a case their queue works, and no other case', async () => {
    // Arrange, Act
    const worked = await call('GET', '/cases/api-letter-call/documents');
    const other = await call('GET', '/cases/api-letter/documents');
    const otherDocument = await requestManually('/cases/api-letter/documents/letter-final', 'caller');

    // Assert
    expect(worked.status).toBe(200);
    expect(documentsSchema.parse(worked.body).documents).toEqual([]);
    expect(other.status).toBe(404);
    expect(otherDocument.status).toBe(404);
    expect(otherDocument.headers.get('location')).toBeNull();
  });

  it('answers 404 for a document the case does not have, 400 for a malformed id and 401 without a token', async () => {
    // Arrange, Act
    const missing = await call('GET', '/cases/api-letter/documents/letter-reminder-1', { as: 'supervisor' });
    const malformed = await call('GET', '/cases/api-letter/documents/..%2Fother', { as: 'supervisor' });
    const anonymous = await call('GET', '/cases/api-letter/documents', { as: 'nobody' });
    const unknownCase = await call('GET', '/cases/no-such-case/documents', { as: 'supervisor' });

    // Assert
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ errors: [expect.objectContaining({ path: 'path.documentId' })] });
    expect(anonymous.status).toBe(401);
    expect(unknownCase.status).toBe(404);
  });

  it('lists the posted letters on the local letters page, whose link opens the PDF', async () => {
    // Arrange
    const key = 'cases/api-letter/letters/final.pdf';

    // Act
    const page = await (await fetch(stack().endpoints.letters)).text();
    const opened = await fetch(`${stack().endpoints.api}${letterOpenPath(key)}`);
    const refused = await fetch(`${stack().endpoints.api}${letterOpenPath('print-batches/x.pdf')}`);

    // Assert
    expect(page).toContain(key);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(refused.status).toBe(404);
  });
});
