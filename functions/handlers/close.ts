import { closeInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(closeInputSchema, (steps, input) => steps.close(input));
