import { openTaskInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(openTaskInputSchema, (steps, input) => steps.openTask(input));
