import { recordOutcomeInputSchema } from '../workflow/contracts/record-outcome.js';
import { recordOutcome } from '../workflow/steps/record-outcome.js';
import { idempotentSesDelivery } from './runtime/email.js';
import { nextStepHandler } from './runtime/lambda.js';
import { installEmailDelivery } from './runtime/workflow.js';

// Only the functions IAM lets send email (send-email capability) load SES and Powertools idempotency.
installEmailDelivery(idempotentSesDelivery);
export const handler = nextStepHandler(recordOutcomeInputSchema, recordOutcome);
