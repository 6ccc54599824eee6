import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import type { Customer, InvoiceIssued } from '../../functions/domain/events.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, problemShape, TODAY, useApiStack } from './support.js';

const { call } = useApiStack();

const customer = (id: string, name: string): Customer => ({
  id,
  name,
  contactName: 'Frau Erika Beispiel',
  email: `buchhaltung@${id}.example`,
  phone: '+49 211 555 7788',
  language: 'de',
  segment: 'regular',
  consumer: false,
  state: 'NW',
});
const SOEHNE = customer('cust-api-soehne', 'Müller & Söhne GmbH');
const MUEHLE = customer('cust-api-muehle', 'Müllermühle Nord KG');

/** A case without an execution: enough for what the search and the customer page read. */
async function openCase(
  invoiceId: string,
  owner: Customer,
  dueDaysAgo: number,
  patch: Partial<InvoiceIssued> = {},
) {
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  await workflowInstance().service.open({
    ...template,
    invoiceId,
    invoiceNumber: `RE-${invoiceId}`,
    customer: owner,
    issueDate: addDays(TODAY, -dueDaysAgo - 14),
    dueDate: addDays(TODAY, -dueDaysAgo),
    ...patch,
  });
}

let callTask: Task;

beforeAll(async () => {
  // Müller & Söhne: a call task in the callers' queue, two more open cases and a cancelled one.
  callTask = await caseAtCallLevel('api-soehne-1', TODAY, { customer: SOEHNE });
  await openCase('api-soehne-2', SOEHNE, 20, { invoiceNumber: 'RE-2026-7002' });
  await openCase('api-soehne-3', SOEHNE, 10);
  await openCase('api-soehne-4', SOEHNE, 40);
  await workflowInstance().service.change('api-soehne-4', () => ({
    event: { type: 'invoice-cancelled', on: TODAY },
  }));
  // Müllermühle: no task anywhere, so no caller has anything to do with it.
  await openCase('api-muehle-1', MUEHLE, 15);
}, 60_000);

const searchResult = z.object({
  kind: z.enum(['name', 'customer', 'invoice']).nullable(),
  results: z.array(
    z.object({
      invoiceId: z.string(),
      invoiceNumber: z.string(),
      customerId: z.string(),
      customerName: z.string(),
      status: z.string(),
      openCents: z.number(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
const search = async (query: string, as: 'caller' | 'supervisor' = 'supervisor') => {
  const response = await call('GET', `/search?${query}`, { as });
  expect(response.status).toBe(200);
  return searchResult.parse(response.body);
};
const invoiceIds = (result: z.infer<typeof searchResult>) =>
  result.results.map((hit) => hit.invoiceId).sort();

describe('searching for customers and invoices', () => {
  it('finds every case of customers whose name begins with the prefix, however umlauts are typed', async () => {
    // Arrange, Act
    const typed = await Promise.all(
      ['q=m%C3%BCller', 'q=MUELLER', 'q=Muell&kind=name'].map((q) => search(q)),
    );

    // Assert
    for (const result of typed) {
      expect(result.kind).toBe('name');
      expect(invoiceIds(result)).toEqual([
        'api-muehle-1',
        'api-soehne-1',
        'api-soehne-2',
        'api-soehne-3',
        'api-soehne-4',
      ]);
    }
    const cancelled = typed[0]?.results.find((hit) => hit.invoiceId === 'api-soehne-4');
    expect(cancelled).toMatchObject({ customerName: 'Müller & Söhne GmbH', status: 'cancelled' });
  });

  it('narrows a name search as the prefix grows past the first word', async () => {
    // Arrange, Act
    const result = await search('q=mueller%20s');

    // Assert
    expect(new Set(result.results.map((hit) => hit.customerId))).toEqual(new Set([SOEHNE.id]));
  });

  it('finds an invoice by its number written with other separators and case', async () => {
    // Arrange, Act
    const exact = await search('q=re%202026%2F7002&kind=invoice');
    const guessed = await search('q=RE-2026-7002');

    // Assert
    expect(exact.results.map((hit) => hit.invoiceId)).toEqual(['api-soehne-2']);
    expect(guessed).toMatchObject({ kind: 'invoice', results: [{ invoiceId: 'api-soehne-2' }] });
  });

  it('lists a customer number’s open cases first, then its closed ones', async () => {
    // Arrange, Act
    const result = await search(`q=${SOEHNE.id}`);

    // Assert
    expect(result.kind).toBe('customer');
    expect(result.results.map((hit) => hit.invoiceId)).toEqual([
      'api-soehne-1',
      'api-soehne-2',
      'api-soehne-3',
      'api-soehne-4',
    ]);
  });

  it('pages through the hits with its cursor, each hit once, and ends with no cursor', async () => {
    // Arrange
    const seen: string[] = [];
    let cursor: string | null = null;

    // Act
    let pages = 0;
    do {
      const page: z.infer<typeof searchResult> = await search(
        `q=mueller&kind=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.results.map((hit) => hit.invoiceId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    // Assert
    expect(pages).toBe(3);
    expect(seen.slice().sort()).toEqual([
      'api-muehle-1',
      'api-soehne-1',
      'api-soehne-2',
      'api-soehne-3',
      'api-soehne-4',
    ]);
  });

  it('shows a caller only customers with a task in the caller’s queues', async () => {
    // Arrange, Act
    const byName = await search('q=mueller', 'caller');
    const byNumber = await search(`q=${MUEHLE.id}&kind=customer`, 'caller');

    // Assert
    expect(new Set(byName.results.map((hit) => hit.customerId))).toEqual(new Set([SOEHNE.id]));
    expect(byNumber.results).toEqual([]);
  });

  it('answers no contact data in the results', async () => {
    // Arrange, Act
    const response = await call('GET', '/search?q=mueller', { as: 'supervisor' });

    // Assert
    expect(response.text).not.toContain(SOEHNE.email);
    expect(response.text).not.toContain('555 7788');
  });

  it('answers nothing found with no kind', async () => {
    // Arrange, Act
    const result = await search('q=zz-nobody');

    // Assert
    expect(result).toEqual({ kind: null, results: [], nextCursor: null });
  });

  it.each([
    ['q=m', 'query.q'],
    ['q=%26%20%26&kind=name', 'query.q'],
    ['q=mueller&limit=51', 'query.limit'],
    ['q=mueller&limit=0', 'query.limit'],
    ['q=mueller&kind=phone', 'query.kind'],
    ['q=mueller&cursor=bm90LW91cnM', 'query.cursor'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    // Arrange, Act
    const response = await call('GET', `/search?${query}`, { as: 'supervisor' });

    // Assert
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).toContain(field);
  });

  it('refuses the cursor of another search with 400', async () => {
    // Arrange
    const first = await search('q=mueller&kind=name&limit=1');
    const other = await search(`q=${SOEHNE.id}&kind=customer&limit=1`);

    // Act
    const kindSwapped = await call('GET', `/search?q=mueller&kind=invoice&cursor=${first.nextCursor}`, {
      as: 'supervisor',
    });
    const prefixSwapped = await call('GET', `/search?q=mueller&kind=customer&cursor=${other.nextCursor}`, {
      as: 'supervisor',
    });

    // Assert
    expect(kindSwapped.status).toBe(400);
    expect(prefixSwapped.status).toBe(400);
    expect(problemShape.parse(prefixSwapped.body).title).toBe('Invalid request');
  });
});

const customerDetail = z.object({
  customer: z.object({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  openCases: z.array(z.object({ invoiceId: z.string(), status: z.string(), openCents: z.number() })),
  exposure: z.object({
    more: z.boolean(),
    openCaseCount: z.number().nullable(),
    totalOpenCents: z.number().nullable(),
  }),
  closedCases: z.object({
    cases: z.array(z.object({ invoiceId: z.string(), closedOutcome: z.string().nullable() })),
    nextCursor: z.string().nullable(),
  }),
  promises: z.object({ kept: z.number(), broken: z.number(), pending: z.number(), complete: z.boolean() }),
  contacts: z.array(
    z.object({ taskId: z.string(), kind: z.string(), levelName: z.string(), status: z.string() }),
  ),
});

describe('a customer page', () => {
  it('shows a supervisor the open and closed cases, the exposure, promises and contact history', async () => {
    // Arrange, Act
    const response = await call('GET', `/customers/${SOEHNE.id}?lang=en`, { as: 'supervisor' });

    // Assert
    expect(response.status).toBe(200);
    const detail = customerDetail.parse(response.body);
    expect(detail.customer).toMatchObject({ id: SOEHNE.id, name: SOEHNE.name, email: SOEHNE.email });
    expect(detail.openCases.map((open) => open.invoiceId)).toEqual([
      'api-soehne-1',
      'api-soehne-2',
      'api-soehne-3',
    ]);
    expect(detail.exposure).toMatchObject({
      more: false,
      openCaseCount: 3,
      totalOpenCents: detail.openCases.reduce((sum, open) => sum + open.openCents, 0),
    });
    expect(detail.closedCases).toEqual({
      cases: [expect.objectContaining({ invoiceId: 'api-soehne-4', closedOutcome: 'cancelled' })],
      nextCursor: null,
    });
    expect(detail.promises).toEqual({ kept: 0, broken: 0, pending: 0, complete: true });
    expect(detail.contacts).toEqual([
      expect.objectContaining({
        taskId: callTask.taskId,
        kind: 'call',
        levelName: 'Collection call',
        status: 'open',
      }),
    ]);
  });

  it('shows a caller the customer of a task in the caller’s queue with the phone but not the email', async () => {
    // Arrange, Act
    const response = await call('GET', `/customers/${SOEHNE.id}`, { as: 'caller' });

    // Assert
    expect(response.status).toBe(200);
    const detail = customerDetail.parse(response.body);
    expect(detail.customer).toMatchObject({ phone: SOEHNE.phone, email: null });
    expect(response.text).not.toContain(SOEHNE.email);
  });

  it('reports a customer without a task in the caller’s queues as missing to the caller only', async () => {
    // Arrange, Act
    const asCaller = await call('GET', `/customers/${MUEHLE.id}`, { as: 'caller' });
    const asSupervisor = await call('GET', `/customers/${MUEHLE.id}`, { as: 'supervisor' });

    // Assert
    expect(asCaller.status).toBe(404);
    expect(asCaller.contentType).toContain('application/problem+json');
    expect(asSupervisor.status).toBe(200);
  });

  it('answers 404 for a customer with no case and 400 for a cursor it did not issue', async () => {
    // Arrange, Act
    const unknown = await call('GET', '/customers/cust-api-nobody', { as: 'supervisor' });
    const badCursor = await call('GET', `/customers/${SOEHNE.id}?closedCursor=e30`, { as: 'supervisor' });

    // Assert
    expect(unknown.status).toBe(404);
    expect(badCursor.status).toBe(400);
    expect(JSON.stringify(badCursor.body)).toContain('query.closedCursor');
  });
});
