import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { type CaseContext, type CaseEvent, openCase } from '../../functions/domain/case.js';
import { inkassoCaseFileFor } from '../../functions/domain/handover.js';
import { renderLetter } from '../../functions/domain/letters/index.js';
import { letterInputFor } from '../../functions/domain/statement.js';
import { timelineText } from '../../functions/domain/timeline-text.js';
import { consumer, context, invoice, payment, run } from './case-fixtures.js';

/**
 * An agreed installment plan defers the claim (Stundung): no default interest while it is kept. Each rate has a
 * date by the calendar, so a missed rate is in default from the day after that date (§ 286 (2) Nr. 1 BGB, a
 * weekend date moved to the next working day by § 193 BGB); the rest only once it falls due on its own date,
 * or, with an acceleration clause (Verfallklausel), all at once when the plan defaults.
 *
 * The business case below: 1,000.00 € payable by Monday 2 February 2026 by the calendar, in default from
 * 3 February. Plan agreed on 10 February: interest 3-10 February, 8 days: 100000 × 1027 × 8 / 3650000 = 225.10
 * -> 225 is booked into it, so 100,225 cents are open and the rates are 400.00 € on 2 March, 300.00 € on
 * 1 April and 302.25 € on 4 May. Rates count as principal last (§ 367 BGB: the first 225 cents of the rates
 * pay the interest), so the principal not yet due on a day is the sum of the rates not yet due, at most the
 * open principal: from 3 March 1000.00 - 602.25 = 397.75 € is in default, from 2 April 1000.00 - 302.25 =
 * 697.75 €, from 5 May all of it. Rate 10.27 % (1.27 % + 9 points), act/365, each period rounded half-up once:
 * cents = principal × 1027 × days / 3650000. The plan defaults on 10 March; one cent on 20 May books the rest.
 */
const rates = [
  { dueDate: '2026-03-02', cents: 40_000 },
  { dueDate: '2026-04-01', cents: 30_000 },
  { dueDate: '2026-05-04', cents: 30_225 },
];
const agreed = (planRates = rates): CaseEvent => ({
  type: 'installments-agreed',
  rates: planRates,
  on: '2026-02-10',
});
const defaulted: CaseEvent = { type: 'installments-defaulted', on: '2026-03-10' };
const erpBlock: CaseEvent = { type: 'hold-set', reason: 'ERP block', on: '2026-03-03', owner: 'erp' };
const erpRelease: CaseEvent = { type: 'hold-released', on: '2026-03-06', owner: 'erp' };
const contextWith = (accelerationClause: boolean): CaseContext => ({
  ...context,
  policy: { ...defaultPolicy, installments: { ...defaultPolicy.installments, accelerationClause } },
});
const start = () =>
  openCase(invoice({ paymentDateIsCalendarDate: true, orderDate: '2026-01-10' }), context).case;
const beforeAgreement = ['2026-02-03', '2026-02-10', 100_000, 225];

describe('interest on a defaulted installment plan (§ 286 (2) Nr. 1 BGB)', () => {
  it.each([
    {
      name: 'without an acceleration clause runs on the missed rates only, each rest from the day after its date',
      accelerationClause: false,
      events: [agreed(), defaulted, payment(1, '2026-05-20')],
      lines: [
        beforeAgreement,
        // 3-10 Mar, 8 days on 39775: 39775 × 1027 × 8 / 3650000 = 89.53 -> 90 (booked on default)
        ['2026-03-03', '2026-03-10', 39_775, 90],
        // 11 Mar-1 Apr, 21 + 1 = 22 days on 39775: 39775 × 1027 × 22 / 3650000 = 246.21 -> 246
        ['2026-03-11', '2026-04-01', 39_775, 246],
        // 2 Apr-4 May, 29 + 4 = 33 days on 69775: 69775 × 1027 × 33 / 3650000 = 647.88 -> 648
        ['2026-04-02', '2026-05-04', 69_775, 648],
        // 5-20 May, 16 days on 100000: 100000 × 1027 × 16 / 3650000 = 450.19 -> 450
        ['2026-05-05', '2026-05-20', 100_000, 450],
      ],
      // 225 + 90 + 246 + 648 + 450; the cent paid the lump sum charged with it (costs first)
      interestCents: 1659,
    },
    {
      name: 'with an acceleration clause runs on the whole remainder from the day after the plan defaulted',
      accelerationClause: true,
      events: [agreed(), defaulted, payment(1, '2026-05-20')],
      lines: [
        beforeAgreement,
        ['2026-03-03', '2026-03-10', 39_775, 90],
        // 11 Mar-20 May, 21 + 30 + 20 = 71 days on 100000: 100000 × 1027 × 71 / 3650000 = 1997.73 -> 1998
        ['2026-03-11', '2026-05-20', 100_000, 1998],
      ],
      // 225 + 90 + 1998
      interestCents: 2313,
    },
    {
      name: 'moves a rate due on a Sunday to Monday (§ 193 BGB): in default from the Tuesday',
      accelerationClause: false,
      // 1 March 2026 is a Sunday: the rate is due on Monday 2 March, so nothing changes against the first row
      events: [
        agreed([{ dueDate: '2026-03-01', cents: 40_000 }, ...rates.slice(1)]),
        defaulted,
        payment(1, '2026-05-20'),
      ],
      lines: [
        beforeAgreement,
        ['2026-03-03', '2026-03-10', 39_775, 90],
        ['2026-03-11', '2026-04-01', 39_775, 246],
        ['2026-04-02', '2026-05-04', 69_775, 648],
        ['2026-05-05', '2026-05-20', 100_000, 450],
      ],
      interestCents: 1659,
    },
    {
      name: 'follows a part payment made after a missed rate, with the lump sum it triggered paid first',
      accelerationClause: false,
      // 200.00 € on 5 March pay the € 40 lump sum (charged with the payment), the 225 interest and 15775
      // principal (§ 367 BGB): 84225 principal open, of which 84225 - 60225 = 24000 in default until 1 April,
      // 84225 - 30225 = 54000 until 4 May
      events: [agreed(), payment(20_000, '2026-03-05'), defaulted, payment(1, '2026-05-20')],
      lines: [
        beforeAgreement,
        // 3-5 Mar, 3 days on 39775: 39775 × 1027 × 3 / 3650000 = 33.57 -> 34
        ['2026-03-03', '2026-03-05', 39_775, 34],
        // 6-10 Mar, 5 days on 24000: 24000 × 1027 × 5 / 3650000 = 33.76 -> 34
        ['2026-03-06', '2026-03-10', 24_000, 34],
        // 11 Mar-1 Apr, 22 days on 24000: 24000 × 1027 × 22 / 3650000 = 148.56 -> 149
        ['2026-03-11', '2026-04-01', 24_000, 149],
        // 2 Apr-4 May, 33 days on 54000: 54000 × 1027 × 33 / 3650000 = 501.40 -> 501
        ['2026-04-02', '2026-05-04', 54_000, 501],
        // 5-20 May, 16 days on 84225: 84225 × 1027 × 16 / 3650000 = 379.17 -> 379
        ['2026-05-05', '2026-05-20', 84_225, 379],
      ],
      // 34 + 34 + 149 + 501 + 379 (the 225 were paid on 5 March), less the cent of 20 May: no costs were left
      interestCents: 1096,
    },
    {
      name: 'holds the missed rate’s interest back while a hold sits on the running plan, and books it on default',
      accelerationClause: false,
      events: [agreed(), erpBlock, erpRelease, defaulted, payment(1, '2026-03-12')],
      lines: [
        beforeAgreement,
        ['2026-03-03', '2026-03-10', 39_775, 90],
        // 11-12 Mar, 2 days on 39775: 39775 × 1027 × 2 / 3650000 = 22.38 -> 22
        ['2026-03-11', '2026-03-12', 39_775, 22],
      ],
      // 225 + 90 + 22; the cent paid the lump sum
      interestCents: 337,
    },
  ])('$name', ({ accelerationClause, events, lines, interestCents }) => {
    // Arrange
    const ctx = contextWith(accelerationClause);

    // Act
    const { case: after } = run(events, start(), ctx);

    // Assert
    expect(
      after.interestLines.map((line) => [line.from, line.through, line.principalCents, line.cents]),
    ).toEqual(lines);
    expect(after.balance.interestCents).toBe(interestCents);
  });

  it('charges nothing for the plan’s months when it is kept, even for a rate paid a few days late', () => {
    // Arrange: rate 1 arrives on 4 March, two days after its date, within the grace the plan allows
    const events: CaseEvent[] = [
      agreed(),
      payment(40_000, '2026-03-04'),
      payment(30_000, '2026-04-01'),
      payment(30_225 + 4000, '2026-05-04'),
    ];

    // Act
    const { case: paid } = run(events, start(), contextWith(false));

    // Assert: only the 225 cents before the agreement; the plan closed paid (the lump sum, charged with the first
    // payment, was paid from the rates and the last payment covers it)
    expect(paid.status).toBe('paid');
    expect(paid.interestLines.map((line) => line.cents)).toEqual([225]);
  });

  it('puts a consumer who was never in default into default on the day after the first missed rate', () => {
    // Arrange: a consumer invoice without a calendar date or a § 286 (3) notice, never reminded: not in default.
    // Rates 400 + 300 + 300 € on 1,000.00 €; rate 1 (2 March) missed: in default from 3 March, 400.00 € of
    // principal. Consumer rate 1.27 % + 5 points = 6.27 %: 3-10 Mar, 8 days: 40000 × 627 × 8 / 3650000 = 54.97
    // -> 55.
    if (!consumer) throw new Error('demo data missing');
    const opened = openCase(
      {
        ...consumer,
        issueDate: '2026-01-15',
        dueDate: '2026-02-02',
        amount: { cents: 100_000, currency: 'EUR' },
        paymentDateIsCalendarDate: false,
        consumerNoticeOnInvoice: false,
      },
      context,
    ).case;
    const consumerRates = [
      { dueDate: '2026-03-02', cents: 40_000 },
      { dueDate: '2026-04-01', cents: 30_000 },
      { dueDate: '2026-05-04', cents: 30_000 },
    ];

    // Act
    const { case: after } = run([agreed(consumerRates), defaulted], opened);

    // Assert
    expect(opened.defaultStart).toBeNull();
    expect(after.defaultStart).toMatchObject({
      date: '2026-03-03',
      legalReference: '§ 286 Abs. 2 Nr. 1 BGB',
    });
    expect(
      after.interestLines.map((line) => [line.from, line.through, line.principalCents, line.cents]),
    ).toEqual([['2026-03-03', '2026-03-10', 40_000, 55]]);
  });

  it.each([
    {
      accelerationClause: false,
      german:
        'Ratenzahlung geplatzt; Verzugszinsen nur auf die versäumten Raten, je ab dem Tag nach ihrem Termin (§ 286 Abs. 2 Nr. 1 BGB); die übrigen Raten werden zu ihren Terminen fällig',
    },
    {
      accelerationClause: true,
      german:
        'Ratenzahlung geplatzt; Verfallklausel: der gesamte Restbetrag ist fällig und ab morgen in Verzug',
    },
  ])(
    'says on the timeline which rule the default follows (acceleration clause: $accelerationClause)',
    ({ accelerationClause, german }) => {
      // Arrange, Act
      const { timeline } = run([agreed(), defaulted], start(), contextWith(accelerationClause));
      const line = timeline.find(
        (entry) => (entry as { type: string }).type === 'installments-defaulted',
      ) as Parameters<typeof timelineText>[0];

      // Assert
      expect(timelineText(line, 'de', defaultPolicy)).toBe(german);
      expect(line.data).toMatchObject({ accelerationClause, interestCents: 90 });
    },
  );

  it('builds the § 13a RDG case file of a defaulted plan whose lump sum was never booked, each item as what it is', () => {
    // Arrange: nothing paid, so the € 40 lump sum was never booked; handover on 20 May
    const { case: defaultedCase } = run([agreed(), defaulted], start(), contextWith(false));

    // Act
    const file = inkassoCaseFileFor(defaultedCase, [], '2026-05-20', '2026-05-20T09:00:00+02:00', context);

    // Assert: interest 225 + 90 (booked) + 246 + 648 + 450 (pending, as in the first row above) = 1659;
    // the lump sum 4000 is a cost, not interest; 100000 + 1659 + 4000 = 105659
    expect(file.account.interest).toMatchObject({ accruedCents: 1659, openCents: 1659 });
    expect(file.account.costs).toMatchObject({ lumpSumCents: 4000, chargedCents: 4000, openCents: 4000 });
    expect(file.account.totalOpenCents).toBe(105_659);
  });
});

describe('the installment confirmation states the acceleration clause', () => {
  it.each(
    (['de', 'en'] as const).flatMap((locale) =>
      (['friendly', 'neutral', 'firm'] as const).flatMap((tone) =>
        [true, false].map((accelerationClause) => ({ locale, tone, accelerationClause })),
      ),
    ),
  )(
    'in $locale, $tone, when the plan has one: $accelerationClause',
    ({ locale, tone, accelerationClause }) => {
      // Arrange
      const { case: planned } = run([agreed()], start(), contextWith(accelerationClause));
      const input = letterInputFor(planned, '2026-02-10', contextWith(accelerationClause), {
        kind: 'installment-confirmation',
        installments: rates,
      });

      // Act
      const { text, html } = renderLetter({ ...input, locale, tone });

      // Assert
      const clause = locale === 'de' ? 'Verfallklausel' : 'Acceleration clause';
      expect(text.includes(clause)).toBe(accelerationClause);
      expect(html.includes(clause)).toBe(accelerationClause);
    },
  );
});
