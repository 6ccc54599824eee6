import { prepareInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(prepareInputSchema, (steps, input) => steps.prepare(input));
