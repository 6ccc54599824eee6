import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { outcomesByKind, type TaskOutcome } from '../../functions/domain/outcomes.js';
import {
  CLAIM_MINUTES,
  cancelTask,
  claimTask,
  finishTask,
  isClaimedBy,
  isRefusal,
  openTask,
  recordLateOutcome,
  recordOutcome,
  refreshAttempt,
  releaseTask,
  type Task,
  type TaskRefusal,
  timeOutTask,
} from '../../functions/domain/task.js';

const OPENED = '2026-03-16T09:00:00Z';
const NOW = '2026-03-16T10:00:00Z';
const later = (minutes: number) => Temporal.Instant.from(NOW).add({ minutes }).toString();

const promise: TaskOutcome = { type: 'promise', promisedOn: '2026-03-23', cents: 5000, dissatisfied: false };
const notReached: TaskOutcome = { type: 'not-reached' };
const closed: TaskOutcome = { type: 'case-closed', outcome: 'paid' };
const anna = { sub: 'anna', name: 'Anna Anruf' };
const bernd = { sub: 'bernd', name: 'Bernd Berater' };
const lateBy = (by: typeof anna) => ({ outcome: promise, by, at: NOW });

const unclaimed = openTask(
  {
    taskId: 'call-00000000000000000001',
    kind: 'call',
    queue: 'receivables',
    priority: 100,
    dueAt: '2026-03-19T08:00:00Z',
    invoiceId: 'inv-1',
    invoiceNumber: 'RE-1',
    invoiceDueDate: '2026-02-02',
    customerId: 'cust-1',
    customerName: 'Kunde GmbH',
    openCents: 119_000,
    currency: 'EUR',
    levelId: 'call',
    attempt: 1,
    salesRepInvolved: false,
    executionId: 'exec-1',
    taskToken: 'token-1',
  },
  OPENED,
);

/** Every state a task can be in, as far as its transitions care. */
const states = {
  unclaimed,
  'claimed by anna': { ...unclaimed, claimedBy: 'anna', claimExpiresAt: later(10) },
  'claimed by anna, run out': { ...unclaimed, claimedBy: 'anna', claimExpiresAt: later(-1) },
  'with an outcome': {
    ...unclaimed,
    claimedBy: 'anna',
    lastClaimedBy: 'anna',
    claimExpiresAt: later(10),
    outcome: promise,
    recordedBy: anna,
  },
  done: { ...unclaimed, status: 'done', outcome: promise, recordedBy: anna, lastClaimedBy: 'anna' },
  'timed out': { ...unclaimed, status: 'timed-out' },
  'timed out after anna’s claim': { ...unclaimed, status: 'timed-out', lastClaimedBy: 'anna' },
  'timed out with a late outcome': {
    ...unclaimed,
    status: 'timed-out',
    lastClaimedBy: 'anna',
    lateOutcome: lateBy(anna),
  },
  cancelled: { ...unclaimed, status: 'cancelled', outcome: closed },
} satisfies Record<string, Task>;
type State = keyof typeof states;

const transitions = {
  'claim by anna': (task: Task) => claimTask(task, 'anna', NOW),
  'claim by bernd': (task: Task) => claimTask(task, 'bernd', NOW),
  'release by anna': (task: Task) => releaseTask(task, 'anna', NOW, { force: false }),
  'release by bernd': (task: Task) => releaseTask(task, 'bernd', NOW, { force: false }),
  'release by a supervisor': (task: Task) => releaseTask(task, 'bernd', NOW, { force: true }),
  'record not reached': (task: Task) => recordOutcome(task, notReached, NOW, anna),
  'record the same promise': (task: Task) => recordOutcome(task, promise, NOW, bernd),
  'record an approval': (task: Task) => recordOutcome(task, { type: 'approval', decision: 'approve' }, NOW),
  finish: (task: Task) => finishTask(task, notReached, NOW),
  'time out': (task: Task) => timeOutTask(task, null, NOW),
  cancel: (task: Task) => cancelTask(task, closed, NOW),
  refresh: (task: Task) => refreshAttempt(task, { taskToken: 'token-2', executionId: 'exec-2' }, NOW),
  'record a late outcome by anna': (task: Task) =>
    recordLateOutcome(task, lateBy(anna), { supervisor: false }),
  'record a late outcome by bernd': (task: Task) =>
    recordLateOutcome(task, lateBy(bernd), { supervisor: false }),
  'record a late outcome by a supervisor': (task: Task) =>
    recordLateOutcome(task, lateBy(bernd), { supervisor: true }),
};
type TransitionName = keyof typeof transitions;

/** What a transition makes of a task: the fields it sets, or a refusal. */
type Expected = Partial<Task> | TaskRefusal | 'unchanged';

const claimedBy = (caller: string): Expected => ({
  claimedBy: caller,
  lastClaimedBy: caller,
  claimExpiresAt: later(CLAIM_MINUTES),
});
const released: Expected = { claimedBy: null, claimExpiresAt: null };
const ended = (status: Task['status'], outcome: TaskOutcome | null): Expected => ({
  status,
  outcome,
  claimedBy: null,
  claimExpiresAt: null,
});
const notOpen = (status: 'done' | 'timed-out' | 'cancelled'): TaskRefusal => ({
  refused: 'not-open',
  status,
});
const finished = {
  done: notOpen('done'),
  'timed out': notOpen('timed-out'),
  'timed out after anna’s claim': notOpen('timed-out'),
  'timed out with a late outcome': notOpen('timed-out'),
  cancelled: notOpen('cancelled'),
};
const timedOutWithoutOutcome = (expected: Expected) => ({
  'timed out': expected,
  'timed out after anna’s claim': expected,
  'timed out with a late outcome': expected,
});
const eachOpen = (expected: Expected) => ({
  unclaimed: expected,
  'claimed by anna': expected,
  'claimed by anna, run out': expected,
  'with an outcome': expected,
});
const notForCalls: TaskRefusal = { refused: 'outcome-not-for-kind', allowed: outcomesByKind.call };
const otherOutcome: TaskRefusal = { refused: 'other-outcome-recorded' };
const stillOpen: TaskRefusal = { refused: 'still-open' };
const notHolder: TaskRefusal = { refused: 'not-last-claim-holder' };
const lateRecorded: TaskRefusal = { refused: 'late-outcome-recorded' };

const expectations: Record<TransitionName, Record<State, Expected>> = {
  'claim by anna': { ...eachOpen(claimedBy('anna')), ...finished },
  'claim by bernd': {
    unclaimed: claimedBy('bernd'),
    'claimed by anna': { refused: 'claimed-by-another', claimedBy: 'anna' },
    'claimed by anna, run out': claimedBy('bernd'),
    'with an outcome': { refused: 'claimed-by-another', claimedBy: 'anna' },
    ...finished,
  },
  'release by anna': {
    ...eachOpen(released),
    unclaimed: { refused: 'not-claimed-by-caller' },
    ...finished,
  },
  'release by bernd': { ...eachOpen({ refused: 'not-claimed-by-caller' }), ...finished },
  'release by a supervisor': { ...eachOpen(released), ...finished },
  'record not reached': {
    ...eachOpen({ outcome: notReached, recordedBy: anna }),
    'with an outcome': otherOutcome,
    done: otherOutcome,
    ...timedOutWithoutOutcome(notOpen('timed-out')),
    cancelled: otherOutcome,
  },
  'record the same promise': {
    ...eachOpen({ outcome: promise, recordedBy: bernd }),
    // Recorded again by someone else, it still names the person who recorded it first.
    'with an outcome': 'unchanged',
    done: 'unchanged',
    ...timedOutWithoutOutcome(notOpen('timed-out')),
    cancelled: otherOutcome,
  },
  'record an approval': {
    ...eachOpen(notForCalls),
    done: notForCalls,
    ...timedOutWithoutOutcome(notForCalls),
    cancelled: notForCalls,
  },
  finish: { ...eachOpen(ended('done', notReached)), ...finished },
  'time out': { ...eachOpen(ended('timed-out', null)), ...finished },
  cancel: { ...eachOpen(ended('cancelled', closed)), ...finished },
  refresh: { ...eachOpen({ status: 'open', taskToken: 'token-2', executionId: 'exec-2' }), ...finished },
  'record a late outcome by anna': {
    ...eachOpen(stillOpen),
    done: notOpen('done'),
    'timed out': notHolder,
    'timed out after anna’s claim': { lateOutcome: lateBy(anna) },
    'timed out with a late outcome': lateRecorded,
    cancelled: notHolder,
  },
  'record a late outcome by bernd': {
    ...eachOpen(stillOpen),
    ...timedOutWithoutOutcome(notHolder),
    'timed out with a late outcome': lateRecorded,
    done: notOpen('done'),
    cancelled: notHolder,
  },
  'record a late outcome by a supervisor': {
    ...eachOpen(stillOpen),
    done: notOpen('done'),
    ...timedOutWithoutOutcome({ lateOutcome: lateBy(bernd) }),
    'timed out with a late outcome': lateRecorded,
    cancelled: { lateOutcome: lateBy(bernd) },
  },
};

const rows = Object.entries(expectations).flatMap(([transition, byState]) =>
  Object.entries(byState).map(([state, expected]) => ({ transition, state, expected })),
) as { transition: TransitionName; state: State; expected: Expected }[];

describe('the task lifecycle', () => {
  it('opens a task unclaimed, without an outcome, at the instant it was opened', () => {
    // Arrange, Act: `unclaimed` above

    // Assert
    expect(unclaimed).toMatchObject({
      status: 'open',
      claimedBy: null,
      claimExpiresAt: null,
      outcome: null,
      resumedAt: null,
      createdAt: OPENED,
      updatedAt: OPENED,
    });
  });

  it.each(rows)('$transition on a task $state', ({ transition, state, expected }) => {
    // Arrange
    const task = states[state];

    // Act
    const result = transitions[transition](task);

    // Assert
    if (expected === 'unchanged') expect(result).toBe(task);
    else if ('refused' in expected) expect(result).toEqual(expected);
    else {
      expect(isRefusal(result)).toBe(false);
      expect(result).toEqual({ ...task, updatedAt: NOW, ...expected });
    }
  });

  it('covers every transition on every state', () => {
    // Arrange, Act, Assert
    expect(rows).toHaveLength(Object.keys(transitions).length * Object.keys(states).length);
  });

  it('keeps who recorded the outcome and who last claimed the task once it is done, while the claim ends', () => {
    // Arrange
    const claimed = claimTask(unclaimed, 'anna', NOW);
    if (isRefusal(claimed)) throw new Error('the claim was refused');
    const recorded = recordOutcome(claimed, promise, NOW, anna);
    if (isRefusal(recorded)) throw new Error('the outcome was refused');

    // Act
    const done = finishTask(recorded, promise, NOW);

    // Assert
    expect(done).toMatchObject({ claimedBy: null, lastClaimedBy: 'anna', recordedBy: anna });
  });

  it('counts a claim as held only by its holder and only until it runs out', () => {
    // Arrange
    const claimed = states['claimed by anna'];
    const runOut = states['claimed by anna, run out'];

    // Act, Assert
    expect(isClaimedBy(claimed, 'anna', NOW)).toBe(true);
    expect(isClaimedBy(claimed, 'bernd', NOW)).toBe(false);
    expect(isClaimedBy(runOut, 'anna', NOW)).toBe(false);
    expect(isClaimedBy(unclaimed, 'anna', NOW)).toBe(false);
  });
});
