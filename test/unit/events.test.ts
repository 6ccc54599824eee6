import { describe, expect, it } from 'vitest';
import { invoiceIssuedSchema } from '../../functions/domain/events.js';
import { inboundEventSchema } from '../../functions/domain/inbound-events.js';
import { MAX_AMOUNT_CENTS } from '../../functions/domain/input-bounds.js';
import { describeIssues } from '../../functions/domain/policy.js';
import { demoInvoices } from '../../local/demo-invoices.js';

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
    [
      'a German postal address with a four-digit postal code',
      {
        customer: {
          ...invoice?.customer,
          postalAddress: {
            nameLines: ['Kunde GmbH'],
            street: 'Weg 1',
            postalCode: '1234',
            city: 'Bonn',
            countryCode: 'DE',
          },
        },
      },
      'detail.customer.postalAddress.postalCode: must be five digits for an address in Germany',
    ],
    [
      'a postal address abroad without its country',
      {
        customer: {
          ...invoice?.customer,
          postalAddress: {
            nameLines: ['Client SARL'],
            street: 'Rue 1',
            postalCode: '75001',
            city: 'Paris',
            countryCode: 'FR',
          },
        },
      },
      'detail.customer.postalAddress.country: is required for an address abroad',
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

  it('keeps the postal address of an invoice for its posted letters', () => {
    // Arrange
    const postalAddress = {
      nameLines: ['Kunde GmbH', 'Buchhaltung'],
      street: 'Weg 1',
      postalCode: '53111',
      city: 'Bonn',
      countryCode: 'DE',
    };

    // Act
    const parsed = invoiceIssuedSchema.parse({
      ...invoice,
      customer: { ...invoice?.customer, postalAddress },
    });

    // Assert
    expect(parsed.customer.postalAddress).toEqual(postalAddress);
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

const customer = invoice?.customer;
const payment = {
  paymentId: 'PAY-1',
  invoiceId: 'RE-1',
  amount: { cents: 100, currency: 'EUR' },
  receivedOn: '2026-03-02',
};
const WINDOW = 'must lie between 2000-01-01 and 2099-12-31';
const TOO_MUCH = 'must be at most 1,000,000,000.00 EUR';
const control = (code: string) => `must not contain control character ${code}`;
const bidi = (code: string) => `must not contain bidirectional control character ${code}`;

describe('the bounds of inbound events', () => {
  it.each<[name: string, detailType: string, detail: Record<string, unknown>, expected: string]>([
    [
      'an issue date in year 0001',
      'Invoice Issued',
      { ...invoice, issueDate: '0001-01-01' },
      `detail.issueDate: ${WINDOW}`,
    ],
    [
      'a due date in year 9999',
      'Invoice Issued',
      { ...invoice, dueDate: '9999-12-31' },
      `detail.dueDate: ${WINDOW}`,
    ],
    [
      'an order date before 2000',
      'Invoice Issued',
      { ...invoice, orderDate: '1999-12-31' },
      `detail.orderDate: ${WINDOW}`,
    ],
    [
      'a performance date after 2099',
      'Invoice Issued',
      { ...invoice, performanceDate: '2100-01-01' },
      `detail.performanceDate: ${WINDOW}`,
    ],
    [
      'an amount above 1 bn EUR',
      'Invoice Issued',
      { ...invoice, amount: { cents: MAX_AMOUNT_CENTS + 1, currency: 'EUR' } },
      `detail.amount.cents: ${TOO_MUCH}`,
    ],
    [
      'an amount beyond safe integers',
      'Invoice Issued',
      { ...invoice, amount: { cents: 2 ** 60, currency: 'EUR' } },
      'detail.amount.cents: must be whole cents',
    ],
    [
      'a NUL in the invoice id',
      'Invoice Issued',
      { ...invoice, invoiceId: 'RE-1\u0000' },
      `detail.invoiceId: ${control('U+0000')}`,
    ],
    [
      'a right-to-left override in the invoice number',
      'Invoice Issued',
      { ...invoice, invoiceNumber: 'RE-\u202E1002' },
      `detail.invoiceNumber: ${bidi('U+202E')}`,
    ],
    [
      'a left-to-right mark in the invoice number',
      'Invoice Issued',
      { ...invoice, invoiceNumber: 'RE\u200E-1' },
      `detail.invoiceNumber: ${bidi('U+200E')}`,
    ],
    [
      'a right-to-left isolate in the order number',
      'Invoice Issued',
      { ...invoice, orderNumber: 'B\u2067-7' },
      `detail.orderNumber: ${bidi('U+2067')}`,
    ],
    [
      'an escape in the customer id',
      'Invoice Issued',
      { ...invoice, customer: { ...customer, id: 'K\u001b[31m' } },
      `detail.customer.id: ${control('U+001B')}`,
    ],
    [
      'a C1 next-line in the customer name',
      'Invoice Issued',
      { ...invoice, customer: { ...customer, name: 'Muster\u0085GmbH' } },
      `detail.customer.name: ${control('U+0085')}`,
    ],
    [
      'a line feed in the customer name',
      'Invoice Issued',
      { ...invoice, customer: { ...customer, name: 'Muster\nGmbH' } },
      `detail.customer.name: ${control('U+000A')}`,
    ],
    [
      'an embedding in the contact name',
      'Invoice Issued',
      { ...invoice, customer: { ...customer, contactName: 'Frau \u202AAlbers' } },
      `detail.customer.contactName: ${bidi('U+202A')}`,
    ],
    [
      'a DEL in the sales rep name',
      'Invoice Issued',
      { ...invoice, customer: { ...customer, salesRep: { name: 'Jonas\u007f', email: 'j@example.com' } } },
      `detail.customer.salesRep.name: ${control('U+007F')}`,
    ],
    [
      'a pop isolate in a line of the summary',
      'Invoice Issued',
      { ...invoice, lineSummary: ['Wartung', 'Teile\u2069'] },
      `detail.lineSummary[1]: ${bidi('U+2069')}`,
    ],
    [
      'a value date in 1970',
      'Payment Received',
      { ...payment, receivedOn: '1970-01-01' },
      `detail.receivedOn: ${WINDOW}`,
    ],
    [
      'a payment above 1 bn EUR',
      'Payment Received',
      { ...payment, amount: { cents: MAX_AMOUNT_CENTS + 1, currency: 'EUR' } },
      `detail.amount.cents: ${TOO_MUCH}`,
    ],
    [
      'a tab in the payment id',
      'Payment Received',
      { ...payment, paymentId: 'PAY\t1' },
      `detail.paymentId: ${control('U+0009')}`,
    ],
    [
      'a cancellation effective after 2099',
      'Invoice Cancelled',
      { invoiceId: 'RE-1', kind: 'credit-note', effectiveOn: '2100-01-01' },
      `detail.effectiveOn: ${WINDOW}`,
    ],
    [
      'an embedding in the credit note number',
      'Invoice Cancelled',
      { invoiceId: 'RE-1', kind: 'credit-note', documentNumber: 'GS\u202B-1', effectiveOn: '2026-03-02' },
      `detail.documentNumber: ${bidi('U+202B')}`,
    ],
    [
      'a bell in the block reason',
      'Dunning Block Set',
      { invoiceId: 'RE-1', reason: 'Reklamation\u0007', setOn: '2026-03-02' },
      `detail.reason: ${control('U+0007')}`,
    ],
    [
      'a block set in year 0001',
      'Dunning Block Set',
      { invoiceId: 'RE-1', reason: 'Reklamation', setOn: '0001-01-01' },
      `detail.setOn: ${WINDOW}`,
    ],
    [
      'a block released in year 9999',
      'Dunning Block Released',
      { invoiceId: 'RE-1', releasedOn: '9999-12-31' },
      `detail.releasedOn: ${WINDOW}`,
    ],
    [
      'a credit note of no amount',
      'Invoice Credited',
      {
        invoiceId: 'RE-1',
        creditNoteId: 'GS-1',
        amount: { cents: 0, currency: 'EUR' },
        creditedOn: '2026-03-02',
      },
      'detail.amount.cents: must be at least 1 cent',
    ],
    [
      'a credit note without its id',
      'Invoice Credited',
      { invoiceId: 'RE-1', amount: { cents: 100, currency: 'EUR' }, creditedOn: '2026-03-02' },
      'detail.creditNoteId: Invalid input: expected string, received undefined',
    ],
    [
      'a dispute raised in year 9999',
      'Dispute Raised',
      { invoiceId: 'RE-1', reason: 'Ware beschädigt', raisedOn: '9999-12-31' },
      `detail.raisedOn: ${WINDOW}`,
    ],
    [
      'a customer block without the customer',
      'Customer Dunning Block Set',
      { blockId: 'B-1', reason: 'Vergleich', setOn: '2026-03-02' },
      'detail.customerId: Invalid input: expected string, received undefined',
    ],
    [
      'a bell in the id of a customer block released',
      'Customer Dunning Block Released',
      { customerId: 'C-1', blockId: 'B\u0007', releasedOn: '2026-03-02' },
      `detail.blockId: ${control('U+0007')}`,
    ],
    [
      'a right-to-left mark in the invoice id of a release',
      'Dunning Block Released',
      { invoiceId: '\u200FRE-1', releasedOn: '2026-03-02' },
      `detail.invoiceId: ${bidi('U+200F')}`,
    ],
  ])('refuses %s and names the field', (_name, detailType, detail, expected) => {
    // Arrange
    const event = { 'detail-type': detailType, detail };

    // Act
    const result = inboundEventSchema.safeParse(event);

    // Assert
    expect(result.success).toBe(false);
    expect(result.error && describeIssues(result.error)).toContain(expected);
  });

  it('keeps German text, the euro sign, the edges of the window and the largest amount', () => {
    // Arrange
    const event = invoiceEvent({
      invoiceId: 'RE-2026/0001.a_b',
      invoiceNumber: 'RE 2026/0001',
      issueDate: '2000-01-01',
      dueDate: '2099-12-31',
      amount: { cents: MAX_AMOUNT_CENTS, currency: 'EUR' },
      customer: { ...customer, name: 'Müller & Söhne Straßenbau GmbH', contactName: 'Frau Jürgens' },
      lineSummary: ['Fräsarbeiten à 1.234,56 € – Maß „groß“'],
    });

    // Act
    const result = inboundEventSchema.safeParse(event);

    // Assert
    expect(result.error && describeIssues(result.error)).toBeUndefined();
    expect(result.success).toBe(true);
  });
});
