import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { applyEvent, InvalidTransitionError, openCase } from '../../functions/domain/case.js';
import { consumer, context, invoice, letterPolicy, payment, posted, reminder, run } from './case-fixtures.js';

describe('opening a case', () => {
  it('knows the default date at once when the invoice names a calendar payment date', () => {
    // Arrange
    const issued = invoice({ paymentDateIsCalendarDate: true });

    // Act
    const { case: opened, timeline } = openCase(issued, context);

    // Assert
    expect(opened.status).toBe('open');
    expect(opened.defaultStart).toMatchObject({ basis: 'calendar-date', date: '2026-02-03' });
    expect(opened.balance).toEqual({ principalCents: 100_000, interestCents: 0, costsCents: 0 });
    expect(timeline).toHaveLength(1);
  });

  it('leaves a consumer without the 30-day notice out of default until a reminder arrives', () => {
    // Arrange
    if (!consumer) throw new Error('demo data missing');
    const issued = { ...consumer, consumerNoticeOnInvoice: false };

    // Act
    const { case: opened } = openCase(issued, context);

    // Assert
    expect(opened.defaultStart).toBeNull();
  });
});

/** A consumer reminded by posted letters: the second letter carries a fee of 1.50 €. */
function consumerWithSecondLetter() {
  if (!consumer) throw new Error('demo data missing');
  const ctx = { ...context, policy: letterPolicy };
  const start = openCase(
    { ...consumer, dueDate: '2026-02-02', issueDate: '2026-01-20', consumerNoticeOnInvoice: false },
    ctx,
  ).case;
  const events = [
    reminder(0, '2026-02-05', 'letter'),
    posted('reminder-1', '2026-02-05'),
    reminder(1, '2026-02-12', 'letter'),
  ];
  return { ctx, events, start };
}

describe('reminders', () => {
  it('lets the first reminder after the due date start the default, free of charge (§ 286 (1) BGB)', () => {
    // Arrange
    const start = openCase(invoice(), { ...context, policy: letterPolicy }).case;

    // Act
    const { case: reminded } = run(
      [reminder(0, '2026-02-05', 'letter'), posted('reminder-1', '2026-02-05')],
      start,
      { ...context, policy: letterPolicy },
    );

    // Assert: a letter posted Thu 5 Feb is received on the fourth business day (Fri 6, Mon 9, Tue 10, Wed 11 Feb)
    expect(reminded.defaultStart).toMatchObject({
      basis: 'reminder',
      date: '2026-02-11',
      interestFrom: '2026-02-12',
    });
    expect(reminded.reminders[0]?.feeCents).toBe(0);
    expect(reminded.nextLevelIndex).toBe(1);
  });

  it('charges a consumer the real cost of a later posted reminder', () => {
    // Arrange
    const { ctx, events, start } = consumerWithSecondLetter();

    // Act
    const { case: reminded } = run(events, start, ctx);

    // Assert
    expect(reminded.reminders.map((sent) => sent.feeCents)).toEqual([0, 150]);
    expect(reminded.balance.costsCents).toBe(150);
  });

  it('charges a business debtor the € 40 lump sum once and no letter fee on top (§ 288 (5) BGB)', () => {
    // Arrange
    const ctx = { ...context, policy: letterPolicy };
    const start = openCase(invoice({ paymentDateIsCalendarDate: true }), ctx).case;

    // Act
    const { case: reminded } = run(
      [reminder(0, '2026-02-05', 'letter'), reminder(1, '2026-02-12', 'letter')],
      start,
      ctx,
    );

    // Assert
    expect(reminded.charges).toEqual([{ kind: 'lump-sum', cents: 4000, on: '2026-02-05' }]);
    expect(reminded.reminders.map((sent) => sent.feeCents)).toEqual([0, 0]);
  });

  it('refuses the same level twice, so a retried step cannot send or charge again', () => {
    // Arrange
    const { case: reminded } = run([reminder(0, '2026-02-05')]);

    // Act
    const again = () => applyEvent(reminded, reminder(0, '2026-02-05'), context);

    // Assert
    expect(again).toThrow(InvalidTransitionError);
    expect(again).toThrow(/not the next level/);
  });
});

describe('payments', () => {
  it('closes the case as paid on full payment and asks to finish open tasks and tell the ERP', () => {
    // Arrange
    const start = openCase(invoice(), context).case;

    // Act
    const result = run([payment(100_000, '2026-02-01')], start);

    // Assert
    expect(result.case.status).toBe('paid');
    expect(result.case.closed).toEqual({ outcome: 'paid', on: '2026-02-01', waivedCents: 0 });
    expect(result.commands).toEqual([
      { type: 'finish-open-tasks', outcome: 'paid' },
      { type: 'publish-closed', outcome: 'paid', recoveredCents: 100_000, waivedCents: 0 },
    ]);
  });

  it('allocates a partial payment to costs, then interest, then principal and keeps dunning the rest (§ 367 BGB)', () => {
    // Arrange: in default from 2026-02-03 (calendar date); € 40 lump sum; interest 10.27 % from 2026-02-03
    const start = openCase(invoice({ paymentDateIsCalendarDate: true }), context).case;

    // Act: 30 days of interest on 1,000.00 EUR = 1000 * 0.1027 * 30 / 365 = 8.44 EUR
    const { case: partly } = run([reminder(0, '2026-02-05'), payment(50_000, '2026-03-04')], start);

    // Assert
    expect(partly.status).toBe('open');
    expect(partly.balance).toEqual({
      principalCents: 100_000 - (50_000 - 4000 - 844),
      interestCents: 0,
      costsCents: 0,
    });
    expect(partly.interestBookedThrough).toBe('2026-03-04');
  });

  it('ignores a payment it has already booked, so a redelivered event changes nothing', () => {
    // Arrange
    const first = run([payment(30_000, '2026-02-01')]);

    // Act
    const again = applyEvent(first.case, payment(30_000, '2026-02-01'), context);

    // Assert
    expect(again.case).toBe(first.case);
    expect(again.timeline).toEqual([]);
    expect(first.case.payments).toEqual([
      { paymentId: 'pay-2026-02-01-30000', receivedOn: '2026-02-01', cents: 30_000 },
    ]);
  });

  it('keeps the case paid when money arrives after closing', () => {
    // Arrange
    const { case: paid } = run([payment(100_000, '2026-02-01')]);

    // Act
    const { case: after } = applyEvent(paid, payment(500, '2026-02-10'), context);

    // Assert
    expect(after.status).toBe('paid');
    expect(after.paidCents).toBe(100_500);
  });

  it('waives leftover interest and costs when the policy closes on settled principal', () => {
    // Arrange
    const ctx = { ...context, policy: { ...defaultPolicy, closeWhenPrincipalPaid: true } };
    const start = openCase(invoice({ paymentDateIsCalendarDate: true }), ctx).case;

    // Act
    const { case: closed } = run(
      [reminder(0, '2026-02-05'), payment(100_000, '2026-02-20', 'principal-first')],
      start,
      ctx,
    );

    // Assert
    expect(closed.status).toBe('paid');
    expect(closed.closed?.waivedCents).toBeGreaterThan(4000);
  });
});

describe('posting letters', () => {
  const ctx = { ...context, policy: letterPolicy };
  const consumerCase = () => {
    if (!consumer) throw new Error('demo data missing');
    return openCase({ ...consumer, dueDate: '2026-02-02', consumerNoticeOnInvoice: false }, ctx).case;
  };

  it('leaves the debtor out of default while the letter is only written, and counts from its posting', () => {
    // Arrange
    const written = run([reminder(0, '2026-02-05', 'letter')], consumerCase(), ctx).case;

    // Act: posted Mon 9 Feb: Tue 10, Wed 11, Thu 12, Fri 13 Feb
    const { case: postedCase, timeline } = applyEvent(written, posted('reminder-1', '2026-02-09'), ctx);

    // Assert
    expect(written.defaultStart).toBeNull();
    expect(postedCase.reminders[0]?.postedOn).toBe('2026-02-09');
    expect(postedCase.defaultStart).toMatchObject({ basis: 'reminder', date: '2026-02-13' });
    expect(timeline.map((line) => line.type)).toEqual(['letter-posted', 'default-started']);
  });

  it('refuses to post the same letter twice, or a letter before the day it was written', () => {
    // Arrange
    const once = run(
      [reminder(0, '2026-02-05', 'letter'), posted('reminder-1', '2026-02-06')],
      consumerCase(),
      ctx,
    ).case;
    const written = run([reminder(0, '2026-02-05', 'letter')], consumerCase(), ctx).case;

    // Act
    const twice = () => applyEvent(once, posted('reminder-1', '2026-02-09'), ctx);
    const early = () => applyEvent(written, posted('reminder-1', '2026-02-04'), ctx);
    const noLetter = () => applyEvent(written, posted('reminder-2', '2026-02-09'), ctx);

    // Assert
    expect(twice).toThrow(/posted on 2026-02-06 already/);
    expect(early).toThrow(/cannot be posted on 2026-02-04/);
    expect(noLetter).toThrow(/no letter of level reminder-2/);
  });

  it('records the posting of a case that was paid meanwhile without putting it in default', () => {
    // Arrange
    const paid = run(
      [reminder(0, '2026-02-05', 'letter'), payment(100_000, '2026-02-06')],
      consumerCase(),
      ctx,
    );
    expect(paid.case.status).toBe('paid');

    // Act
    const { case: after } = applyEvent(paid.case, posted('reminder-1', '2026-02-09'), ctx);

    // Assert
    expect(after.status).toBe('paid');
    expect(after.reminders[0]?.postedOn).toBe('2026-02-09');
    expect(after.defaultStart).toBeNull();
  });
});

describe('a bounce with the letter fallback', () => {
  it('turns the reminder that bounced into a letter whose receipt waits for its posting', () => {
    // Arrange
    const letters = { ...context, policy: { ...context.policy, bounce: { fallback: 'letter' as const } } };
    const reminded = run([reminder(0, '2026-02-05')], openCase(invoice(), letters).case, letters).case;

    // Act
    const { case: bounced, timeline } = applyEvent(
      reminded,
      { type: 'email-bounced', on: '2026-02-06' },
      letters,
    );
    const phone = applyEvent(reminded, { type: 'email-bounced', on: '2026-02-06' }, context).case;

    // Assert
    expect(bounced.emailUndeliverable).toBe(true);
    expect(bounced.reminders[0]).toMatchObject({ levelId: 'reminder-1', channel: 'letter' });
    expect(bounced.reminders[0]?.postedOn).toBeUndefined();
    expect(timeline[0]?.data).toEqual({ fallback: 'letter', levelId: 'reminder-1' });
    expect(phone.reminders[0]?.channel).toBe('email');
  });
});

describe('a letter that cannot go out', () => {
  it('is taken off the case with its fee, so the level counts as done without a reminder', () => {
    // Arrange
    const { ctx, events, start } = consumerWithSecondLetter();

    // Act
    const { case: withdrawn, timeline } = run(
      [...events, { type: 'letter-withdrawn', levelId: 'reminder-2', on: '2026-02-12' }],
      start,
      ctx,
    );

    // Assert
    expect(withdrawn.reminders.map((sent) => sent.levelId)).toEqual(['reminder-1']);
    expect(withdrawn.charges.filter((charge) => charge.kind === 'reminder-fee')).toEqual([]);
    expect(withdrawn.balance.costsCents).toBe(0);
    expect(withdrawn.nextLevelIndex).toBe(2);
    expect(timeline.at(-1)).toMatchObject({
      type: 'letter-withdrawn',
      data: { levelId: 'reminder-2', feeCents: 150 },
    });
  });

  it('keeps the part of its fee a payment already settled, and never withdraws a posted letter', () => {
    // Arrange: 1.00 € paid goes to the costs first (§ 367 BGB)
    const { ctx, events, start } = consumerWithSecondLetter();
    const paid = run([...events, payment(100, '2026-02-12')], start, ctx).case;

    // Act
    const { case: withdrawn } = run(
      [{ type: 'letter-withdrawn', levelId: 'reminder-2', on: '2026-02-13' }],
      paid,
      ctx,
    );
    const posting = () =>
      run([{ type: 'letter-withdrawn', levelId: 'reminder-1', on: '2026-02-13' }], paid, ctx);

    // Assert
    expect(withdrawn.charges.filter((charge) => charge.kind === 'reminder-fee')).toEqual([
      expect.objectContaining({ levelId: 'reminder-2', cents: 100 }),
    ]);
    expect(withdrawn.balance.costsCents).toBe(0);
    expect(posting).toThrow(/no unposted letter of level reminder-1/);
  });
});
