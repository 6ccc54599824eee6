import { handoverInputSchema } from '../workflow/contracts/next-step.js';
import { handover } from '../workflow/steps/handover.js';
import { workflowInstance } from './runtime/container.js';
import { caseFileStore } from './runtime/documents.js';
import { nextStepHandler } from './runtime/lambda.js';

export const handler = nextStepHandler(handoverInputSchema, (deps, input) =>
  handover(deps, caseFileStore(workflowInstance().config), input),
);
