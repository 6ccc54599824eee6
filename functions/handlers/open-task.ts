import { openTaskInputSchema } from '../workflow/contracts/open-task.js';
import { openTask } from '../workflow/steps/open-task.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(openTaskInputSchema, openTask);
