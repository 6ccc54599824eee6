import { advanceInputSchema } from '../workflow/contracts/next-step.js';
import { checkOpen } from '../workflow/steps/check-open.js';
import { nextStepHandler } from './runtime/lambda.js';

export const handler = nextStepHandler(advanceInputSchema, checkOpen);
