import { sendReminderInputSchema } from '../workflow/contracts.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(sendReminderInputSchema, async (steps, input) =>
  steps.withinAgeLimit(await steps.sendReminder(input), input),
);
