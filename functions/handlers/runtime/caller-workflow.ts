import { CallerTaskRepository } from '../../adapters/caller-tasks.js';
import { CustomerRepository } from '../../adapters/customer-repository.js';
import { ReportRepository } from '../../adapters/report-repository.js';
import * as core from './workflow.js';

/**
 * The workflow with what the callers' screens read and write besides the steps' own: queues and claims,
 * customers, the report job's figures. The callers' API function uses this; it carries no case files
 * (./container.js adds those for the records' function, the tests and the local tools).
 */
export function withCallerReads(workflow: core.Workflow) {
  const { documents, config } = workflow;
  return {
    ...workflow,
    tasks: new CallerTaskRepository(documents, config.TABLE_NAME),
    reports: new ReportRepository(documents, config.TABLE_NAME),
    customers: new CustomerRepository(documents, config.TABLE_NAME),
  };
}

export type CallerWorkflow = ReturnType<typeof withCallerReads>;

let callers: CallerWorkflow | undefined;

/** The process-wide workflow (the steps' one) with the callers' reads, built on first use. */
export function callerWorkflowInstance(): CallerWorkflow {
  callers ??= withCallerReads(core.workflowInstance());
  return callers;
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetCallerWorkflowInstance(): void {
  callers = undefined;
}
