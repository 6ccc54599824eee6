import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { isPaidThroughRate, promiseCheckOn } from '../../functions/domain/agreements.js';
import {
  involvesSalesRep,
  isWorkedByPhone,
  queueFor,
  reminderChannelFor,
  slaBusinessDaysFor,
} from '../../functions/domain/assignment.js';
import type { Customer } from '../../functions/domain/events.js';
import type { Policy, PolicyLevel } from '../../functions/domain/policy.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAfter, defaultContext } from './fixtures.js';

const [firstDemo] = demoInvoices('2026-03-31');
if (!firstDemo) throw new Error('demo data missing');
const levelOf = (kind: PolicyLevel['kind']) => {
  const level = defaultPolicy.levels.find((candidate) => candidate.kind === kind);
  if (!level) throw new Error(`the default policy has no ${kind} level`);
  return level;
};
const withoutCallLevels: Policy = {
  ...defaultPolicy,
  levels: defaultPolicy.levels.filter((level) => level.kind !== 'call'),
  queueAccess: { 'front-office': ['callers'], supervisors: ['supervisors'] },
  callSlaBusinessDays: 4,
};

describe('who works a task', () => {
  it.each([
    ['a call at the call level', 'call', levelOf('call'), defaultPolicy, 'receivables'],
    ['a handover approval', 'approval', levelOf('handover'), defaultPolicy, 'supervisors'],
    ['a dispute decision', 'dispute', undefined, defaultPolicy, 'disputes'],
    ['a bounced email level worked by phone', 'call', levelOf('reminder'), defaultPolicy, 'receivables'],
    [
      'a phone call in a policy without call levels',
      'call',
      levelOf('reminder'),
      withoutCallLevels,
      'front-office',
    ],
  ] as const)('%s goes to the queue %s', (_name, kind, level, policy, queue) => {
    // Arrange, Act
    const chosen = queueFor(kind, level, policy);

    // Assert
    expect(chosen).toBe(queue);
  });

  it.each([
    ['a call at the call level takes the level SLA', 'call', levelOf('call'), defaultPolicy, 3],
    ['a handover approval takes the level approval SLA', 'approval', levelOf('handover'), defaultPolicy, 5],
    ['a dispute decision takes the policy dispute SLA', 'dispute', undefined, defaultPolicy, 10],
    [
      'a call without a call level takes the policy call SLA',
      'call',
      levelOf('reminder'),
      withoutCallLevels,
      4,
    ],
  ] as const)('%s', (_name, kind, level, policy, days) => {
    // Arrange, Act
    const sla = slaBusinessDaysFor(kind, level, policy);

    // Assert
    expect(sla).toBe(days);
  });

  it('takes the dispute and approval SLAs from the policy, not from code', () => {
    // Arrange
    const handover: PolicyLevel = {
      id: 'handover',
      kind: 'handover',
      offsetBusinessDays: 10,
      requireApproval: true,
      approvalQueue: 'supervisors',
      approvalSlaBusinessDays: 2,
    };
    const policy: Policy = { ...defaultPolicy, disputeSlaBusinessDays: 7 };

    // Act, Assert
    expect(slaBusinessDaysFor('approval', handover, policy)).toBe(2);
    expect(slaBusinessDaysFor('dispute', undefined, policy)).toBe(7);
  });

  it('involves the sales representative only in calls about large amounts of customers who have one', () => {
    // Arrange
    const rep = { name: 'Petra Vertrieb', email: 'petra.vertrieb@example.com' };
    const customer: Customer = { ...firstDemo.customer, salesRep: rep };
    const withoutRep: Customer = { ...firstDemo.customer, salesRep: undefined };
    const large = defaultPolicy.largeAmountCents;

    // Act, Assert
    expect(involvesSalesRep('call', large, customer, defaultPolicy)).toBe(true);
    expect(involvesSalesRep('call', large - 1, customer, defaultPolicy)).toBe(false);
    expect(involvesSalesRep('call', large, withoutRep, defaultPolicy)).toBe(false);
    expect(involvesSalesRep('approval', large, customer, defaultPolicy)).toBe(false);
  });

  it('works an email level by phone once the address bounced, and a letter level never', () => {
    // Arrange
    const bounced = caseAfter(firstDemo, [{ type: 'email-bounced', on: firstDemo.dueDate }]);
    const reachable = caseAfter(firstDemo, []);

    // Act, Assert
    expect(isWorkedByPhone(levelOf('reminder'), bounced, defaultPolicy)).toBe(true);
    expect(isWorkedByPhone(levelOf('reminder'), reachable, defaultPolicy)).toBe(false);
    expect(isWorkedByPhone(levelOf('final'), bounced, defaultPolicy)).toBe(false);
  });

  it('sends an email level by letter once the address bounced when the policy falls back to letters', () => {
    // Arrange
    const letters = { ...defaultPolicy, bounce: { fallback: 'letter' as const } };
    const bounced = caseAfter(firstDemo, [{ type: 'email-bounced', on: firstDemo.dueDate }]);
    const reminder = levelOf('reminder');
    if (reminder.kind !== 'reminder') throw new Error('no reminder level');

    // Act, Assert
    expect(isWorkedByPhone(reminder, bounced, letters)).toBe(false);
    expect(reminderChannelFor(reminder, bounced, letters)).toBe('letter');
    expect(reminderChannelFor(reminder, bounced, defaultPolicy)).toBe('email');
    expect(reminderChannelFor(reminder, caseAfter(firstDemo, []), letters)).toBe('email');
  });
});

describe('when commitments are checked', () => {
  it('checks a promise on the promised date plus the grace in business days', () => {
    // Arrange: Friday 2026-12-18 plus two business days in NW is Tuesday 2026-12-22.
    // Act
    const checkOn = promiseCheckOn('2026-12-18', defaultContext);

    // Assert
    expect(checkOn).toBe('2026-12-22');
  });

  it('counts an installment plan paid through a rate only when the payments since the agreement cover it', () => {
    // Arrange: 1,000 € was paid before the plan; rates of 300 €, 300 € and 400 €.
    const plan = {
      agreedOn: '2026-03-02',
      paidCentsAtAgreement: 100_000,
      rates: [
        { dueDate: '2026-04-01', cents: 30_000 },
        { dueDate: '2026-05-01', cents: 30_000 },
        { dueDate: '2026-06-01', cents: 40_000 },
      ],
    };

    // Act, Assert
    expect(isPaidThroughRate(plan, 130_000, 0)).toBe(true);
    expect(isPaidThroughRate(plan, 129_999, 0)).toBe(false);
    expect(isPaidThroughRate(plan, 159_999, 1)).toBe(false);
    expect(isPaidThroughRate(plan, 200_000, 2)).toBe(true);
  });
});
