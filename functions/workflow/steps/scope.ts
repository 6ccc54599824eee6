import { planKey } from '../../domain/agreements.js';
import type { DunningCase } from '../../domain/case.js';
import type { NextStep } from '../contracts/next-step.js';
import { nextStepFor, type Position } from '../next-step.js';
import type { WorkflowDeps } from '../ports.js';

/**
 * What every step works with: the ports, the clock and policy, the business day and instant it acts on
 * (read once, so one step never straddles two days) and the planner of what the execution does next.
 */
export function stepScope(deps: WorkflowDeps) {
  const { service } = deps;
  const { clock, context } = service;
  const scoped = {
    ...deps,
    clock,
    context,
    today: clock.businessToday(),
    now: clock.businessNow(),
    /**
     * After a Wait the planned step checks the case itself: the step as planned now, if that is not the one the
     * execution waited for (the case was paid, held, disputed or changed its channel meanwhile); else undefined.
     */
    replanned: (dunningCase: DunningCase, planned: NextStep): NextStep | undefined => {
      if (!planned.later) return undefined;
      const now = scoped.nextStep(dunningCase, planned);
      const same = now.route === planned.route && now.levelIndex === planned.levelIndex && !now.later;
      return same ? undefined : now;
    },
    nextStep: (dunningCase: DunningCase, position: Position = {}): NextStep => {
      const next = nextStepFor(dunningCase, position, clock, context);
      // Each plan, and each restart of the case, starts a plan execution of its own (planSuffix).
      return next.route === 'installments' && next.executionName === undefined
        ? { ...next, executionName: deps.executionNameFor(dunningCase.invoiceId, planSuffix(dunningCase)) }
        : next;
    },
  };
  return scoped;
}
export type StepScope = ReturnType<typeof stepScope>;

/** The suffix of the plan's execution name: the plan's key (planKey), and the case's restart if any. */
export function planSuffix({ installmentPlan, workflow }: Pick<DunningCase, 'installmentPlan' | 'workflow'>) {
  const plan = installmentPlan ? planKey(installmentPlan) : 'plan';
  return workflow.restarts === 0 ? plan : `${plan}-r${workflow.restarts}`;
}
