import { beforeAll, describe, expect, it } from 'vitest';
import { renderCaseFilePdf } from '../../functions/documents/case-file-pdf.js';
import type { InkassoCaseFile } from '../../functions/domain/case-file.js';
import { caseFileLinksSchema } from '../../functions/domain/events.js';
import { inkassoCaseFileFor } from '../../functions/domain/handover.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseFileStore } from '../../functions/handlers/runtime/documents.js';
import { issueLocalToken } from '../../local/api-gateway.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, problemShape, TODAY, useApiStack } from './support.js';

const { call, stack } = useApiStack();
const HANDED_OVER = 'api-case-file';
const NOT_HANDED_OVER = 'api-case-file-open';
const postalAddress = {
  nameLines: ['Beispiel Handel GmbH'],
  street: 'Lindenallee 24',
  postalCode: '50667',
  city: 'Köln',
  countryCode: 'DE',
};

let file: InkassoCaseFile;
let pdf: Uint8Array;

beforeAll(async () => {
  // Arrange: a case whose handover stored its file, as Handover and RenderCaseFile leave it
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  await caseAtCallLevel(HANDED_OVER, TODAY, { customer: { ...template.customer, postalAddress } });
  await caseAtCallLevel(NOT_HANDED_OVER, TODAY);
  const { service, cases, config } = workflowInstance();
  const dunningCase = await service.load(HANDED_OVER);
  file = inkassoCaseFileFor(dunningCase, [], TODAY, `${TODAY}T09:00:00.000Z`, service.context);
  pdf = await renderCaseFilePdf(file);
  await caseFileStore(config).store(HANDED_OVER, { file, caseVersion: dunningCase.version }, pdf);
  await cases.putCaseFile(HANDED_OVER, file);
}, 60_000);

/** A request that does not follow redirects, so the 303 itself can be read. */
async function unfollowed(path: string, headers: Record<string, string> = {}) {
  const token = await issueLocalToken('supervisor');
  return fetch(`${stack().endpoints.api}${path}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    redirect: 'manual',
  });
}

describe('GET /cases/{invoiceId}/case-file', () => {
  it("answers supervisors with the § 13a RDG case file as JSON, the debtor's postal address included", async () => {
    // Act
    const response = await call('GET', `/cases/${HANDED_OVER}/case-file`, { as: 'supervisor' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(file)));
    expect(response.body).toMatchObject({ debtor: { postalAddress } });
  });

  it('answers ?format=pdf with 303 to a fresh link that fetches the stored PDF', async () => {
    // Act
    const response = await unfollowed(`/cases/${HANDED_OVER}/case-file?format=pdf`);
    const location = response.headers.get('location') ?? '';
    const fetched = new Uint8Array(await (await fetch(location)).arrayBuffer());

    // Assert
    expect(response.status).toBe(303);
    expect(location).toContain('case-file.pdf');
    expect(Buffer.from(fetched).equals(Buffer.from(pdf))).toBe(true);
  });

  it('answers Accept: application/pdf with 303 to the PDF as well', async () => {
    // Act
    const response = await unfollowed(`/cases/${HANDED_OVER}/case-file`, { accept: 'application/pdf' });

    // Assert
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain('case-file.pdf');
  });

  it('hands supervisors fresh links to both stored files', async () => {
    // Act
    const response = await call('GET', `/cases/${HANDED_OVER}/case-file/links`, { as: 'supervisor' });
    const links = caseFileLinksSchema.parse(response.body);
    const json: unknown = await (await fetch(links.jsonUrl)).json();

    // Assert
    expect(response.status).toBe(200);
    expect(json).toEqual(JSON.parse(JSON.stringify(file)));
    expect(Date.parse(links.linksExpireAt) - Date.now()).toBeLessThanOrEqual(3_600_000);
  });

  it('answers 404 naming the reason for a case not handed over, and for an unknown case', async () => {
    // Act
    const open = await call('GET', `/cases/${NOT_HANDED_OVER}/case-file`, { as: 'supervisor' });
    const unknown = await call('GET', '/cases/no-such-case/case-file?format=pdf', { as: 'supervisor' });

    // Assert
    expect(open.status).toBe(404);
    expect(open.text).toContain('has not been handed over');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('case no-such-case does not exist');
  });

  it('refuses callers with 403 and an unknown format with 400 naming query.format', async () => {
    // Act
    const asCaller = await call('GET', `/cases/${HANDED_OVER}/case-file`, { as: 'caller' });
    const badFormat = await call('GET', `/cases/${HANDED_OVER}/case-file?format=xml`, { as: 'supervisor' });

    // Assert
    expect(asCaller.status).toBe(403);
    expect(asCaller.text).not.toContain(file.debtor.email);
    expect(badFormat.status).toBe(400);
    expect(problemShape.parse(badFormat.body).status).toBe(400);
    expect(badFormat.text).toContain('query.format');
  });
});
