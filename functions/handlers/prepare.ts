import { prepareInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(prepareInputSchema, async (steps, input) =>
  steps.withinAgeLimit(await steps.prepare(input), input),
);
