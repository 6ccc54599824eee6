import { advanceInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(advanceInputSchema, async (steps, input) =>
  steps.withinAgeLimit(await steps.advance(input), input),
);
