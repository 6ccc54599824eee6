import { prepareInputSchema } from '../workflow/contracts/prepare.js';
import { prepare } from '../workflow/steps/prepare.js';
import { nextStepHandler } from './runtime/lambda.js';

export const handler = nextStepHandler(prepareInputSchema, prepare);
