import { handoverInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(handoverInputSchema, async (steps, input) =>
  steps.withinAgeLimit(await steps.handover(input), input),
);
