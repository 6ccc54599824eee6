import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { addDays } from '../../functions/domain/calendar.js';
import {
  applyEvent,
  type CaseEvent,
  InvalidTransitionError,
  isTerminal,
  openCase,
  openCents,
} from '../../functions/domain/case.js';
import { germanTimelineText } from '../../functions/domain/timeline-text.js';
import { context, invoice, payment, reminder, run } from './case-fixtures.js';

describe('disputes, promises and holds', () => {
  it('holds interest back while a dispute is open and charges it when the dispute is rejected (§ 286 (4))', () => {
    // Arrange
    const start = openCase(invoice({ paymentDateIsCalendarDate: true }), context).case;

    // Act
    const { case: resumed } = run(
      [
        { type: 'dispute-raised', reason: 'delivery incomplete', on: '2026-02-12' },
        { type: 'dispute-resolved', resolution: 'rejected', on: '2026-03-12' },
        payment(1, '2026-03-14'),
      ],
      start,
    );

    // Assert: 10 days (02-03..02-12), the 28 disputed days (02-13..03-12), charged on rejection because an
    // unfounded dispute does not stop default (the shipped policy charges it; see dispute-interest.test.ts), and
    // 2 days (03-13..03-14). Before the legal review the disputed days were skipped.
    expect(resumed.interestLines.map((line) => [line.from, line.through])).toEqual([
      ['2026-02-03', '2026-02-12'],
      ['2026-02-13', '2026-03-12'],
      ['2026-03-13', '2026-03-14'],
    ]);
    expect(resumed.status).toBe('open');
  });

  it('cancels the claim when a dispute is upheld', () => {
    // Arrange, Act
    const { case: cancelled } = run([
      { type: 'dispute-raised', reason: 'wrong price', on: '2026-02-12' },
      { type: 'dispute-resolved', resolution: 'upheld', on: '2026-02-20' },
    ]);

    // Assert
    expect(cancelled.status).toBe('cancelled');
  });

  it('marks a promise kept when the promised amount arrived, broken otherwise, and moves on a level', () => {
    // Arrange
    const promise: CaseEvent = {
      type: 'promise-recorded',
      promisedOn: '2026-02-20',
      cents: 40_000,
      on: '2026-02-10',
    };
    const check: CaseEvent = { type: 'promise-checked', on: '2026-02-24' };

    // Act
    const kept = run([promise, payment(40_000, '2026-02-19'), check]).case;
    const broken = run([promise, check]).case;

    // Assert
    expect(kept.promises[0]?.status).toBe('kept');
    expect(broken.promises[0]?.status).toBe('broken');
    expect(broken.nextLevelIndex).toBe(1);
  });

  it('refuses a promise further ahead than the policy allows', () => {
    // Arrange
    const start = openCase(invoice(), context).case;

    // Act
    const farAway = () =>
      applyEvent(
        start,
        { type: 'promise-recorded', promisedOn: '2026-09-01', cents: 100, on: '2026-02-10' },
        context,
      );

    // Assert
    expect(farAway).toThrow(/between 2026-02-10 and 30 days later/);
  });

  it('resumes a held case in the status it had before', () => {
    // Arrange, Act
    const result = run([
      { type: 'promise-recorded', promisedOn: '2026-02-20', cents: 40_000, on: '2026-02-10' },
      { type: 'hold-set', reason: 'customer in insolvency check', on: '2026-02-11', owner: 'supervisor' },
      { type: 'hold-released', on: '2026-02-13', owner: 'supervisor' },
    ]);

    // Assert
    expect(result.case.status).toBe('promise');
    expect(result.case.hold).toBeNull();
  });

  it('refuses to send a reminder while the claim is disputed', () => {
    // Arrange
    const { case: disputed } = run([{ type: 'dispute-raised', reason: 'wrong price', on: '2026-02-12' }]);

    // Act, Assert
    expect(() => applyEvent(disputed, reminder(0, '2026-02-13'), context)).toThrow(/disputed/);
  });

  it('sends a defaulted installment plan straight to the handover level', () => {
    // Arrange, Act
    const { case: defaulted } = run([
      {
        type: 'installments-agreed',
        rates: [
          { dueDate: '2026-03-01', cents: 50_000 },
          { dueDate: '2026-04-01', cents: 50_000 },
        ],
        on: '2026-02-10',
      },
      { type: 'installments-defaulted', on: '2026-03-10' },
    ]);

    // Assert
    expect(defaulted.status).toBe('open');
    expect(defaulted.nextLevelIndex).toBe(defaultPolicy.levels.length - 1);
  });
});

describe('warnings', () => {
  it('flags the case and warns once when interest needs a base rate the table does not have', () => {
    // Arrange: due in June 2026, paid in August: the 2026-07-01 base rate is not in the shipped table
    const start = openCase(
      invoice({ issueDate: '2026-06-01', dueDate: '2026-06-15', paymentDateIsCalendarDate: true }),
      context,
    ).case;

    // Act
    const result = run([payment(10_000, '2026-08-03'), payment(10_000, '2026-08-10')], start);

    // Assert
    expect(result.case.flags.baseRateStale).toBe(true);
    expect(
      result.commands.filter((command) => (command as { type: string }).type === 'warn-base-rate-stale'),
    ).toHaveLength(1);
  });

  it('warns when the claim nears the end of its limitation period', () => {
    // Arrange: issued 2023, limitation ends 2026-12-31
    const start = openCase(invoice({ issueDate: '2023-05-02', dueDate: '2023-05-16' }), context).case;

    // Act
    const { case: flagged, commands } = run([{ type: 'email-bounced', on: '2026-11-23' }], start);

    // Assert
    expect(flagged.flags.limitationNear).toBe(true);
    expect(commands).toContainEqual({ type: 'warn-limitation-near', limitationDate: '2026-12-31' });
  });

  it('counts the limitation period from the year the claim fell due, not from the invoice date (§ 199 (1) BGB)', () => {
    // Arrange: invoiced in December 2023, due in January 2024: the period ends with 31 December 2027, so on
    // 23 November 2026 it is far from near (counted from the invoice date it would have ended in 38 days)
    const start = openCase(invoice({ issueDate: '2023-12-15', dueDate: '2024-01-15' }), context).case;

    // Act
    const { case: unflagged, commands } = run([{ type: 'email-bounced', on: '2026-11-23' }], start);

    // Assert
    expect(unflagged.flags.limitationNear).toBe(false);
    expect(commands).toEqual([]);
  });
});

describe('properties of the case state machine', () => {
  const eventArbitrary = (on: string): fc.Arbitrary<CaseEvent> =>
    fc.oneof(
      fc.integer({ min: 1, max: 120_000 }).map((cents) => payment(cents, on)),
      fc.constant<CaseEvent>({ type: 'invoice-cancelled', on }),
      fc.constantFrom<CaseEvent>(
        { type: 'hold-set', on, reason: 'block', owner: 'erp' },
        { type: 'hold-set', on, reason: 'hold', owner: 'supervisor' },
      ),
      fc.constantFrom<CaseEvent>(
        { type: 'hold-released', on, owner: 'erp' },
        { type: 'hold-released', on, owner: 'supervisor' },
      ),
      fc.integer({ min: 0, max: 4 }).map((levelIndex) => reminder(levelIndex, on)),
      fc
        .integer({ min: 0, max: 4 })
        .map((levelIndex): CaseEvent => ({ type: 'level-completed', levelIndex, on })),
      fc.constant<CaseEvent>({ type: 'promise-recorded', promisedOn: addDays(on, 5), cents: 20_000, on }),
      fc.constant<CaseEvent>({ type: 'promise-checked', on }),
      fc.constant<CaseEvent>({ type: 'dispute-raised', reason: 'quality', on }),
      fc
        .constantFrom<'upheld' | 'rejected'>('upheld', 'rejected')
        .map((resolution): CaseEvent => ({ type: 'dispute-resolved', resolution, on })),
      fc.constant<CaseEvent>({ type: 'handed-over', on }),
      fc.constant<CaseEvent>({ type: 'written-off', reason: 'insolvent', scope: 'all', on }),
      fc.constant<CaseEvent>({ type: 'email-bounced', on }),
    );
  const scenario = fc
    .array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 25 })
    .chain((gaps) => {
      const days: string[] = [];
      for (const gap of gaps) days.push(addDays(days.at(-1) ?? '2026-01-20', gap % 4));
      return fc.tuple(fc.boolean(), fc.tuple(...days.map(eventArbitrary)));
    });

  function replay(calendarDate: boolean, events: readonly CaseEvent[]) {
    const opened = openCase(invoice({ paymentDateIsCalendarDate: calendarDate }), context);
    let current = opened.case;
    const statuses = [current.status];
    const timeline = [...opened.timeline];
    for (const event of events) {
      try {
        const transition = applyEvent(current, event, context);
        current = transition.case;
        timeline.push(...transition.timeline);
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
      }
      statuses.push(current.status);
    }
    return { current, statuses, timeline };
  }

  it('writes every timeline line with the facts to read it in German', () => {
    fc.assert(
      fc.property(scenario, ([calendarDate, events]) => {
        // Arrange, Act
        const { timeline } = replay(calendarDate, events);

        // Assert
        expect(timeline.filter((entry) => germanTimelineText(entry) === undefined)).toEqual([]);
      }),
    );
  });

  it('never leaves a terminal state, whatever arrives afterwards', () => {
    fc.assert(
      fc.property(scenario, ([calendarDate, events]) => {
        // Arrange, Act
        const { statuses } = replay(calendarDate, events);

        // Assert
        const firstTerminal = statuses.findIndex(isTerminal);
        if (firstTerminal >= 0) expect(new Set(statuses.slice(firstTerminal)).size).toBe(1);
      }),
    );
  });

  it('keeps the books balanced to the cent: charged minus paid equals open plus surplus and waived', () => {
    fc.assert(
      fc.property(scenario, ([calendarDate, events]) => {
        // Arrange, Act
        const { current } = replay(calendarDate, events);

        // Assert
        const charged =
          current.invoice.amount.cents +
          current.interestLines.reduce((sum, line) => sum + line.cents, 0) +
          current.charges.reduce((sum, charge) => sum + charge.cents, 0);
        const waived = current.closed?.waivedCents ?? 0;
        const surplus = Math.max(0, current.paidCents - (charged - openCents(current) - waived));
        expect(charged - (current.paidCents - surplus)).toBe(openCents(current) + waived);
        expect(Object.values(current.balance).every((cents) => Number.isInteger(cents) && cents >= 0)).toBe(
          true,
        );
      }),
    );
  });
});
