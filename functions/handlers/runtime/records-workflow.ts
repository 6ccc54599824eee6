import { CaseRepositoryWithFiles } from '../../adapters/case-file-records.js';
import { ReportRepository } from '../../adapters/report-repository.js';
import type * as core from './workflow.js';

/**
 * The workflow with what the records' screens read besides the steps' own: case files and the report job's
 * figures (which queues may see a case comes from the steps' task repository). The records' API function uses
 * this; it carries no queues, claims or customer pages (./caller-workflow.js).
 */
export function withRecordReads(workflow: core.Workflow) {
  const { documents, config } = workflow;
  return {
    ...workflow,
    cases: new CaseRepositoryWithFiles(documents, config.TABLE_NAME),
    reports: new ReportRepository(documents, config.TABLE_NAME),
  };
}
