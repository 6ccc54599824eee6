import { recordFailureInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(recordFailureInputSchema, (steps, input) =>
  steps.recordFailure(input),
);
