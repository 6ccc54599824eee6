import { describe, expect, it } from 'vitest';
import {
  type CallMember,
  type CallRequest,
  type CallSplit,
  splitCallOutcome,
} from '../../functions/domain/customer-call.js';
import { moveToCall, openTask, recordSharedOutcome, refreshAttempt } from '../../functions/domain/task.js';

const member = (index: number, openCents: number, dueDate: string): CallMember => ({
  taskId: `task-${index}`,
  invoiceId: `inv-${index}`,
  invoiceNumber: `RE-${index}`,
  dueDate,
  openCents,
});

/** Listed newest first on purpose: parts come oldest due first. */
const MEMBERS = [
  member(3, 30_000, '2026-02-20'),
  member(1, 10_000, '2026-01-10'),
  member(2, 20_000, '2026-02-01'),
];

const partsOf = (split: CallSplit) => {
  if ('problems' in split) throw new Error(JSON.stringify(split.problems));
  return split.parts;
};
const problemsOf = (split: CallSplit) => ('problems' in split ? split.problems : []);

describe('splitting a customer call’s outcome', () => {
  it('gives every invoice the same outcome when the customer says the account is paid', () => {
    // Arrange, Act
    const parts = partsOf(
      splitCallOutcome(MEMBERS, { outcome: { type: 'paid', paidOn: '2026-03-16', dissatisfied: false } }),
    );

    // Assess
    expect(parts.map((part) => [part.invoiceId, part.outcome.type])).toEqual([
      ['inv-1', 'paid'],
      ['inv-2', 'paid'],
      ['inv-3', 'paid'],
    ]);
  });

  it('allocates a promise for the total to the oldest invoice first, each up to what is open on it', () => {
    // Arrange
    const outcome = {
      type: 'promise',
      promisedOn: '2026-03-30',
      cents: 60_000,
      dissatisfied: false,
    } as const;

    // Act
    const parts = partsOf(splitCallOutcome(MEMBERS, { outcome }));

    // Assess
    expect(parts.map((part) => (part.outcome.type === 'promise' ? part.outcome.cents : 0))).toEqual([
      10_000, 20_000, 30_000,
    ]);
  });

  it('takes the caller’s allocation of a promise, and refuses one that does not add up to the promise', () => {
    // Arrange
    const outcome = {
      type: 'promise',
      promisedOn: '2026-03-30',
      cents: 45_000,
      dissatisfied: false,
    } as const;
    const allocation = [
      { invoiceId: 'inv-1', cents: 5_000 },
      { invoiceId: 'inv-2', cents: 10_000 },
      { invoiceId: 'inv-3', cents: 30_000 },
    ];

    // Act
    const taken = partsOf(splitCallOutcome(MEMBERS, { outcome, allocation }));
    const refused = problemsOf(
      splitCallOutcome(MEMBERS, { outcome: { ...outcome, cents: 50_000 }, allocation }),
    );

    // Assess
    expect(taken.map((part) => (part.outcome.type === 'promise' ? part.outcome.cents : 0))).toEqual([
      5_000, 10_000, 30_000,
    ]);
    expect(refused).toEqual([
      { path: ['allocation'], message: 'must add up to the promised 50000 cents, adds up to 45000' },
    ]);
  });

  it('refuses a promise below the total that would leave an invoice without a part', () => {
    // Arrange, Act
    const problems = problemsOf(
      splitCallOutcome(MEMBERS, {
        outcome: { type: 'promise', promisedOn: '2026-03-30', cents: 15_000, dissatisfied: false },
      }),
    );

    // Assess
    expect(problems.map((problem) => problem.path)).toEqual([['allocation']]);
    expect(problems[0]?.message).toContain('RE-3');
  });

  it('splits installments over the total into one plan per invoice with the same dates, each adding up to its share', () => {
    // Arrange
    const rates = [
      { dueDate: '2026-04-01', cents: 20_000 },
      { dueDate: '2026-05-01', cents: 20_000 },
      { dueDate: '2026-06-01', cents: 20_001 },
    ];

    // Act
    const parts = partsOf(
      splitCallOutcome(MEMBERS, { outcome: { type: 'installments', rates, dissatisfied: false } }),
    );

    // Assess
    const plans = parts.map((part) => (part.outcome.type === 'installments' ? part.outcome.rates : []));
    expect(plans.map((plan) => plan.reduce((sum, rate) => sum + rate.cents, 0))).toEqual([
      10_000, 20_000, 30_001,
    ]);
    expect(
      plans.every(
        (plan) => plan.map((rate) => rate.dueDate).join() === rates.map((rate) => rate.dueDate).join(),
      ),
    ).toBe(true);
  });

  it('takes one outcome per invoice, e.g. a dispute of one invoice and a promise for another', () => {
    // Arrange
    const request: CallRequest = {
      parts: [
        {
          invoiceId: 'inv-2',
          outcome: { type: 'dispute', disputeReason: 'Lieferung unvollständig', dissatisfied: false },
        },
        {
          invoiceId: 'inv-1',
          outcome: { type: 'promise', promisedOn: '2026-03-30', cents: 10_000, dissatisfied: false },
        },
        { invoiceId: 'inv-3', outcome: { type: 'not-reached' } },
      ],
    };

    // Act
    const parts = partsOf(splitCallOutcome(MEMBERS, request));

    // Assess
    expect(parts.map((part) => [part.taskId, part.outcome.type])).toEqual([
      ['task-1', 'promise'],
      ['task-2', 'dispute'],
      ['task-3', 'not-reached'],
    ]);
  });

  it('names an unknown invoice, a repeated one and the missing ones of per-invoice outcomes', () => {
    // Arrange
    const notReached = { type: 'not-reached' } as const;

    // Act
    const problems = problemsOf(
      splitCallOutcome(MEMBERS, {
        parts: [
          { invoiceId: 'inv-1', outcome: notReached },
          { invoiceId: 'inv-1', outcome: notReached },
          { invoiceId: 'inv-9', outcome: notReached },
        ],
      }),
    );

    // Assess
    expect(problems).toEqual([
      { path: ['parts', '1', 'invoiceId'], message: 'inv-1 is named twice' },
      { path: ['parts', '2', 'invoiceId'], message: 'inv-9 is not an open invoice of this call' },
      { path: ['parts'], message: 'must name every open invoice of the call; missing RE-2, RE-3' },
    ]);
  });

  it('refuses an allocation of anything but a promise', () => {
    // Arrange, Act
    const problems = problemsOf(
      splitCallOutcome(MEMBERS, {
        outcome: { type: 'not-reached' },
        allocation: [{ invoiceId: 'inv-1', cents: 1 }],
      }),
    );

    // Assess
    expect(problems.map((problem) => problem.path)).toEqual([['allocation']]);
  });
});

describe('the customer call’s task', () => {
  const lead = openTask(
    {
      taskId: 'call-1',
      kind: 'call',
      queue: 'receivables',
      priority: 1,
      dueAt: '2026-03-20T08:00:00Z',
      invoiceId: 'inv-1',
      invoiceNumber: 'RE-1',
      invoiceDueDate: '2026-01-10',
      customerId: 'cust-1',
      customerName: 'Stahlbau Nord GmbH',
      openCents: 10_000,
      currency: 'EUR',
      levelId: 'call',
      attempt: 1,
      salesRepInvolved: false,
      executionId: 'exec-1',
      taskToken: 'token-1',
    },
    '2026-03-16T09:00:00Z',
  );
  const shared = (request: string) => ({
    parts: [{ taskId: 'call-1', invoiceId: 'inv-1', outcome: { type: 'not-reached' as const } }],
    by: null,
    at: '2026-03-16T10:00:00Z',
    request,
  });

  it('keeps the first recorded outcome, takes the same request again and refuses another', () => {
    // Arrange
    const recorded = recordSharedOutcome(lead, shared('{"a":1}'), []);
    if ('refused' in recorded) throw new Error('refused');

    // Act
    const again = recordSharedOutcome(recorded, { ...shared('{"a":1}'), at: '2026-03-16T11:00:00Z' }, []);
    const other = recordSharedOutcome(recorded, shared('{"a":2}'), []);

    // Assess
    expect(again).toBe(recorded);
    expect(other).toEqual({ refused: 'other-outcome-recorded' });
  });

  it('refuses to store a split made before another case joined the call, so that case gets its part', () => {
    // Arrange
    const joinedSince = { ...lead, members: ['call-2'] };

    // Act
    const refused = recordSharedOutcome(joinedSince, shared('{"a":1}'), []);

    // Assess
    expect(refused).toEqual({ refused: 'call-changed' });
  });

  it('never lets a call others joined join another call when its step is retried', () => {
    // Arrange
    const joined = { ...lead, members: ['call-2'] };

    // Act
    const moved = moveToCall(joined, null, 'call-9', [], lead.createdAt);
    const refreshed = refreshAttempt(joined, { taskToken: 'token-2', executionId: 'exec-1' }, lead.createdAt);

    // Assess
    expect(moved).toEqual({ refused: 'not-a-member' });
    expect(refreshed).toMatchObject({ leadTaskId: null, members: ['call-2'], taskToken: 'token-2' });
  });
});
