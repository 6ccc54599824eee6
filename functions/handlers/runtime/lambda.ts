import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from '../../domain/zod.js';
import type { NextStep } from '../../workflow/contracts/next-step.js';
import type { WorkflowDeps } from '../../workflow/ports.js';
import { type ExecutionAge, withinAgeLimit } from '../../workflow/steps/continue-as-new.js';
import { classifyTransientErrors, observed, parseEvent, registerRemainingTime } from './middlewares.js';
import { workflowInstance } from './workflow.js';

/**
 * Every state-machine Lambda is the same shape: validated input, one workflow step, errors classified for
 * the state machine's Retry. The workflow (and its configuration) is built at cold start.
 */
export function workflowHandler<S extends z.ZodMiniType, R>(
  schema: S,
  step: (deps: WorkflowDeps, input: z.infer<S>) => Promise<R>,
) {
  const { deps, registerLambdaContext } = workflowInstance();
  return middy<z.output<S>, R, Error, Context>()
    .use(observed())
    .use(registerRemainingTime(registerLambdaContext))
    .use(parseEvent(schema))
    .use(classifyTransientErrors())
    .handler((event) => step(deps, event));
}

/**
 * A step of the dunning machine that says what the execution does next. Its answer passes the
 * continue-as-new age check here, once for all of them, so no step can take an execution past its age limit.
 */
export function nextStepHandler<S extends z.ZodMiniType<ExecutionAge>>(
  schema: S,
  step: (deps: WorkflowDeps, input: z.infer<S>) => Promise<NextStep>,
) {
  return workflowHandler(schema, async (deps, input) => withinAgeLimit(deps, await step(deps, input), input));
}
