import { sendReminderInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(sendReminderInputSchema, (steps, input) => steps.sendReminder(input));
