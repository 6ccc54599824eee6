import type { CustomerOpenCases } from '../adapters/case-repository.js';
import type { CustomerRepository } from '../adapters/customer-repository.js';
import type { ReportSnapshot } from '../adapters/report-repository.js';
import type { QueuePage, QueueQuery } from '../adapters/task-repository.js';
import type { Actor } from '../domain/actor.js';
import type { CaseContext } from '../domain/case.js';
import type { SharedOutcome } from '../domain/customer-call.js';
import type { PrintBatch } from '../domain/print-batch.js';
import type { LateOutcome, Task, TaskRefusal } from '../domain/task.js';
import type { CaseService } from '../workflow/case-service.js';
import type { WorkflowClock } from '../workflow/clock.js';
import type { CompletionPorts } from '../workflow/complete-task.js';
import type { TimelineRecord } from '../workflow/outbox.js';
import type { PostingPorts } from '../workflow/print/post-batch.js';
import type { Reconciliation } from '../workflow/reconcile/reconcile-case.js';
import type { ExposureTotals } from '../workflow/reports/compute-reports.js';
import type { CaseFileReads } from './case-file-resource.js';

/** A task lifecycle transition as stored: undefined when there is no such task. */
type Transition = Promise<Task | TaskRefusal | undefined>;

/**
 * What the caller API needs from the rest of the product (the Lambda passes the real adapters), apart from the
 * document bucket: the callers' routes work without it, so their Lambda carries no S3 client.
 */
export interface CoreApiDeps {
  service: CaseService;
  cases: {
    timeline(invoiceId: string): Promise<TimelineRecord[]>;
    /** Up to `limit` open cases of the customer, oldest due first, and whether there are more. */
    openCasesOfCustomer(customerId: string, limit: number): Promise<CustomerOpenCases>;
  };
  /** The search and the customer page's reads (bounded Queries on bySearch, byCase and byCustomer). */
  customers: Pick<CustomerRepository, 'search' | 'openCases' | 'closedCases' | 'hasTaskIn' | 'recentTaskIds'>;
  /** What the report job computed: the reports' figures, a large customer's exposure totals. */
  reports: {
    snapshot(): Promise<ReportSnapshot | undefined>;
    exposure(customerId: string): Promise<ExposureTotals | undefined>;
  };
  tasks: CompletionPorts['tasks'] & {
    /** One page of several queues merged by priority; an opaque cursor in, an opaque cursor out. */
    listQueues(queues: readonly string[], query: QueueQuery): Promise<QueuePage>;
    /** The newest `limit` tasks of a case, oldest first. */
    recentTasksOfCase(invoiceId: string, limit: number): Promise<Task[]>;
    claim(taskId: string, caller: string, now: string): Transition;
    release(taskId: string, caller: string, now: string, force: boolean): Transition;
    recordLateOutcome(taskId: string, late: LateOutcome, supervisor: boolean): Transition;
    /** A customer call's outcome split into its members' parts, stored before any of them is resumed. */
    recordSharedOutcome(taskId: string, shared: SharedOutcome, members: readonly string[]): Transition;
  };
  executions: CompletionPorts['executions'];
  clock: WorkflowClock;
  context: CaseContext;
}

/**
 * The records' routes restart cases and read files: the document bucket, the case files, the print batches.
 * They read no customer pages (those are the callers' area), so their Lambda carries no customer repository.
 */
export interface ApiDeps extends Omit<CoreApiDeps, 'customers' | 'tasks'> {
  /** Which queues may see a case, and its open calls to replan: no queue pages or claims. */
  tasks: CompletionPorts['tasks'] & Pick<CoreApiDeps['tasks'], 'recentTasksOfCase'>;
  /** A supervisor's restart of a case that no execution works (reconcileCase with the reason). */
  restart(invoiceId: string, reason: string, by: Actor): Promise<Reconciliation>;
  /** The document bucket, read-only: a case's documents, print batches and short-lived download links. */
  documents: {
    list(prefix: string): Promise<{ key: string; lastModified: string }[]>;
    exists(key: string): Promise<boolean>;
    presignedGetUrl(key: string, expiresInSeconds: number, downloadName?: string): Promise<string>;
  };
  /** The § 13a RDG case files of handed-over cases (the table's copy, and links to the document bucket). */
  caseFiles: CaseFileReads;
  /** The print hand-off's batches in the table (their files are in `documents`); absent, its routes answer 503. */
  print?: PostingPorts['queue'] & { recentBatches(limit: number): Promise<PrintBatch[]> };
}
