import type { DunningCase } from './case.js';
import type { Customer } from './events.js';
import type { TaskKind } from './outcomes.js';
import type { Policy, PolicyLevel } from './policy.js';

/**
 * Who works a task and by when: its queue, its SLA and whether the customer's sales representative is
 * involved. Business rules of the policy, decided here so the workflow only carries them out.
 */

/**
 * An email reminder to a bounced address becomes a call (the level is worked by phone instead), unless the
 * policy falls back to posted letters (policy.bounce.fallback).
 */
export function isWorkedByPhone(
  level: PolicyLevel,
  dunningCase: DunningCase,
  policy: Pick<Policy, 'bounce'>,
): boolean {
  return bouncedEmailLevel(level, dunningCase) && policy.bounce.fallback === 'phone';
}

/** The channel a reminder level goes by for this case: its own, or a letter where its email bounced. */
export function reminderChannelFor(
  level: Extract<PolicyLevel, { kind: 'reminder' | 'final' }>,
  dunningCase: DunningCase,
  policy: Pick<Policy, 'bounce'>,
): 'email' | 'letter' {
  return bouncedEmailLevel(level, dunningCase) && policy.bounce.fallback === 'letter'
    ? 'letter'
    : level.channel;
}

const bouncedEmailLevel = (level: PolicyLevel, dunningCase: DunningCase) =>
  (level.kind === 'reminder' || level.kind === 'final') &&
  level.channel === 'email' &&
  dunningCase.emailUndeliverable;

const firstCallLevel = (policy: Policy) =>
  policy.levels.find(
    (candidate): candidate is Extract<PolicyLevel, { kind: 'call' }> => candidate.kind === 'call',
  );

/** Disputes and approvals go to their own queues, calls to the call level's (or the policy's first call queue). */
export function queueFor(kind: TaskKind, level: PolicyLevel | undefined, policy: Policy): string {
  if (kind === 'dispute') return policy.disputeQueue;
  if (level?.kind === 'handover') return level.approvalQueue;
  if (level?.kind === 'call') return level.queue;
  const callQueue = firstCallLevel(policy)?.queue;
  if (callQueue) return callQueue;
  const [firstQueue = 'receivables'] = Object.keys(policy.queueAccess);
  return firstQueue;
}

/** Business days a person has for a task of this kind at this level before the workflow moves on. */
export function slaBusinessDaysFor(kind: TaskKind, level: PolicyLevel | undefined, policy: Policy): number {
  if (kind === 'dispute') return policy.disputeSlaBusinessDays;
  if (kind === 'approval') {
    if (level?.kind !== 'handover') throw new Error('an approval task belongs to a handover level');
    return level.approvalSlaBusinessDays;
  }
  const callLevel = level?.kind === 'call' ? level : firstCallLevel(policy);
  return callLevel?.slaBusinessDays ?? policy.callSlaBusinessDays;
}

/** Large open amounts of customers with a sales representative involve that person in the call. */
export function involvesSalesRep(
  kind: TaskKind,
  openCents: number,
  customer: Customer,
  policy: Policy,
): boolean {
  return kind === 'call' && openCents >= policy.largeAmountCents && customer.salesRep !== undefined;
}
