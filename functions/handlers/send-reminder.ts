import { CustomerReminders } from '../adapters/customer-reminders.js';
import { sendReminderInputSchema } from '../workflow/contracts/next-step.js';
import { sendReminder } from '../workflow/steps/send-reminder.js';
import { idempotentSesDelivery } from './runtime/email.js';
import { nextStepHandler } from './runtime/lambda.js';
import { installCapability, installEmailDelivery } from './runtime/workflow.js';

// Only the functions IAM lets send email (send-email capability) load SES and Powertools idempotency.
installEmailDelivery(idempotentSesDelivery);
// Combined reminders (one mail per customer and day) are sent by this step alone.
installCapability(
  'customerReminders',
  ({ documents, config, cases }) => new CustomerReminders(documents, config.TABLE_NAME, cases),
);
export const handler = nextStepHandler(sendReminderInputSchema, sendReminder);
