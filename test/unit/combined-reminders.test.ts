import { describe, expect, it } from 'vitest';
import type { DunningCase } from '../../functions/domain/case.js';
import {
  combinedLetterInputFor,
  dueEmailReminderLevel,
  entriesOfDay,
} from '../../functions/domain/combined-reminders.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { parsePolicy } from '../../functions/domain/policy.js';
import { invoice as baseInvoice, reminder } from './case-fixtures.js';
import { caseAfter, defaultContext } from './fixtures.js';

/** An invoice of Stahlbau Nord GmbH due Monday 2 February 2026; its first reminder is due Thursday 5 February. */
const invoiceOf = (invoiceId: string, patch: Partial<InvoiceIssued> = {}): InvoiceIssued => {
  const base = baseInvoice();
  return {
    ...base,
    invoiceId,
    invoiceNumber: `RE-${invoiceId}`,
    customer: { ...base.customer, id: 'cust-stahlbau-nord', name: 'Stahlbau Nord GmbH' },
    ...patch,
  };
};
const fresh = (invoiceId: string, patch: Partial<InvoiceIssued> = {}) =>
  caseAfter(invoiceOf(invoiceId, patch), []);

describe('which email reminder a case is due for within the window', () => {
  it.each<[string, number | undefined, string]>([
    ['2026-01-30', undefined, 'before the due date'],
    ['2026-02-02', undefined, 'on the due date a reminder would have no effect'],
    ['2026-02-03', 0, 'two business days before its date'],
    ['2026-02-05', 0, 'on its date'],
    ['2026-02-12', 0, 'after its date (its execution is late)'],
  ])('on %s is %s (%s)', (today, expected) => {
    // Arrange
    const dunningCase = fresh('inv-1');

    // Act
    const level = dueEmailReminderLevel(dunningCase, today, defaultContext);

    // Assert
    expect(level).toBe(expected);
  });

  it('is none three business days ahead, beyond the default window of two', () => {
    // Arrange: the due date is a week later, so the first reminder is due Thursday 12 February
    const dunningCase = fresh('inv-1', { dueDate: '2026-02-09' });

    // Act
    const level = dueEmailReminderLevel(dunningCase, '2026-02-09', defaultContext);

    // Assert
    expect(level).toBeUndefined();
  });

  it('follows the policy window', () => {
    // Arrange
    const policy = parsePolicy({
      ...defaultContext.policy,
      combineReminders: { enabled: true, windowBusinessDays: 0 },
    });
    const dunningCase = fresh('inv-1');

    // Act
    const early = dueEmailReminderLevel(dunningCase, '2026-02-04', { ...defaultContext, policy });
    const onTheDay = dueEmailReminderLevel(dunningCase, '2026-02-05', { ...defaultContext, policy });

    // Assert
    expect([early, onTheDay]).toEqual([undefined, 0]);
  });

  it('is none for a paid case, a case worked by phone after a bounce, and a letter level', () => {
    // Arrange
    const paid = caseAfter(invoiceOf('paid'), [
      {
        type: 'payment-received',
        paymentId: 'pay-1',
        cents: 100_000,
        on: '2026-02-03',
        allocation: 'statutory',
      },
    ]);
    const bounced = caseAfter(invoiceOf('bounced'), [{ type: 'email-bounced', on: '2026-02-03' }]);
    const atFinalNotice: DunningCase = { ...fresh('final'), nextLevelIndex: 3, lastActionOn: '2026-02-03' };

    // Act
    const levels = [paid, bounced, atFinalNotice].map((dunningCase) =>
      dueEmailReminderLevel(dunningCase, '2026-02-20', defaultContext),
    );

    // Assert
    expect(levels).toEqual([undefined, undefined, undefined]);
  });
});

describe('the entries of the customer mail of a day', () => {
  it('lists the claiming case first, then the due cases sharing its address, each at its own level', () => {
    // Arrange
    const self = fresh('self');
    const second = caseAfter(invoiceOf('second', { dueDate: '2026-01-26' }), [reminder(0, '2026-01-29')]);
    const otherAddress = fresh('other-address', {
      customer: { ...invoiceOf('x').customer, email: 'einkauf@stahlbau-nord.example' },
    });
    const notYetDue = fresh('later', { dueDate: '2026-02-20' });

    // Act
    const entries = entriesOfDay(self, 0, [second, otherAddress, notYetDue], '2026-02-05', defaultContext);

    // Assert
    expect(entries).toEqual([
      { invoiceId: 'self', levelIndex: 0 },
      { invoiceId: 'second', levelIndex: 1 },
    ]);
  });
});

describe('the combined letter input of reminded cases', () => {
  it('gives each invoice the account its own reminder shows and totals them to the cent', () => {
    // Arrange: both reminded today, one at its first and one at its second reminder
    const first = caseAfter(invoiceOf('first'), [reminder(0, '2026-02-05')]);
    const second = caseAfter(
      invoiceOf('second', { dueDate: '2026-01-26', amount: { cents: 250_050, currency: 'EUR' } }),
      [reminder(0, '2026-01-29'), reminder(1, '2026-02-05')],
    );

    // Act
    const input = combinedLetterInputFor([first, second], '2026-02-05', defaultContext);

    // Assert
    expect(
      input.invoices.map(({ invoiceNumber, kind, reminderNumber }) => [invoiceNumber, kind, reminderNumber]),
    ).toEqual([
      ['RE-first', 'reminder', 1],
      ['RE-second', 'reminder', 2],
    ]);
    const [one, two] = input.invoices;
    expect(one?.totalCents).toBe(
      (one?.principalCents ?? 0) +
        (one?.interestLines ?? []).reduce((sum, line) => sum + line.cents, 0) +
        (one?.costLines ?? []).reduce((sum, line) => sum + line.cents, 0),
    );
    expect(two?.costLines).toEqual([{ kind: 'lump-sum', cents: 4_000 }]);
    expect(input.totalCents).toBe((one?.totalCents ?? 0) + (two?.totalCents ?? 0));
    expect(input.customerName).toBe('Stahlbau Nord GmbH');
  });
});
