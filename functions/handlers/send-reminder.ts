import { sendReminderInputSchema } from '../workflow/contracts/next-step.js';
import { sendReminder } from '../workflow/steps/send-reminder.js';
import { installEmailDelivery } from './runtime/container.js';
import { idempotentSesDelivery } from './runtime/email.js';
import { nextStepHandler } from './runtime/lambda.js';

// Only the functions IAM lets send email (send-email capability) load SES and Powertools idempotency.
installEmailDelivery(idempotentSesDelivery);
export const handler = nextStepHandler(sendReminderInputSchema, sendReminder);
