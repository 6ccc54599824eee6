import { installmentStepInputSchema } from '../workflow/contracts/installments.js';
import { installmentStep } from '../workflow/steps/installment-step.js';
import { idempotentSesDelivery } from './runtime/email.js';
import { workflowHandler } from './runtime/lambda.js';
import { installEmailDelivery } from './runtime/workflow.js';

// Only the functions IAM lets send email (send-email capability) load SES and Powertools idempotency.
installEmailDelivery(idempotentSesDelivery);
export const handler = workflowHandler(installmentStepInputSchema, installmentStep);
