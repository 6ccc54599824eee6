import { CallerTaskRepository } from '../../adapters/caller-tasks.js';
import { CaseRepositoryWithFiles } from '../../adapters/case-file-records.js';
import { CustomerRepository } from '../../adapters/customer-repository.js';
import { ReportRepository } from '../../adapters/report-repository.js';
import * as core from './workflow.js';

/**
 * The workflow with every read and write only callers make (case files, queues and claims, customers, reports),
 * for the API function, the tests and the local tools. The step functions use ./workflow.js, which carries none
 * of them.
 */
function buildFullWorkflow(workflow: core.Workflow) {
  const { documents, config } = workflow;
  return {
    ...workflow,
    cases: new CaseRepositoryWithFiles(documents, config.TABLE_NAME),
    tasks: new CallerTaskRepository(documents, config.TABLE_NAME),
    reports: new ReportRepository(documents, config.TABLE_NAME),
    customers: new CustomerRepository(documents, config.TABLE_NAME),
  };
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
