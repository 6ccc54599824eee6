import { installmentStepInputSchema } from '../workflow/contracts.js';
import { installmentStep } from '../workflow/steps/installment-step.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(installmentStepInputSchema, installmentStep);
