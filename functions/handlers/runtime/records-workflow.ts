import { CaseRepositoryWithFiles } from '../../adapters/case-file-records.js';
import { ReportRepository } from '../../adapters/report-repository.js';
import * as core from './workflow.js';

/**
 * The workflow with what the records' screens read besides the steps' own: case files and the report job's
 * figures (which queues may see a case comes from the steps' task repository). The records' API function uses
 * this; it carries no queues, claims or customer pages (./caller-workflow.js).
 */
function withRecordReads(workflow: core.Workflow) {
  const { documents, config } = workflow;
  return {
    ...workflow,
    cases: new CaseRepositoryWithFiles(documents, config.TABLE_NAME),
    reports: new ReportRepository(documents, config.TABLE_NAME),
  };
}

type RecordsWorkflow = ReturnType<typeof withRecordReads>;

let records: RecordsWorkflow | undefined;

/** The process-wide workflow (the steps' one) with the records' reads, built on first use. */
export function recordsWorkflowInstance(): RecordsWorkflow {
  records ??= withRecordReads(core.workflowInstance());
  return records;
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetRecordsWorkflowInstance(): void {
  records = undefined;
}
