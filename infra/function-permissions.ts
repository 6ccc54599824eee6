/**
 * What each Lambda calls beyond what all of them do (read and write the dunning table and its indexes, put
 * events on the product's bus). The workflow stack turns these into IAM statements on specific ARNs, so a
 * function gets exactly the calls its handler makes. A function without an entry fails synth.
 */
export type FunctionCapability =
  /** states:StartExecution on the dunning state machine (one execution per invoice). */
  | 'start-dunning-execution'
  /** states:SendTaskSuccess with a stored task token (finishes a waiting call or approval task). */
  | 'resume-waiting-task'
  /** ses:SendEmail as the sender identity, once per idempotency key (Powertools idempotency table). */
  | 'send-email'
  /**
   * states:DescribeExecution on the executions of both state machines, and states:StartExecution on the
   * dunning machine: the reconciler's look at a case's execution and its restart.
   */
  | 'reconcile-executions'
  /**
   * scheduler:CreateSchedule in the product's start schedule group, and iam:PassRole of Scheduler's role for
   * it: the one-time schedule that starts a case's execution when its invoice becomes overdue.
   */
  | 'create-start-schedule'
  /**
   * scheduler:DeleteSchedule in the start schedule group: a case closed before it was overdue deletes its
   * start schedule (an outbox of the closing change, carried out by its writer or whoever reads the case next
   * while no execution works it). Best effort: a schedule left behind fires on a closed case and does nothing.
   */
  | 'delete-start-schedule'
  /** s3:GetObject and s3:ListBucket under the document prefixes: lists a case's documents, signs download links. */
  | 'read-documents'
  /** read-documents plus s3:PutObject under the document prefixes (never delete: the bucket is locked). */
  | 'store-documents';

export const functionCapabilities: Readonly<Record<string, readonly FunctionCapability[]>> = {
  // An invoice issued again whose case is open but unworked restarts the case (reconcileCase).
  'start-dunning': [
    'start-dunning-execution',
    'resume-waiting-task',
    'delete-start-schedule',
    'reconcile-executions',
    'create-start-schedule',
  ],
  // The start schedule fired: the case's first execution starts through the reconciler's start path.
  'start-overdue': ['reconcile-executions', 'resume-waiting-task', 'delete-start-schedule'],
  // A payment or cancellation before the due date closes a case that waits for its start: its schedule goes.
  'case-events': ['resume-waiting-task', 'delete-start-schedule'],
  // The callers' API resumes the execution waiting on a task when its outcome is posted; an outcome may close
  // the case, whose start schedule then goes.
  'api-calls': ['resume-waiting-task', 'delete-start-schedule'],
  // The records' API finishes the open tasks of a case a supervisor holds, disputes or writes off, and reads
  // the document bucket for download links.
  'api-records': ['resume-waiting-task', 'delete-start-schedule', 'read-documents'],
  // Every step that loads a case may finish an outbox a crashed writer left behind, and an outbox of a
  // closing change finishes the case's open tasks (finishOpenTasks): so each of them may resume a task.
  prepare: ['resume-waiting-task'],
  'check-open': ['resume-waiting-task'],
  'send-reminder': ['send-email', 'resume-waiting-task'],
  'open-task': ['resume-waiting-task'],
  'record-outcome': ['send-email', 'resume-waiting-task'],
  // Reads the case file RenderCaseFile stored and signs the links its event carries.
  handover: ['resume-waiting-task', 'read-documents'],
  // Stores the case file as PDF and JSON; loading the case may finish a left-over outbox.
  'render-case-file': ['store-documents', 'resume-waiting-task'],
  close: ['resume-waiting-task'],
  'record-failure': ['resume-waiting-task'],
  'installment-step': ['send-email', 'resume-waiting-task'],
  'reconcile-execution': ['reconcile-executions', 'resume-waiting-task', 'delete-start-schedule'],
  'sweep-cases': ['reconcile-executions', 'resume-waiting-task', 'delete-start-schedule'],
  // Reads the indexes and writes the report snapshot: the table access every function has.
  'compute-reports': [],
  // Stores the posted letter; loading the case may finish a left-over outbox; opens data-correction tasks.
  'render-letter': ['store-documents', 'resume-waiting-task'],
  // Reads the day's letters, stores the batch PDF and manifest and signs their links; it changes no case.
  'render-print-batch': ['store-documents'],
  // Changes the cases of a posted batch (letter-posted); any change may finish a crashed writer's outbox.
  'letters-posted': ['resume-waiting-task', 'delete-start-schedule'],
};

export function capabilitiesOf(functionName: string): readonly FunctionCapability[] {
  const capabilities = functionCapabilities[functionName];
  if (!capabilities) {
    throw new Error(
      `the function ${functionName} has no entry in infra/function-permissions.ts: declare what it calls`,
    );
  }
  return capabilities;
}
