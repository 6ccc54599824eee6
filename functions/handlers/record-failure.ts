import { recordFailureInputSchema } from '../workflow/contracts/close.js';
import { recordFailure } from '../workflow/steps/record-failure.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(recordFailureInputSchema, recordFailure);
