import type { DunningCase } from '../../domain/case.js';
import { nextStepFor, type Position } from '../next-step.js';
import type { WorkflowDeps } from '../ports.js';

/**
 * What every step works with: the ports, the clock and policy, the business day and instant it acts on
 * (read once, so one step never straddles two days) and the planner of what the execution does next.
 */
export function stepScope(deps: WorkflowDeps) {
  const { service } = deps;
  const { clock, context } = service;
  return {
    ...deps,
    clock,
    context,
    today: clock.businessToday(),
    now: clock.businessNow(),
    nextStep: (dunningCase: DunningCase, position: Position = {}) =>
      nextStepFor(dunningCase, position, clock, context),
  };
}
export type StepScope = ReturnType<typeof stepScope>;
