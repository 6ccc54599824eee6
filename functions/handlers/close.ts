import { closeInputSchema } from '../workflow/contracts/close.js';
import { close } from '../workflow/steps/close.js';
import { workflowHandler } from './runtime/lambda.js';

export const handler = workflowHandler(closeInputSchema, close);
