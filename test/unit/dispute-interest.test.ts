import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { type CaseContext, type CaseEvent, openCase } from '../../functions/domain/case.js';
import { renderLetter } from '../../functions/domain/letters/index.js';
import { letterInputFor, statementOn } from '../../functions/domain/statement.js';
import { timelineText } from '../../functions/domain/timeline-text.js';
import { context, invoice, payment, reminder, run } from './case-fixtures.js';

/**
 * § 286 (4) BGB: no default while the debtor is not responsible for not paying. A dispute that turns out
 * justified means there was none; one that turns out unfounded does not stop default (the debtor bears the risk
 * of its own error), so the interest for the dispute period is owed unless the creditor waives it as goodwill.
 *
 * Every case below: 1,000.00 € payable by Monday 2 February 2026 by the calendar, so in default from 3 February
 * (§ 286 (2) Nr. 1); business debtor, base rate 1.27 % + 9 points = 10.27 % a year, act/365, each period
 * rounded half-up once: cents = principal × 1027 × days / 3,650,000.
 */
const contextWith = (interestDuringRejectedDispute: 'charge' | 'waive'): CaseContext => ({
  ...context,
  policy: { ...defaultPolicy, interestDuringRejectedDispute },
});
const start = () => openCase(invoice({ paymentDateIsCalendarDate: true }), context).case;
const raised: CaseEvent = { type: 'dispute-raised', reason: 'delivery incomplete', on: '2026-02-12' };
const rejected: CaseEvent = { type: 'dispute-resolved', resolution: 'rejected', on: '2026-03-12' };
// One cent on 14 March books the interest so far; it pays costs first (§ 367 BGB).
const bookingPayment = payment(1, '2026-03-14');

describe('interest for the period of a rejected dispute (§ 286 (4) BGB)', () => {
  it.each([
    {
      policy: 'charge' as const,
      events: [raised, rejected, bookingPayment],
      // 3-12 Feb: 10 days: 100000 × 1027 × 10 / 3650000 = 281.37 -> 281
      // 13 Feb-12 Mar, the dispute: 16 + 12 = 28 days: 100000 × 1027 × 28 / 3650000 = 787.84 -> 788
      // 13-14 Mar: 2 days: 100000 × 1027 × 2 / 3650000 = 56.27 -> 56
      lines: [
        ['2026-02-03', '2026-02-12', 100_000, 281],
        ['2026-02-13', '2026-03-12', 100_000, 788],
        ['2026-03-13', '2026-03-14', 100_000, 56],
      ],
      // 281 + 788 + 56; the cent paid the € 40 lump sum (costs first)
      interestCents: 1125,
    },
    {
      policy: 'waive' as const,
      events: [raised, rejected, bookingPayment],
      lines: [
        ['2026-02-03', '2026-02-12', 100_000, 281],
        ['2026-03-13', '2026-03-14', 100_000, 56],
      ],
      interestCents: 337,
    },
    {
      policy: 'charge' as const,
      // 500.00 € arrive on 20 February, while the dispute is open: it pays the lump sum 4000, the booked
      // interest 281 and 50000 - 4281 = 45719 principal (none of the dispute's interest is owed yet), so the
      // principal is 54281 from 21 February.
      events: [raised, payment(50_000, '2026-02-20'), rejected, bookingPayment],
      // 13-20 Feb: 8 days on 100000: 100000 × 1027 × 8 / 3650000 = 225.10 -> 225
      // 21 Feb-12 Mar: 8 + 12 = 20 days on 54281: 54281 × 1027 × 20 / 3650000 = 305.46 -> 305
      // 13-14 Mar: 2 days on 54281: 54281 × 1027 × 2 / 3650000 = 30.55 -> 31
      lines: [
        ['2026-02-03', '2026-02-12', 100_000, 281],
        ['2026-02-13', '2026-02-20', 100_000, 225],
        ['2026-02-21', '2026-03-12', 54_281, 305],
        ['2026-03-13', '2026-03-14', 54_281, 31],
      ],
      // 225 + 305 + 31, less the cent paid on 14 March (no costs left, so it pays interest)
      interestCents: 560,
    },
    {
      policy: 'waive' as const,
      events: [raised, payment(50_000, '2026-02-20'), rejected, bookingPayment],
      lines: [
        ['2026-02-03', '2026-02-12', 100_000, 281],
        ['2026-03-13', '2026-03-14', 54_281, 31],
      ],
      interestCents: 30,
    },
  ])(
    'with the policy "$policy" books $lines.length interest periods after $events.length events',
    ({ policy, events, lines, interestCents }) => {
      // Arrange
      const ctx = contextWith(policy);

      // Act
      const { case: after } = run(events, start(), ctx);

      // Assert
      expect(
        after.interestLines.map((line) => [line.from, line.through, line.principalCents, line.cents]),
      ).toEqual(lines);
      expect(after.balance.interestCents).toBe(interestCents);
      expect(after.disputes[0]?.interest).toBe(policy === 'charge' ? 'charged' : 'waived');
    },
  );

  it('charges nothing while the dispute is open: the statement shows no interest after it was raised', () => {
    // Arrange
    const { case: disputed } = run([raised], start(), contextWith('charge'));

    // Act
    const statement = statementOn(disputed, '2026-03-01', contextWith('charge'));

    // Assert: only 3-12 Feb (281), booked when the dispute was raised; nothing pending for the dispute's days
    expect(statement.pendingInterestCents).toBe(0);
    expect(statement.interestLines.map((line) => line.cents)).toEqual([281]);
  });

  it('drops the interest held back when the dispute is upheld: there was no default', () => {
    // Arrange, Act
    const { case: cancelled } = run(
      [raised, { type: 'dispute-resolved', resolution: 'upheld', on: '2026-03-12' }],
      start(),
      contextWith('charge'),
    );

    // Assert
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.interestLines.map((line) => line.cents)).toEqual([281]);
    expect(cancelled.disputes[0]?.interest).toBeUndefined();
  });

  it.each([
    {
      policy: 'charge' as const,
      german:
        'Einwand zurückgewiesen; § 286 Abs. 4 BGB: Verzug bestand fort; Zinsen für die Dauer des Einwands berechnet (7,88 €)',
      letter: 'Da er unbegründet war, bestand Ihr Verzug fort (§ 286 Abs. 4 BGB)',
    },
    {
      policy: 'waive' as const,
      german: 'Einwand zurückgewiesen; Zinsen für die Dauer des Einwands (7,88 €) aus Kulanz erlassen',
      letter: 'Die Verzugszinsen für die Dauer des Einwands erlassen wir Ihnen aus Kulanz.',
    },
  ])(
    'cites the rule on the timeline and in the next reminder only, with the policy "$policy"',
    ({ policy, german, letter }) => {
      // Arrange
      const ctx = contextWith(policy);
      const resolved = run([raised, rejected], start(), ctx);
      const resolution = resolved.timeline.find(
        (entry) => (entry as { type: string }).type === 'dispute-resolved',
      ) as Parameters<typeof timelineText>[0];

      // Act
      const afterFirst = run([reminder(0, '2026-03-13')], resolved.case, ctx).case;
      const afterSecond = run([reminder(1, '2026-03-20')], afterFirst, ctx).case;
      const [first, second] = [
        renderLetter(letterInputFor(afterFirst, '2026-03-13', ctx)).text,
        renderLetter(letterInputFor(afterSecond, '2026-03-20', ctx)).text,
      ];

      // Assert: 28 days held back: 788 cents
      expect(timelineText(resolution, 'de', defaultPolicy).replaceAll('\u00a0', ' ')).toBe(german);
      expect(first).toContain(letter);
      expect(second).not.toContain('Einwand');
    },
  );
});
