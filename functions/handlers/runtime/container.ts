import { CaseRepositoryWithFiles } from '../../adapters/case-file-records.js';
import { withCallerReads } from './caller-workflow.js';
import * as core from './workflow.js';

/**
 * The workflow with every read and write only the API makes (case files, queues and claims, customers, reports),
 * for the tests and the local tools. The step functions use ./workflow.js, which carries none of them; each API
 * function takes only its area's (./caller-workflow.js, ./records-workflow.js).
 */
function buildFullWorkflow(workflow: core.Workflow) {
  const { documents, config } = workflow;
  return { ...withCallerReads(workflow), cases: new CaseRepositoryWithFiles(documents, config.TABLE_NAME) };
}

export type Workflow = ReturnType<typeof buildFullWorkflow>;

let full: Workflow | undefined;

/** The process-wide workflow (the steps' one) with the API's reads, built on first use. */
export function workflowInstance(): Workflow {
  full ??= buildFullWorkflow(core.workflowInstance());
  return full;
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetWorkflowInstance(): void {
  full = undefined;
  core.resetWorkflowInstance();
}
