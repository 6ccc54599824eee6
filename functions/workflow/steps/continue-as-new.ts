import { createHash } from 'node:crypto';
import { secondsBetween } from '../../domain/instant.js';
import type { NextStep } from '../contracts/next-step.js';
import type { WorkflowDeps } from '../ports.js';

/** Where a step stands in its execution: the case and when the execution started (engine time). */
export interface ExecutionAge {
  invoiceId: string;
  executionStartedAt?: string | undefined;
}

/**
 * Standard executions live one year at most: a step that would take the execution past its allowed age
 * (now, or by the end of the Wait it leads to) hands the case to a fresh execution instead, which picks
 * it up with Prepare exactly where it is. Every dunning step's result passes through here (nextStepHandler).
 */
export function withinAgeLimit(deps: WorkflowDeps, step: NextStep, input: ExecutionAge): NextStep {
  const keepsRunning = !['close', 'installments', 'continue'].includes(step.route);
  const until = step.route === 'wait' || step.later ? step.waitUntil : deps.service.clock.engineNow();
  if (!keepsRunning || !outlives(deps, input.executionStartedAt, until)) return step;
  const executionName = deps.executionNameFor(input.invoiceId, `c${generationOf(input.executionStartedAt)}`);
  return { ...step, route: 'continue', executionName };
}

/** Would the execution be older than allowed at `until` (engine time)? */
export function outlives(deps: WorkflowDeps, executionStartedAt: string | undefined, until: string): boolean {
  if (!executionStartedAt) return false;
  return secondsBetween(executionStartedAt, until) > deps.maxExecutionAgeSeconds;
}

/**
 * Names a continuation after the execution it continues: a retried step names it the same (no second
 * execution), and a continuation of a continuation gets a new name (no collision, whatever the dates).
 */
export function generationOf(executionStartedAt: string | undefined): string {
  return createHash('sha256')
    .update(executionStartedAt ?? '')
    .digest('hex')
    .slice(0, 8);
}
