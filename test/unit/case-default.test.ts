import { describe, expect, it } from 'vitest';
import { openCase } from '../../functions/domain/case.js';
import { context, invoice, payment, reminder, run } from './case-fixtures.js';

/**
 * How a case finds its default date from the invoice and the reminders it sends. The invoice of case-fixtures
 * goes to a business debtor in Bayern (the creditor of the shipped policy sits in Nordrhein-Westfalen), issued
 * Thu 15 Jan 2026, due Mon 2 Feb 2026, 1,000.00 EUR, without a calendar payment date.
 */
describe("the case's default date", () => {
  it('lets a later reminder start the default when the first one went out on the due date (§ 286 (1) BGB)', () => {
    // Arrange: the 30 days run from the due date (the invoice counts as received Wed 21 Jan, the fourth business
    // day), so without a reminder default starts the day after Wed 4 Mar (2 Feb + 30 days).
    const start = openCase(invoice(), context).case;

    // Act: a reminder on the due date itself has no effect; the email of Mon 9 Feb is received Tue 10 Feb
    const onDueDate = run([reminder(0, '2026-02-02')], start).case;
    const { case: reminded, timeline } = run([reminder(1, '2026-02-09')], onDueDate);

    // Assert
    expect(start.defaultStart).toMatchObject({ basis: 'thirty-days', date: '2026-03-05' });
    expect(onDueDate.defaultStart).toEqual(start.defaultStart);
    expect(reminded.defaultStart).toEqual({
      basis: 'reminder',
      legalReference: '§ 286 Abs. 1 BGB',
      date: '2026-02-10',
      interestFrom: '2026-02-11',
    });
    expect(timeline).toContainEqual(
      expect.objectContaining({
        type: 'default-started',
        data: { date: '2026-02-10', legalReference: '§ 286 Abs. 1 BGB' },
      }),
    );
  });

  it('charges interest from the day after the receipt of that later reminder through the day of payment', () => {
    // Arrange
    const reminded = run([reminder(0, '2026-02-02'), reminder(1, '2026-02-09')]).case;

    // Act
    const paid = run([payment(100_000, '2026-03-02')], reminded).case;

    // Assert: 11 Feb through 2 Mar = 18 + 2 = 20 days at 1.27 % + 9 points = 10.27 % (B2B);
    // 100,000 cents x 10.27 % x 20 / 365 = 562.74 -> 563 cents
    expect(paid.interestLines).toEqual([
      expect.objectContaining({ from: '2026-02-11', through: '2026-03-02', days: 20, cents: 563 }),
    ]);
  });

  it('moves a calendar payment date on Mariä Himmelfahrt at the Bavarian debtor (§§ 193, 269, 270 (4) BGB)', () => {
    // Arrange: Fri 15 Aug 2025 is a holiday in the Catholic municipalities of Bayern, not in Nordrhein-Westfalen
    const issued = invoice({
      issueDate: '2025-07-15',
      dueDate: '2025-08-15',
      paymentDateIsCalendarDate: true,
    });

    // Act
    const { case: opened } = openCase(issued, context);

    // Assert: payable Mon 18 Aug after the weekend, so in default from Tue 19 Aug
    expect(opened.defaultStart).toEqual({
      basis: 'calendar-date',
      legalReference: '§§ 286 Abs. 2 Nr. 1, 193 BGB',
      date: '2025-08-19',
      interestFrom: '2025-08-19',
    });
  });
});
