import { CaseFileRecords } from '../adapters/case-file-records.js';
import { handoverInputSchema } from '../workflow/contracts/next-step.js';
import { handover } from '../workflow/steps/handover.js';
import { caseFileStore } from './runtime/documents.js';
import { nextStepHandler } from './runtime/lambda.js';
import { installCapability, workflowInstance } from './runtime/workflow.js';

// Only the handover writes the case file: the other functions carry neither its records nor its schema.
installCapability('caseFiles', ({ documents, config }) => new CaseFileRecords(documents, config.TABLE_NAME));
export const handler = nextStepHandler(handoverInputSchema, (deps, input) =>
  handover(deps, caseFileStore(workflowInstance().config), input),
);
