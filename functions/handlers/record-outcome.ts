import { recordOutcomeInputSchema } from '../workflow/contracts.js';
import { recordOutcome } from '../workflow/steps/record-outcome.js';
import { nextStepHandler } from './runtime/lambda.js';

export const handler = nextStepHandler(recordOutcomeInputSchema, recordOutcome);
