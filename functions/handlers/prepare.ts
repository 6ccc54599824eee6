import { prepareInputSchema } from '../workflow/contracts.js';
import { prepare } from '../workflow/steps/prepare.js';
import { nextStepHandler } from './runtime/lambda.js';

export const handler = nextStepHandler(prepareInputSchema, prepare);
