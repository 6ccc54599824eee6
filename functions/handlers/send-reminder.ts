import { sendReminderInputSchema } from '../workflow/contracts.js';
import { sendReminder } from '../workflow/steps/send-reminder.js';
import { nextStepHandler } from './runtime/lambda.js';

export const handler = nextStepHandler(sendReminderInputSchema, sendReminder);
