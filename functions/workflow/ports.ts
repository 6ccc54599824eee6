import type { Instant, IsoDate } from '../domain/calendar.js';
import type { InkassoCaseFile } from '../domain/case-file.js';
import type { CustomerDayReminder } from '../domain/combined-reminders.js';
import type { CaseFileLinks } from '../domain/events.js';
import type { Task } from '../domain/task.js';
import type { CaseService } from './case-service.js';
import type { CustomerBlockStore } from './customer-blocks.js';
import type { OpenCallPorts } from './customer-call.js';

/** What the workflow steps need from the outside world: the only doors to storage, mail and executions. */
export interface TaskStore {
  openOrRefresh(task: Task): Promise<'opened' | 'refreshed' | 'finished'>;
  get(taskId: string): Promise<Task | undefined>;
  tasksOfCase(invoiceId: string): Promise<Task[]>;
  finish(
    taskId: string,
    status: 'done' | 'timed-out' | 'cancelled',
    patch: Pick<Task, 'outcome' | 'updatedAt'>,
  ): Promise<boolean>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  tags: Record<string, string>;
}

/** What Step Functions says of an execution: its status and, once stopped, when (ISO instant). */
export interface ExecutionState {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  stoppedAt?: string;
}

/** Business metrics of the workflow that alarms watch (EMF, namespace Mahnwesen). */
export type WorkflowMetric = 'CaseRestarted' | 'CaseRestartRepeated' | 'OrphanedCaseFound';

/** A page of the open cases for the sweep, in a stable order, with where the next page starts. */
export interface OpenCasePage {
  invoiceIds: string[];
  nextCursor?: string;
}

/** How a customer's reminder of a day ends: sent with the mail's id and the invoices it listed, or withheld. */
export type DayReminderOutcome =
  | { status: 'sent'; messageId: string; mailed: string[] }
  | { status: 'withheld' };

/** The customers' reminders of a day (one mail per customer and business day), all conditional writes. */
export interface CustomerReminderStore {
  get(customerId: string, date: IsoDate): Promise<CustomerDayReminder | undefined>;
  /** Creates the day's reminder; false if another execution claimed the day first. */
  claim(reminder: CustomerDayReminder): Promise<boolean>;
  /**
   * Takes over a claim whose lease ran out by `nowMs` (its claimer died), or that `claimedBy` holds itself (a retry
   * of the claimer's own step: its previous attempt failed); false if neither.
   */
  takeOver(
    customerId: string,
    date: IsoDate,
    claimedBy: string,
    nowMs: number,
    untilMs: number,
  ): Promise<boolean>;
  /** Ends a claim; false if it was no longer a claim (someone else finished it). */
  finish(customerId: string, date: IsoDate, outcome: DayReminderOutcome): Promise<boolean>;
  /** The invoice ids of up to `limit` open cases of the customer, oldest due date first. */
  openInvoiceIds(customerId: string, limit: number): Promise<string[]>;
}

export interface WorkflowDeps {
  service: CaseService;
  tasks: TaskStore;
  executions: {
    start(stateMachineArn: string, name: string, input: unknown): Promise<'started' | 'exists'>;
    resume(taskToken: string, output: unknown): Promise<'resumed' | 'expired'>;
    describe(executionArn: string): Promise<ExecutionState | undefined>;
  };
  /** The open (not closed) cases, page by page; `cursor` continues where the last page ended. */
  openCases: {
    page(limit: number, cursor?: string): Promise<OpenCasePage>;
    /** Where the periodic sweep stopped last time (it reads a bounded number of pages per run). */
    sweepCursor(): Promise<string | undefined>;
    saveSweepCursor(cursor: string | undefined): Promise<void>;
  };
  /**
   * One-time schedules that start a case's first execution when its invoice becomes overdue (named after the
   * invoice: creating one again finds the first, deleting a fired or deleted one is fine).
   */
  startSchedules: {
    create(invoiceId: string, at: Instant): Promise<'created' | 'exists'>;
    delete(invoiceId: string): Promise<'deleted' | 'not-found'>;
  };
  /** The customers' dunning blocks (the accounting system's blocks on every invoice of a customer). */
  customerBlocks: CustomerBlockStore;
  customerReminders: CustomerReminderStore;
  /** The customers' open calls (one call per customer); without it every execution opens its own call task. */
  customerCalls?: OpenCallPorts;
  count(metric: WorkflowMetric): void;
  /** Sends an email at most once per idempotency key, returning the message id of the first send. */
  deliver(idempotencyKey: string, email: OutgoingEmail): Promise<string>;
  storeCaseFile(invoiceId: string, file: InkassoCaseFile): Promise<void>;
  stateMachines: { dunning: string; installments: string };
  executionNameFor(invoiceId: string, suffix?: string): string;
  executionArnFor(stateMachineArn: string, name: string): string;
  /** Engine seconds after which a step continues in a new execution (Standard executions last a year at most). */
  maxExecutionAgeSeconds: number;
}

/**
 * The handed-over case file in the document bucket (`cases/<invoiceId>/case-file.json` and `.pdf`): only the
 * handover and its render function use it, so their handlers pass it to the steps (other bundles keep no S3).
 */
export interface StoredCaseFile {
  file: InkassoCaseFile;
  /** The version of the case the file was made from: the handover hands over only a file of its case as it is. */
  caseVersion: number;
}

export interface CaseFileDocuments {
  /** The keys of the case's stored posted letters, by level id. */
  letterKeys(invoiceId: string): Promise<Record<string, string>>;
  /** The stored JSON case file and the case version it was made from, or undefined before the first render. */
  stored(invoiceId: string): Promise<StoredCaseFile | undefined>;
  /** Stores the PDF and then the JSON, so a stored JSON always has its PDF. */
  store(invoiceId: string, stored: StoredCaseFile, pdf: Uint8Array): Promise<void>;
  /** Presigned GET links to both documents, and the instant they stop working at the latest. */
  links(invoiceId: string): Promise<CaseFileLinks>;
}
