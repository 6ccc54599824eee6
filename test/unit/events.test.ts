import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  inboundEventSchema,
  invoiceIssuedSchema,
  outboundEventSchema,
} from '../../functions/domain/events.js';
import { describeIssues } from '../../functions/domain/policy.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { eventJsonSchemas } from '../../scripts/event-schemas.js';

const [invoice] = demoInvoices('2026-11-23');

const invoiceEvent = (patch: Record<string, unknown>) => ({
  'detail-type': 'Invoice Issued',
  detail: { ...invoice, ...patch },
});

describe('the inbound event contract', () => {
  it('accepts the demo invoices as Invoice Issued events', () => {
    // Arrange
    const events = demoInvoices('2026-11-23').map((detail) => ({ 'detail-type': 'Invoice Issued', detail }));

    // Act
    const results = events.map((event) => inboundEventSchema.safeParse(event).success);

    // Assert
    expect(results.every(Boolean)).toBe(true);
  });

  it.each([
    [
      'a foreign currency',
      { amount: { cents: 100, currency: 'USD' } },
      'detail.amount.currency: only EUR invoices can be dunned',
    ],
    [
      'fractional cents',
      { amount: { cents: 10.5, currency: 'EUR' } },
      'detail.amount.cents: must be whole cents',
    ],
    [
      'a due date before the issue date',
      { issueDate: '2026-11-10', dueDate: '2026-11-01' },
      'detail.dueDate: must not be before issueDate',
    ],
    [
      'a date in German notation',
      { dueDate: '15.12.2026' },
      'detail.dueDate: must be a calendar date YYYY-MM-DD',
    ],
    ['an empty invoice id', { invoiceId: ' ' }, 'detail.invoiceId: must not be empty'],
    [
      'a customer email that is not an address',
      { customer: { ...invoice?.customer, email: 'not-an-email' } },
      'detail.customer.email: must be an email address',
    ],
    [
      'an unknown Bundesland',
      { customer: { ...invoice?.customer, state: 'Bavaria' } },
      'detail.customer.state: must be a German state code such as BY or NW',
    ],
  ])('rejects an invoice with %s and names the field', (_name, patch, expected) => {
    // Arrange
    const event = invoiceEvent(patch);

    // Act
    const result = inboundEventSchema.safeParse(event);

    // Assert
    expect(result.success).toBe(false);
    expect(result.error && describeIssues(result.error)).toContain(expected);
  });

  it('rejects an unknown detail-type', () => {
    // Arrange
    const event = { 'detail-type': 'Invoice Paid Maybe', detail: {} };

    // Act
    const result = inboundEventSchema.safeParse(event);

    // Assert
    expect(result.success).toBe(false);
  });

  it('fills the defaults an ERP may leave out', () => {
    // Arrange
    if (!invoice) throw new Error('demo data missing');
    const { lineSummary: _omitted, ...minimal } = invoice;

    // Act
    const parsed = invoiceIssuedSchema.parse({
      ...minimal,
      customer: { ...minimal.customer, language: undefined },
    });

    // Assert
    expect(parsed.lineSummary).toEqual([]);
    expect(parsed.customer.language).toBe('de');
  });
});

describe('the outbound event contract', () => {
  it('carries no contact data of the customer', () => {
    // Arrange
    const outbound = Object.entries(eventJsonSchemas()).filter(([name]) => name.startsWith('outbound/'));

    // Act
    const mentionsContact = outbound.filter(([, schema]) =>
      /"(email|phone|contactName)":/i.test(JSON.stringify(schema)),
    );

    // Assert
    expect(outbound).toHaveLength(outboundEventSchema.options.length);
    expect(mentionsContact).toEqual([]);
  });
});

describe('the JSON Schemas for integrators', () => {
  it('are committed and match the zod schemas (run `npm run schemas` after a change)', async () => {
    // Arrange
    const expected = eventJsonSchemas();

    // Act
    const committed = await Promise.all(
      Object.keys(expected).map(async (name) =>
        JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'docs', 'schemas', name), 'utf8')),
      ),
    );

    // Assert
    expect(committed).toEqual(Object.values(expected));
    expect(Object.keys(expected)).toHaveLength(11);
  });
});
