import { handoverInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(handoverInputSchema, (steps, input) => steps.handover(input));
