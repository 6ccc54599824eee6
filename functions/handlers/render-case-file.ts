import { renderCaseFilePdf } from '../documents/case-file-pdf.js';
import { handoverInputSchema } from '../workflow/contracts/next-step.js';
import { renderCaseFile } from '../workflow/steps/render-case-file.js';
import { caseFileStore } from './runtime/documents.js';
import { workflowHandler } from './runtime/lambda.js';
import { workflowInstance } from './runtime/workflow.js';

/** Besides render-letter, the only function that writes PDFs with embedded fonts (the fonts travel next to it). */
export const handler = workflowHandler(handoverInputSchema, (deps, input) =>
  renderCaseFile(deps, caseFileStore(workflowInstance().config), (file) => renderCaseFilePdf(file), input),
);
