import { advanceInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(advanceInputSchema, (steps, input) => steps.advance(input));
