import { installmentStepInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(installmentStepInputSchema, (steps, input) =>
  steps.installmentStep(input),
);
