import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { WorkflowSteps } from '../../workflow/steps.js';
import { workflowInstance } from './container.js';
import { classifyTransientErrors, observed, parseEvent, registerRemainingTime } from './middlewares.js';

/**
 * Every state-machine Lambda is the same shape: validated input, one workflow step, errors classified for
 * the state machine's Retry. The workflow (and its configuration) is built at cold start.
 */
export function workflowHandler<S extends z.ZodType, R>(
  schema: S,
  step: (steps: WorkflowSteps, input: z.infer<S>) => Promise<R>,
) {
  const { steps, idempotencyConfig } = workflowInstance();
  return middy<z.output<S>, R, Error, Context>()
    .use(observed())
    .use(registerRemainingTime(idempotencyConfig))
    .use(parseEvent(schema))
    .use(classifyTransientErrors())
    .handler((event) => step(steps, event));
}
