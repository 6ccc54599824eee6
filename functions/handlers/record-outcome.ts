import { recordOutcomeInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(recordOutcomeInputSchema, async (steps, input) =>
  steps.withinAgeLimit(await steps.recordOutcome(input), input),
);
