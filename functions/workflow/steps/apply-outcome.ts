import { type Actor, actorFacts } from '../../domain/actor.js';
import { planKey } from '../../domain/agreements.js';
import type { CaseEvent, DunningCase } from '../../domain/case.js';
import { isTerminal } from '../../domain/case.js';
import type { TaskOutcome } from '../../domain/outcomes.js';
import type { Decision } from '../case-service.js';
import type { NextStep } from '../contracts/next-step.js';
import type { TaskResult } from '../contracts/record-outcome.js';
import { nextBusinessMorning } from '../next-step.js';
import { outboundEvent } from '../outbound.js';
import { caseEventFor } from '../outcome-events.js';
import { confirm } from './confirmation.js';
import type { StepScope } from './scope.js';

interface Position {
  levelIndex: number;
  attempt: number;
}

type Outcome<T extends TaskOutcome['type']> = Extract<TaskOutcome, { type: T }>;

/**
 * What each outcome of a task does to the case, and where the execution goes from there. The case change
 * is applied once per task: a retry after the commit (a throttled confirmation mail, say) finds it applied
 * and only finishes the rest. `by`, the person who recorded the outcome, is named on its timeline line.
 */
export async function applyOutcome(
  scope: StepScope,
  invoiceId: string,
  { taskId, outcome }: TaskResult,
  position: Position,
  by?: Actor,
): Promise<NextStep> {
  const { service, context, today, nextStep } = scope;
  const eventFor = (current: DunningCase) => outcomeEvent(scope, outcome, current, by);
  const once = (decide: (current: DunningCase) => Decision) => (current: DunningCase) =>
    current.outcomesApplied.includes(taskId) ? undefined : { ...decide(current), outcomeOf: taskId };
  switch (outcome.type) {
    case 'case-closed':
    case 'contact-corrected':
      return nextStep(await service.load(invoiceId), position);
    case 'paid':
    case 'promise':
      return recordPromise(scope, invoiceId, outcome, position, once, eventFor);
    case 'installments':
      return agreeInstallments(scope, invoiceId, outcome, position, once, eventFor);
    case 'dispute': {
      const changed = await service.change(invoiceId, (current) => ({ event: eventFor(current) }));
      return nextStep(changed, { levelIndex: position.levelIndex });
    }
    case 'resolution': {
      const changed = await service.change(invoiceId, (current) => ({ event: eventFor(current) }));
      return nextStep(changed);
    }
    case 'not-reached':
    case 'wrong-contact': {
      await noteOutcome(scope, invoiceId, outcome, by);
      const callLevel = context.policy.levels[position.levelIndex];
      const attempts = callLevel?.kind === 'call' ? callLevel.attempts : 1;
      return position.attempt < attempts
        ? retryLevel(scope, invoiceId, position, nextBusinessMorning(today, context))
        : advanceLevel(scope, invoiceId, position);
    }
    case 'callback':
      await noteOutcome(scope, invoiceId, outcome, by);
      return retryLevel(scope, invoiceId, position, outcome.callbackAt);
    case 'approval':
      return decideHandover(scope, invoiceId, outcome, position, by);
  }
}

type EventFor = (current: DunningCase) => CaseEvent;

/** An outcome that changes no case state still goes on the timeline, with the person who recorded it. */
async function noteOutcome(
  { service, today }: StepScope,
  invoiceId: string,
  outcome: TaskOutcome,
  by?: Actor,
) {
  if (!by) return;
  await service.annotate(invoiceId, [
    {
      on: today,
      type: 'outcome-recorded',
      summary: `outcome ${outcome.type} of the call task recorded`,
      data: { outcome: outcome.type, kind: 'call', ...actorFacts(by) },
    },
  ]);
}

type Once = (decide: (current: DunningCase) => Decision) => (current: DunningCase) => Decision | undefined;

async function recordPromise(
  scope: StepScope,
  invoiceId: string,
  outcome: Outcome<'paid' | 'promise'>,
  position: Position,
  once: Once,
  eventFor: EventFor,
): Promise<NextStep> {
  const changed = await scope.service.change(
    invoiceId,
    once((current) => ({
      event: eventFor(current),
      publish: (recorded) => {
        const promise = recorded.promises.at(-1);
        return promise
          ? [
              outboundEvent('Promise To Pay Recorded', recorded, scope.now, {
                promisedOn: promise.promisedOn,
                amount: { cents: promise.cents, currency: recorded.invoice.amount.currency },
              }),
            ]
          : [];
      },
    })),
  );
  const promise = changed.promises.at(-1);
  if (promise && outcome.type === 'promise') {
    await confirm(scope, changed, `promise-${changed.promises.length}`, {
      kind: 'promise-confirmation',
      promise: { date: promise.promisedOn, cents: promise.cents },
    });
  }
  return scope.nextStep(changed, position);
}

async function agreeInstallments(
  scope: StepScope,
  invoiceId: string,
  outcome: Outcome<'installments'>,
  position: Position,
  once: Once,
  eventFor: EventFor,
): Promise<NextStep> {
  const changed = await scope.service.change(
    invoiceId,
    once((current) => ({
      event: eventFor(current),
      publish: (agreed) => [
        outboundEvent('Installment Plan Agreed', agreed, scope.now, {
          rates: outcome.rates,
          currency: agreed.invoice.amount.currency,
        }),
      ],
    })),
  );
  // Keyed by the plan, so a plan agreed after a defaulted one is confirmed too.
  await confirm(scope, changed, changed.installmentPlan ? planKey(changed.installmentPlan) : 'installments', {
    kind: 'installment-confirmation',
    installments: outcome.rates,
  });
  return scope.nextStep(changed, position);
}

/** A supervisor approved the handover (it runs now) or rejected it (the case stays open for people). */
async function decideHandover(
  { service, clock, today, now }: StepScope,
  invoiceId: string,
  outcome: Outcome<'approval'>,
  position: Position,
  by?: Actor,
): Promise<NextStep> {
  const facts = by ? actorFacts(by) : undefined;
  if (outcome.decision === 'approve') {
    if (facts) {
      await service.annotate(invoiceId, [
        { on: today, type: 'handover-approved', summary: 'supervisor approved the handover', data: facts },
      ]);
    }
    return {
      route: 'handover',
      at: now,
      waitUntil: clock.toEngine(now),
      levelIndex: position.levelIndex,
      attempt: 1,
      later: false,
    };
  }
  await service.annotate(invoiceId, [
    {
      on: today,
      type: 'handover-rejected',
      summary: 'supervisor rejected the handover: the case stays open for manual follow-up',
      ...(facts && { data: facts }),
    },
  ]);
  return { route: 'close', at: now, waitUntil: clock.toEngine(now), attempt: 1, later: false };
}

/** The call level is done without a result: dunning moves on to the next level. */
async function advanceLevel({ service, today, nextStep }: StepScope, invoiceId: string, position: Position) {
  const changed = await service.change(invoiceId, (current) =>
    current.status === 'open' && current.nextLevelIndex === position.levelIndex
      ? { event: { type: 'level-completed', levelIndex: position.levelIndex, on: today } }
      : undefined,
  );
  return nextStep(changed);
}

/** The same level is worked again at `at` (the next business morning, or the callback the customer asked for). */
async function retryLevel(
  { service, clock, nextStep }: StepScope,
  invoiceId: string,
  position: Position,
  at: string,
): Promise<NextStep> {
  const current = await service.load(invoiceId);
  if (isTerminal(current.status)) return nextStep(current, position);
  return {
    route: 'wait',
    at,
    waitUntil: clock.toEngine(at),
    levelIndex: position.levelIndex,
    attempt: position.attempt + 1,
    later: false,
  };
}

function outcomeEvent(
  { today }: StepScope,
  outcome: TaskOutcome,
  current: DunningCase,
  by: Actor | undefined,
): CaseEvent {
  const event = caseEventFor(outcome, current, today, by);
  if (!event) throw new Error(`outcome ${outcome.type} changes no case state`);
  return event;
}
