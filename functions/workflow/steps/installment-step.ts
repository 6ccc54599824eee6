import { isPaidThroughRate, planKey } from '../../domain/agreements.js';
import type { IsoDate } from '../../domain/calendar.js';
import { isTerminal } from '../../domain/case.js';
import { pacedInstant } from '../../domain/pacing.js';
import type * as z from '../../domain/zod.js';
import type { InstallmentStep, installmentStepInputSchema } from '../contracts/installments.js';
import { nextBusinessMorning } from '../next-step.js';
import type { WorkflowDeps } from '../ports.js';
import { confirm } from './confirmation.js';
import { generationOf, outlives } from './continue-as-new.js';
import { recordExecution } from './record-execution.js';
import { stepScope } from './scope.js';

/** installment-step: one rate at a time: wait for its due date plus grace, check, remind once, default. */
export async function installmentStep(
  deps: WorkflowDeps,
  { invoiceId, executionId, step, executionStartedAt }: z.infer<typeof installmentStepInputSchema>,
): Promise<InstallmentStep> {
  const scope = stepScope(deps);
  const { service, clock, context, today, now } = scope;
  const { calendar, policy } = context;
  const loaded = await service.load(invoiceId);
  // The plan's first step records the plan's execution on the case (see recordExecution).
  const dunningCase = step.phase === 'prepare' ? await recordExecution(scope, loaded, executionId) : loaded;
  const plan = dunningCase.installmentPlan;
  const end = (route: 'done' | 'defaulted', executionName?: string): InstallmentStep => ({
    ...step,
    route,
    waitUntil: clock.toEngine(now),
    executionName,
  });
  const held = dunningCase.status === 'on-hold' && dunningCase.hold?.resumeAs === 'installments';
  if (!plan || (dunningCase.status !== 'installments' && !held)) return end('done');
  const continuation = (rateIndex: number) =>
    deps.executionNameFor(invoiceId, `plan-${rateIndex}-${generationOf(executionStartedAt)}`);
  const waitForRate = (rateIndex: number, reminded: boolean, from?: IsoDate): InstallmentStep => {
    const rate = plan.rates[rateIndex];
    if (!rate) return end('done');
    const checkOn = calendar.addBusinessDays(from ?? rate.dueDate, policy.installments.graceBusinessDays);
    // Rates due on the 1st of the month wake spread over the sending window, like reminders.
    const waitUntil = clock.toEngine(
      pacedInstant(checkOn, dunningCase.invoice.customer.id, policy.sendingWindow),
    );
    const next = { rateIndex, phase: 'check' as const, reminded, waitUntil };
    // Like withinAgeLimit for the dunning machine, but the plan's continuation resumes at this rate.
    return outlives(deps, executionStartedAt, waitUntil)
      ? {
          ...next,
          route: 'continue',
          phase: 'prepare',
          executionName: continuation(rateIndex),
        }
      : { ...next, route: 'wait' };
  };
  if (held) {
    // A hold pauses the plan (no rate reminder, no default) without ending it: look again tomorrow.
    const tomorrow = clock.toEngine(nextBusinessMorning(today, context));
    return outlives(deps, executionStartedAt, tomorrow)
      ? {
          ...step,
          route: 'continue',
          phase: 'prepare',
          waitUntil: tomorrow,
          executionName: continuation(step.rateIndex),
        }
      : { ...step, route: 'wait', phase: 'prepare', waitUntil: tomorrow };
  }
  switch (step.phase) {
    case 'prepare':
      return waitForRate(step.rateIndex, step.reminded);
    case 'remind': {
      await confirm(scope, dunningCase, `${planKey(plan)}-rate-${step.rateIndex}-reminder`, {
        kind: 'installment-confirmation',
        installments: plan.rates.slice(step.rateIndex),
      });
      await service.annotate(invoiceId, [
        {
          on: today,
          type: 'installment-reminder',
          summary: `rate ${step.rateIndex + 1} overdue: reminder sent`,
          data: { rate: step.rateIndex + 1 },
        },
      ]);
      return waitForRate(step.rateIndex, true, today);
    }
    case 'check': {
      if (isPaidThroughRate(plan, dunningCase.paidCents, step.rateIndex)) {
        return step.rateIndex + 1 < plan.rates.length ? waitForRate(step.rateIndex + 1, false) : end('done');
      }
      if (!step.reminded)
        return { ...step, route: 'reminder', phase: 'remind', waitUntil: clock.toEngine(now) };
      const defaulted = await service.change(invoiceId, (current) =>
        current.status === 'installments'
          ? { event: { type: 'installments-defaulted', on: today } }
          : undefined,
      );
      return isTerminal(defaulted.status)
        ? end('done')
        : end('defaulted', deps.executionNameFor(invoiceId, `${planKey(plan)}-default-${step.rateIndex}`));
    }
  }
}
