import { CallerTaskRepository } from '../../adapters/caller-tasks.js';
import { CustomerRepository } from '../../adapters/customer-repository.js';
import { ReportRepository } from '../../adapters/report-repository.js';
import type * as core from './workflow.js';

/**
 * The workflow with what the callers' screens read and write besides the steps' own: queues and claims,
 * customers, the report job's figures. The callers' API function uses this; it carries no case files
 * (./records-workflow.js reads those for the records' function, ./container.js for the tests and local tools).
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
