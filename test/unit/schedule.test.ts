import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Bundesland,
  bundeslandSchema,
  businessCalendar,
  compareDates,
} from '../../functions/domain/calendar.js';
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

const be = businessCalendar('BE');

describe('planSchedule', () => {
  it('plans the default policy from a due date before Christmas 2026 across the holidays in NW', () => {
    // Arrange
    const dueDate = '2026-12-18'; // Friday

    // Act
    const plan = planSchedule({ dueDate, customer }, policy, nw);

    // Assert
    // reminder-2 skips 25 Dec; the call skips 1 Jan 2027 (6 Jan is no holiday in NW).
    expect(datesOf(plan)).toEqual([
      ['reminder-1', '2026-12-23'],
      ['reminder-2', '2026-12-31'],
      ['call', '2027-01-08'],
      ['final', '2027-01-15'],
      ['handover', '2027-01-29'],
    ]);
    expect(plan.map((level) => level.index)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.map((level) => level.kind)).toEqual(['reminder', 'reminder', 'call', 'final', 'handover']);
    expect(plan[0]?.at).toBe('2026-12-23T10:08:40+01:00');
  });

  it('skips Fronleichnam on 2026-06-04 in NW but not in BE, where it is a working day', () => {
    // Arrange
    const dueDate = '2026-06-01'; // Monday

    // Act
    const inNorthRhineWestphalia = planSchedule({ dueDate, customer }, policy, nw);
    const inBerlin = planSchedule({ dueDate, customer }, policy, be);

    // Assert
    expect(datesOf(inNorthRhineWestphalia)).toEqual([
      ['reminder-1', '2026-06-05'],
      ['reminder-2', '2026-06-12'],
      ['call', '2026-06-19'],
      ['final', '2026-06-26'],
      ['handover', '2026-07-10'],
    ]);
    expect(datesOf(inBerlin)).toEqual([
      ['reminder-1', '2026-06-04'],
      ['reminder-2', '2026-06-11'],
      ['call', '2026-06-18'],
      ['final', '2026-06-25'],
      ['handover', '2026-07-09'],
    ]);
  });

  it('counts the first offset from the next business day when the due date falls on a weekend (§ 193 BGB)', () => {
    // Arrange
    const dueDate = '2026-10-03'; // Saturday and Tag der Deutschen Einheit: next business day is Monday 5 Oct

    // Act
    const [first] = planSchedule({ dueDate, customer }, policy, nw);

    // Assert
    expect(first?.date).toBe('2026-10-08');
  });

  it('never plans a day that is not a business day and never goes backwards, for any due date, state and offsets', () => {
    fc.assert(
      fc.property(
        dateBetween('2024-01-01', '2030-12-31'),
        fc.constantFrom(...bundeslandSchema.options),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 5, maxLength: 5 }),
        (dueDate, state: Bundesland, offsets) => {
          // Arrange
          const calendar = businessCalendar(state);

          // Act
          const plan = planSchedule({ dueDate, customer }, withOffsets(offsets), calendar);

          // Assert
          expect(plan).toHaveLength(policy.levels.length);
          let previous = dueDate;
          for (const level of plan) {
            expect(calendar.isBusinessDay(level.date)).toBe(true);
            expect(compareDates(level.date, previous)).toBeGreaterThanOrEqual(0);
            previous = level.date;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives every level its customer's second of the sending window with the Berlin offset of its day", () => {
    fc.assert(
      fc.property(dateBetween('2024-01-01', '2030-12-31'), (dueDate) => {
        // Act
        const plan = planSchedule({ dueDate, customer }, policy, nw);

        // Assert
        for (const level of plan) {
          const offset = new Date(`${level.date}T12:00:00Z`).toLocaleString('en-GB', {
            timeZone: 'Europe/Berlin',
            timeZoneName: 'longOffset',
          });
          const expected = offset.endsWith('GMT+02:00') ? '+02:00' : '+01:00';
          expect(level.at).toBe(`${level.date}T10:08:40${expected}`);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('paces only the time of day: two customers get the same dates at their own seconds of the window', () => {
    // Arrange: FNV-1a of "a" is the published vector 0xe40c292c = 3,826,002,220; modulo 36,000 s that is
    // 30,220 s = 8 h 23 min 40 s after 08:00.
    const dueDate = '2026-12-18';

    // Act
    const paced = planSchedule({ dueDate, customer }, policy, nw);
    const other = planSchedule({ dueDate, customer: { ...customer, id: 'a' } }, policy, nw);

    // Assert
    expect(datesOf(other)).toEqual(datesOf(paced));
    expect(paced.map((level) => level.at.slice(11))).toEqual(Array(5).fill('10:08:40+01:00'));
    expect(other.map((level) => level.at.slice(11))).toEqual(Array(5).fill('16:23:40+01:00'));
  });

  it("wakes a customer's levels that fall on the same day at the same instant", () => {
    // Arrange: reminder-2 and the call both land on Wednesday 2026-03-04.
    const hurried = withOffsets([1, 1, 0, 1, 1]);

    // Act
    const [, second, call] = planSchedule({ dueDate: '2026-03-02', customer }, hurried, nw);

    // Assert
    expect(second?.at).toBe('2026-03-04T10:08:40+01:00');
    expect(call?.at).toBe(second?.at);
  });

  it('writes a winter date with +01:00 and a summer date with +02:00', () => {
    // Act
    const [winter] = planSchedule({ dueDate: '2026-01-12', customer }, policy, nw);
    const [summer] = planSchedule({ dueDate: '2026-07-13', customer }, policy, nw);

    // Assert
    expect(winter?.at).toBe('2026-01-15T10:08:40+01:00');
    expect(summer?.at).toBe('2026-07-16T10:08:40+02:00');
  });
});

describe('scheduleLevel', () => {
  it('adds the level offset in business days to the previous date', () => {
    // Arrange
    const reminder: PolicyLevel = {
      id: 'reminder-2',
      kind: 'reminder',
      offsetBusinessDays: 5,
      channel: 'email',
      feeCents: 0,
    };

    // Act
    const scheduled = scheduleLevel(
      {
        index: 1,
        previousDate: '2026-12-23',
        level: reminder,
        customerId: customer.id,
        customerState: customer.state,
      },
      policy,
      nw,
    );

    // Assert
    expect(scheduled).toEqual({
      index: 1,
      levelId: 'reminder-2',
      kind: 'reminder',
      date: '2026-12-31',
      at: '2026-12-31T10:08:40+01:00',
    });
  });
});

describe('nextAction', () => {
  const base = {
    status: 'open',
    nextLevelIndex: 0,
    lastActionOn: '2026-12-18',
    dueDate: '2026-12-18',
    writtenReminders: [],
    customerId: customer.id,
    customerState: customer.state,
  } as const;

  it('is done when the case is closed, whatever level is next', () => {
    // Act
    const action = nextAction({ ...base, status: 'closed', nextLevelIndex: 1 }, policy, nw);

    // Assert
    expect(action).toEqual({ type: 'done' });
  });

  it('waits for a release while the case is on hold', () => {
    // Act
    const action = nextAction({ ...base, status: 'on-hold', nextLevelIndex: 2 }, policy, nw);

    // Assert
    expect(action).toEqual({ type: 'wait-for-release' });
  });

  it('is done once the last level has run', () => {
    // Act
    const action = nextAction({ ...base, nextLevelIndex: policy.levels.length }, policy, nw);

    // Assert
    expect(action).toEqual({ type: 'done' });
  });

  it('schedules the first level from the due date, as the plan does', () => {
    // Act
    const action = nextAction(base, policy, nw);

    // Assert
    expect(action).toEqual({
      type: 'level',
      level: planSchedule({ dueDate: base.dueDate, customer }, policy, nw)[0],
    });
  });

  it('counts a later level from the day the previous level really ran, e.g. after a broken promise', () => {
    // Act
    const action = nextAction(
      {
        ...base,
        nextLevelIndex: 2,
        lastActionOn: '2027-02-01',
        writtenReminders: [{ sentOn: '2026-12-23', channel: 'email' }],
      },
      policy,
      nw,
    );

    // Assert
    expect(action).toEqual({
      type: 'level',
      level: { index: 2, levelId: 'call', kind: 'call', date: '2027-02-08', at: '2027-02-08T10:08:40+01:00' },
    });
  });

  it('follows the plan level by level when each level runs on its planned day', () => {
    fc.assert(
      fc.property(dateBetween('2024-01-01', '2030-12-31'), (dueDate) => {
        // Arrange
        const plan = planSchedule({ dueDate, customer }, policy, nw);

        // Act
        const actions = plan.map((_, index) =>
          nextAction(
            {
              status: 'open',
              nextLevelIndex: index,
              lastActionOn: plan[index - 1]?.date ?? dueDate,
              dueDate,
              writtenReminders: writtenRemindersOf(plan.slice(0, index), policy.levels),
              customerId: customer.id,
              customerState: customer.state,
            },
            policy,
            nw,
          ),
        );

        // Assert
        expect(actions).toEqual(plan.map((level) => ({ type: 'level', level })));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a negative level index', () => {
    // Act
    const act = () => nextAction({ ...base, nextLevelIndex: -1 }, policy, nw);

    // Assert
    expect(act).toThrow(RangeError);
  });
});
