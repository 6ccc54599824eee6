import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Bundesland,
  bundeslandSchema,
  businessCalendar,
  compareDates,
  daysBetween,
  type IsoDate,
} from '../../functions/domain/calendar.js';
import { creditBureauGate } from '../../functions/domain/credit-bureau.js';
import type { SentReminder } from '../../functions/domain/default-date.js';
import type { PolicyLevel } from '../../functions/domain/policy.js';
import { nextAction, planSchedule, scheduleLevel } from '../../functions/domain/schedule.js';
import {
  customer,
  dateBetween,
  datesOf,
  nw,
  policy,
  withOffsets,
  writtenRemindersOf,
} from './schedule-fixtures.js';

/**
 * A handover usually comes with a credit-bureau report, so the schedule keeps it where § 31 (2) Nr. 4 b BDSG allows
 * the report: four weeks after the receipt of the first reminder after the due date have ended (§§ 187 (1),
 * 188 (2) BGB), whatever the policy's offsets.
 */
describe('the earliest handover in planSchedule', () => {
  it('keeps the handover four weeks after the receipt of the first reminder even when every offset is tiny', () => {
    // Arrange
    const hurried = withOffsets([1, 1, 0, 1, 1]);
    const dueDate = '2026-03-02'; // Monday

    // Act
    const plan = planSchedule({ dueDate, customer }, hurried, nw);

    // Assert: the email of Tue 3 Mar is received Wed 4 Mar; §§ 187 (1), 188 (2) BGB: the four weeks end with
    // Wed 1 Apr, so the handover (and its report) may be on Thu 2 Apr at the earliest (§ 31 (2) Nr. 4 b BDSG).
    expect(datesOf(plan)).toEqual([
      ['reminder-1', '2026-03-03'],
      ['reminder-2', '2026-03-04'],
      ['call', '2026-03-04'],
      ['final', '2026-03-05'],
      ['handover', '2026-04-02'],
    ]);
  });

  it('moves the earliest handover day onto a business day', () => {
    // Arrange: the email of Thu 5 Mar is received Fri 6 Mar; the four weeks end with Fri 3 Apr, a report is allowed
    // from Sat 4 Apr; the weekend and Easter Monday move the handover to Tue 7 Apr.
    const hurried = withOffsets([3, 0, 0, 0, 0]);

    // Act
    const plan = planSchedule({ dueDate: '2026-03-02', customer }, hurried, nw);

    // Assert
    expect(plan[0]?.date).toBe('2026-03-05');
    expect(plan[4]?.date).toBe('2026-04-07');
  });

  it('counts the four weeks from the first reminder after the due date, not from one on it', () => {
    // Arrange: reminder-1 on the due date Mon 2 Mar has no effect (§ 31 (2) Nr. 4 a BDSG); reminder-2 by email on
    // Mon 9 Mar is received Tue 10 Mar, the four weeks end with Tue 7 Apr, the handover is Wed 8 Apr at the earliest.
    const onDueDate = withOffsets([0, 5, 0, 0, 0]);

    // Act
    const plan = planSchedule({ dueDate: '2026-03-02', customer }, onDueDate, nw);

    // Assert
    expect(datesOf(plan)).toEqual([
      ['reminder-1', '2026-03-02'],
      ['reminder-2', '2026-03-09'],
      ['call', '2026-03-09'],
      ['final', '2026-03-09'],
      ['handover', '2026-04-08'],
    ]);
  });

  it('keeps the handover of any plan, for any due date, state and offsets, where the gate allows the report', () => {
    fc.assert(
      fc.property(
        dateBetween('2024-01-01', '2030-12-31'),
        fc.constantFrom(...bundeslandSchema.options),
        fc.constantFrom(...bundeslandSchema.options),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 5, maxLength: 5 }),
        (dueDate, state: Bundesland, customerState: Bundesland, offsets) => {
          // Arrange
          const anyPolicy = { ...withOffsets(offsets), state };
          const debtor = { ...customer, state: customerState };

          // Act
          const plan = planSchedule({ dueDate, customer: debtor }, anyPolicy, businessCalendar(state));
          const writtenReminders = writtenRemindersOf(plan, anyPolicy.levels);
          const first = writtenReminders.find((reminder) => compareDates(reminder.sentOn, dueDate) > 0);
          const handover = plan.at(-1);
          if (!handover) throw new Error('plan is empty');

          // Assert: every receipt takes at least a day and the report must wait four weeks plus a day after it, so
          // the handover lies at least 30 days after the first reminder after the due date, and it passes the gate.
          if (first) expect(daysBetween(first.sentOn, handover.date)).toBeGreaterThanOrEqual(30);
          const gate = creditBureauGate(
            {
              reportingEnabled: true,
              dueDate,
              customer: debtor,
              writtenReminders: writtenReminders.map((reminder) => ({
                ...reminder,
                creditBureauNotice: true,
              })),
              reportOn: handover.date,
              disputed: false,
            },
            anyPolicy,
          );
          if (first) expect(gate.checks.find((check) => check.rule === 'four-weeks')?.passed).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the earliest handover in scheduleLevel', () => {
  const handover: PolicyLevel = {
    id: 'handover',
    kind: 'handover',
    offsetBusinessDays: 2,
    requireApproval: false,
    approvalQueue: 'supervisors',
    approvalSlaBusinessDays: 5,
  };

  it.each([
    // Email Tue 3 Mar is received Wed 4 Mar; the four weeks end with Wed 1 Apr; handover from Thu 2 Apr.
    { channel: 'email', expected: '2026-04-02' },
    // Letter Tue 3 Mar: Wed 4, Thu 5, Fri 6, Mon 9 Mar; the four weeks end with Mon 6 Apr; handover from Tue 7 Apr.
    { channel: 'letter', expected: '2026-04-07' },
  ] satisfies { channel: SentReminder['channel']; expected: IsoDate }[])(
    'pushes a handover to the day after four weeks from the receipt of a first reminder by $channel',
    ({ channel, expected }) => {
      // Act: the offset alone would give Thu 12 Mar
      const scheduled = scheduleLevel(
        {
          index: 4,
          previousDate: '2026-03-10',
          level: handover,
          firstReminder: { sentOn: '2026-03-03', channel },
          customerId: customer.id,
          customerState: customer.state,
        },
        policy,
        nw,
      );

      // Assert
      expect(scheduled.date).toBe(expected);
    },
  );

  it('counts the four weeks from the previous date as a letter when the first reminder is unknown', () => {
    // Act
    const scheduled = scheduleLevel(
      {
        index: 4,
        previousDate: '2026-03-10',
        level: handover,
        customerId: customer.id,
        customerState: customer.state,
      },
      policy,
      nw,
    );

    // Assert: a letter on Tue 10 Mar is received Mon 16 Mar (Wed 11, Thu 12, Fri 13, Mon 16), later than an
    // email; the four weeks end with Mon 13 Apr, so the handover is Tue 14 Apr.
    expect(scheduled.date).toBe('2026-04-14');
  });
});

describe('the earliest handover in nextAction', () => {
  const base = {
    status: 'open',
    nextLevelIndex: 0,
    lastActionOn: '2026-12-18',
    dueDate: '2026-12-18',
    writtenReminders: [],
    customerId: customer.id,
    customerState: customer.state,
  } as const;

  it.each([
    {
      why: 'four weeks after the receipt of the first reminder',
      // email Wed 23 Dec is received Thu 24 Dec; the four weeks end with Thu 21 Jan; handover Fri 22 Jan
      writtenReminders: [
        { sentOn: '2026-12-23', channel: 'email' },
        { sentOn: '2026-12-30', channel: 'letter' },
      ],
      expected: '2027-01-22',
    },
    {
      why: 'four weeks after the receipt of the first reminder after the due date',
      // the email on the due date does not count; the letter of Wed 30 Dec is received on the fourth business
      // day: Thu 31 Dec, (1 Jan, weekend), Mon 4, Tue 5, Wed 6 Jan; the four weeks end with Wed 3 Feb
      writtenReminders: [
        { sentOn: '2026-12-18', channel: 'email' },
        { sentOn: '2026-12-30', channel: 'letter' },
      ],
      expected: '2027-02-04',
    },
  ] satisfies { why: string; writtenReminders: SentReminder[]; expected: IsoDate }[])(
    'keeps the handover $why when resumed right after the final notice',
    ({ writtenReminders, expected }) => {
      // Act: the offset alone would give Thu 31 Dec
      const action = nextAction(
        { ...base, nextLevelIndex: 4, lastActionOn: '2026-12-30', writtenReminders },
        withOffsets([3, 5, 5, 5, 1]),
        nw,
      );

      // Assert
      expect(action.type === 'level' && action.level.date).toBe(expected);
    },
  );

  it('moves the handover behind the receipt of a final notice that was posted late, counting from its posting', () => {
    // Arrange: the final notice written Mon 4 Jan 2027 went to the post only on Mon 18 Jan: received on the fourth
    // business day, Fri 22 Jan, so the handover comes the business day after, Mon 25 Jan
    const email: SentReminder = { sentOn: '2026-12-23', channel: 'email' };
    const letter: SentReminder = { sentOn: '2027-01-04', channel: 'letter' };
    const resumed = { ...base, nextLevelIndex: 4, lastActionOn: '2027-01-04' };
    const hurried = withOffsets([3, 5, 5, 5, 1]);

    // Act
    const late = nextAction(
      { ...resumed, writtenReminders: [email, { ...letter, postedOn: '2027-01-18' }] },
      hurried,
      nw,
    );
    const onTime = nextAction(
      { ...resumed, writtenReminders: [email, { ...letter, postedOn: '2027-01-04' }] },
      hurried,
      nw,
    );

    // Assert: posted on its day, the four weeks from the email's receipt (Fri 22 Jan) are what holds it
    expect(late.type === 'level' && late.level.date).toBe('2027-01-25');
    expect(onTime.type === 'level' && onTime.level.date).toBe('2027-01-22');
  });
});
