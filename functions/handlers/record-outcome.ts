import { recordOutcomeInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(recordOutcomeInputSchema, (steps, input) =>
  steps.recordOutcome(input),
);
