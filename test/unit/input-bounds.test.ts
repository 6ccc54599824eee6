import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import policyJson from '../../config/policy.json' with { type: 'json' };
import { agingReportSchema } from '../../functions/api/report-schemas.js';
import { invoiceIdParamsSchema } from '../../functions/api/schemas.js';
import { taskDetailSchema } from '../../functions/api/task-schemas.js';
import { inboundEventSchema } from '../../functions/domain/inbound-events.js';
import {
  DATE_WINDOW,
  inputDateSchema,
  inputIdSchema,
  inputInstantSchema,
  inputTextSchema,
  MAX_AMOUNT_CENTS,
  MAX_SUMMED_INVOICES,
} from '../../functions/domain/input-bounds.js';
import { computeInterest } from '../../functions/domain/interest.js';
import { outcomeLimitProblem, type TaskOutcome } from '../../functions/domain/outcomes.js';
import { describeIssues, parsePolicy } from '../../functions/domain/policy.js';
import { caseChangeFor } from '../../functions/workflow/inbound.js';

/** C0 and C1 controls, DEL, bidirectional marks, embeddings, overrides and isolates: never in an id or text. */
const unsafeCharacters = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  ...Array.from({ length: 0x21 }, (_, offset) => 0x7f + offset),
  0x061c,
  0x200e,
  0x200f,
  ...Array.from({ length: 5 }, (_, offset) => 0x202a + offset),
  ...Array.from({ length: 4 }, (_, offset) => 0x2066 + offset),
].map((code) => String.fromCodePoint(code));

const unsafe = fc.constantFrom(...unsafeCharacters);
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

describe('the date window', () => {
  it.each([
    ['the first day', DATE_WINDOW.from, true],
    ['the last day', DATE_WINDOW.through, true],
    ['the day before', '1999-12-31', false],
    ['the day after', '2100-01-01', false],
    ['year 0001', '0001-01-01', false],
    ['year 9999', '9999-12-31', false],
  ])('takes %s as a date only inside 2000-01-01..2099-12-31', (_name, date, accepted) => {
    // Arrange, Act
    const result = inputDateSchema.safeParse(date);

    // Assert
    expect(result.success).toBe(accepted);
  });

  it.each([
    ['a date in German notation', inputDateSchema, '31.02.2026'],
    ['an impossible date', inputDateSchema, '2026-02-31'],
    ['a timestamp without offset', inputInstantSchema, '2126-03-17T14:30:00'],
  ])('names only the format, not the window, for %s', (_name, schema, value) => {
    // Arrange, Act
    const messages = schema.safeParse(value).error?.issues.map((issue) => issue.message);

    // Assert
    expect(messages).toHaveLength(1);
    expect(messages?.[0]).toMatch(/^must be (a calendar date|an ISO 8601 timestamp)/);
  });

  it.each([
    ['the first moment in Berlin', '2000-01-01T00:00:00+01:00', true],
    ['the last moment in UTC', '2099-12-31T23:59:59Z', true],
    ['a moment in 1970', '1970-01-01T00:00:00Z', false],
    ['a moment in year 9999', '9999-12-31T10:00:00+01:00', false],
  ])('takes %s as an instant only inside the window', (_name, instant, accepted) => {
    // Arrange, Act
    const result = inputInstantSchema.safeParse(instant);

    // Assert
    expect(result.success).toBe(accepted);
  });
});

describe('texts and ids', () => {
  it('refuses any text with a control or bidirectional character inside, naming its code point', () => {
    fc.assert(
      fc.property(anyText, unsafe, anyText, (before, character, after) => {
        // Arrange
        const text = `a${before}${character}${after}z`;

        // Act
        const result = inputTextSchema(200).safeParse(text);

        // Assert
        expect(result.success).toBe(false);
        expect(result.error?.issues.map((issue) => issue.message).join()).toMatch(
          /control character U\+[0-9A-F]{4}|valid Unicode|at most 200/,
        );
      }),
    );
  });

  it('refuses an invoice id in a request path with a control or bidirectional character', () => {
    // Arrange
    const ids = ['RE\u00071', 'RE-\u202E1', 'RE-2026/0001'];

    // Act
    const results = ids.map((invoiceId) => invoiceIdParamsSchema.safeParse({ invoiceId }).success);

    // Assert
    expect(results).toEqual([false, false, true]);
  });

  it('refuses an unpaired surrogate, which is not text at all', () => {
    // Arrange, Act
    const result = inputIdSchema.safeParse('RE-\uD800-1');

    // Assert
    expect(result.error?.issues[0]?.message).toBe('must be valid Unicode text');
  });

  it('takes every text of safe characters as it is, trimmed', () => {
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'binary', minLength: 1, maxLength: 200 })
          .filter((text) => !/[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(text))
          .filter((text) => text.trim().length > 0),
        (text) => {
          // Arrange, Act
          const result = inputTextSchema(200).safeParse(text);

          // Assert
          expect(result.data).toBe(text.trim());
        },
      ),
    );
  });

  it('lets a multi-line note keep its line feeds and nothing else', () => {
    // Arrange
    const note = inputTextSchema(2000, { min: 0, multiline: true });

    // Act
    const results = ['Rückruf morgen\nFrau Jürgens zahlt 1.234,56 €', 'Zeile\r\nZeile', 'Tab\tTab'].map(
      (text) => note.safeParse(text).success,
    );

    // Assert
    expect(results).toEqual([true, false, false]);
  });

  it.each(['RE-2026/0001', 'K_4711.b', 'Müller-Straße/ß', 'ÄÖÜ äöü €'])('keeps the id %s', (id) => {
    // Arrange, Act
    const result = inputIdSchema.safeParse(id);

    // Assert
    expect(result.data).toBe(id);
  });

  it('sends an inbound event with an injected character to the dead letters, naming the field', () => {
    fc.assert(
      fc.property(unsafe, (character) => {
        // Arrange
        const envelope = {
          id: 'evt-1',
          source: 'erp.accounting',
          'detail-type': 'Dunning Block Set',
          detail: { invoiceId: 'RE-1', reason: `Reklamation ${character} offen`, setOn: '2026-03-02' },
        };

        // Act
        const change = () => caseChangeFor(envelope, '2026-03-02');

        // Assert
        expect(change).toThrow(/invalid case event: detail\.reason: must not contain/);
      }),
    );
  });
});

/**
 * The most one invoice of MAX_AMOUNT_CENTS can ever owe: a century of B2B default interest at a base rate above
 * every Basiszinssatz so far (the highest was 4.26 % in 2000/2001), plus every fee a policy may charge.
 */
function worstOpenCentsOfOneInvoice(): number {
  const interest = computeInterest({
    principalCents: MAX_AMOUNT_CENTS,
    from: DATE_WINDOW.from,
    through: DATE_WINDOW.through,
    consumer: false,
    dayCount: 'act/act',
    table: { source: 'ceiling', rates: [{ validFrom: DATE_WINDOW.from, percent: '5.00' }] },
  });
  const feesAndLumpSum = 20 * 500 + 4_000;
  return MAX_AMOUNT_CENTS + interest.cents + feesAndLumpSum;
}

describe('the largest amount', () => {
  it('keeps a customer exposure over MAX_SUMMED_INVOICES worst-case invoices a safe integer', () => {
    // Arrange
    const worst = worstOpenCentsOfOneInvoice();

    // Act
    const exposure = worst * MAX_SUMMED_INVOICES;

    // Assert
    expect(worst).toBeGreaterThan(14 * MAX_AMOUNT_CENTS);
    expect(Number.isSafeInteger(exposure)).toBe(true);
  });

  it('lets the response schemas that sum amounts take such a sum', () => {
    // Arrange
    const worst = worstOpenCentsOfOneInvoice();
    const openCases = Array.from({ length: MAX_SUMMED_INVOICES }, (_, index) => ({
      invoiceId: `RE-${index}`,
      invoiceNumber: `RE-${index}`,
      status: 'open' as const,
      openCents: worst,
    }));
    const totalOpenCents = openCases.reduce((sum, open) => sum + open.openCents, 0);

    // Act
    const exposure = taskDetailSchema.shape.exposure.safeParse({
      openCases: openCases.slice(0, 20),
      more: true,
      openCaseCount: openCases.length,
      totalOpenCents,
      totalsAsOf: '2099-12-31T12:00:00Z',
    });
    const aging = agingReportSchema.safeParse({
      asOf: '2099-12-31',
      computedAt: '2099-12-31T12:00:00Z',
      buckets: [{ label: 'over 90 days', count: MAX_SUMMED_INVOICES, openCents: totalOpenCents }],
    });

    // Assert
    expect([exposure.success, aging.success]).toEqual([true, true]);
  });

  it('refuses a cent more than 1 bn EUR on an invoice and takes exactly 1 bn EUR', () => {
    // Arrange
    const invoice = (cents: number) => ({
      'detail-type': 'Payment Received',
      detail: {
        paymentId: 'P-1',
        invoiceId: 'RE-1',
        amount: { cents, currency: 'EUR' },
        receivedOn: '2026-03-02',
      },
    });

    // Act
    const results = [MAX_AMOUNT_CENTS, MAX_AMOUNT_CENTS + 1].map((cents) =>
      inboundEventSchema.safeParse(invoice(cents)),
    );

    // Assert
    expect(results[0]?.success).toBe(true);
    expect(results[1]?.error && describeIssues(results[1].error)).toEqual([
      'detail.amount.cents: must be at most 1,000,000,000.00 EUR',
    ]);
  });
});

describe('the policy texts that leave on the bus', () => {
  it('refuses an Inkasso agency name with a control character at start-up, not at the handover', () => {
    // Arrange
    const policy = { ...policyJson, inkassoAgency: 'Beispiel\tInkasso' };

    // Act
    const parse = () => parsePolicy(policy);

    // Assert
    expect(parse).toThrow('inkassoAgency: must not contain control character U+0009');
  });
});

describe('the policy limit on callbacks', () => {
  const limits = { callback: { maxDaysAhead: 30 } };
  const callback = (callbackAt: string): TaskOutcome => ({
    type: 'callback',
    callbackAt,
    dissatisfied: false,
  });

  it.each([
    ['later today', '2026-03-16T17:00:00+01:00', undefined],
    ['30 days ahead', '2026-04-15T09:00:00+02:00', undefined],
    ['31 days ahead', '2026-04-16T09:00:00+02:00', 'must lie at most 30 days ahead (by 2026-04-15)'],
    ['yesterday', '2026-03-15T09:00:00+01:00', 'must not lie before 2026-03-16'],
    // 23:30 UTC on the 15th is already the 16th in Berlin.
    ['late on the UTC day before', '2026-03-15T23:30:00Z', undefined],
  ])('on 2026-03-16 judges a callback %s', (_name, callbackAt, message) => {
    // Arrange, Act
    const problem = outcomeLimitProblem(callback(callbackAt), '2026-03-16', limits);

    // Assert
    expect(problem?.message).toBe(message);
  });

  it('comes from the policy, 30 days by default', () => {
    // Arrange
    const { callback: _omitted, ...withoutCallback } = policyJson;

    // Act
    const policy = parsePolicy(withoutCallback);

    // Assert
    expect(policy.callback.maxDaysAhead).toBe(30);
    expect(() => parsePolicy({ ...policyJson, callback: { maxDaysAhead: 0 } })).toThrow(
      /callback\.maxDaysAhead/,
    );
    expect(() =>
      parsePolicy({ ...policyJson, installments: { ...policyJson.installments, maxRates: 61 } }),
    ).toThrow(/installments\.maxRates/);
  });
});
