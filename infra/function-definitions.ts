/**
 * The product's Lambda functions as plain data: the CDK app bundles each entry, the local stack imports the
 * same module in-process, and both fill the state machines' `${...}` substitutions from `substitution`.
 */
export interface FunctionDefinition {
  /** Logical id and local function name. */
  readonly name: string;
  /** Module under functions/handlers/ exporting `handler`. */
  readonly handler: string;
  /** The function's description in Lambda. */
  readonly description: string;
  /**
   * The ASL substitution that receives this function's ARN, if a state machine calls it.
   *
   * @default - none: no state machine calls the function
   */
  readonly substitution?: string;
  /**
   * The function's timeout on AWS, in seconds (the local stack sets none).
   *
   * @default 30 (FUNCTION_TIMEOUT of infra/constructs/dunning-function.ts)
   */
  readonly timeoutSeconds?: number;
  /**
   * Files the function reads at run time, copied next to its bundle (paths relative to the repository root),
   * and the environment variable that names the directory they land in.
   *
   * @default - none
   */
  readonly bundledFiles?: { readonly files: readonly string[]; readonly directoryVariable: string };
}

export const functionDefinitions: readonly FunctionDefinition[] = [
  { name: 'start-dunning', handler: 'start-dunning', description: 'Invoice Issued -> case + execution' },
  {
    name: 'start-overdue',
    handler: 'start-overdue',
    description: 'Start schedule fired: the overdue case gets its execution',
  },
  { name: 'case-events', handler: 'case-events', description: 'Payments, cancellations, blocks, bounces' },
  {
    name: 'api-calls',
    handler: 'api-calls',
    description: "Caller API, the callers' routes (tasks, calls, search, customers) behind the HTTP API",
  },
  {
    name: 'api-records',
    handler: 'api-records',
    description:
      'Caller API, the records routes (cases, documents, print batches, reports) behind the HTTP API',
  },
  {
    name: 'prepare',
    handler: 'prepare',
    description: 'First step of an execution',
    substitution: 'PrepareFunctionArn',
  },
  {
    name: 'check-open',
    handler: 'check-open',
    description: 'Consistent read after every Wait',
    substitution: 'CheckOpenFunctionArn',
  },
  {
    name: 'send-reminder',
    handler: 'send-reminder',
    description: 'Reminder letter by SES, once per level',
    substitution: 'SendReminderFunctionArn',
  },
  {
    name: 'open-task',
    handler: 'open-task',
    description: 'Call, approval or dispute task with its token',
    substitution: 'OpenTaskFunctionArn',
  },
  {
    name: 'record-outcome',
    handler: 'record-outcome',
    description: 'Applies a task outcome',
    substitution: 'RecordOutcomeFunctionArn',
  },
  {
    name: 'render-case-file',
    handler: 'render-case-file',
    description: 'The § 13a RDG case file as PDF and JSON into the document bucket, before the handover',
    substitution: 'RenderCaseFileFunctionArn',
    // A few pages render in tens of milliseconds; the minute leaves room for S3 and the DynamoDB writes.
    timeoutSeconds: 60,
    // Only the render functions bundle the PDF writer; the two TTF files travel next to their code.
    bundledFiles: {
      files: [
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf',
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf',
      ],
      directoryVariable: 'LETTER_FONT_DIR',
    },
  },
  {
    name: 'handover',
    handler: 'handover',
    description: 'Gate, case file, Inkasso event',
    substitution: 'HandoverFunctionArn',
  },
  {
    name: 'close',
    handler: 'close',
    description: 'Last step of an execution',
    substitution: 'CloseFunctionArn',
  },
  {
    name: 'record-failure',
    handler: 'record-failure',
    description: 'Keeps a failed step on the timeline',
    substitution: 'RecordFailureFunctionArn',
  },
  {
    name: 'installment-step',
    handler: 'installment-step',
    description: 'One installment rate at a time',
    substitution: 'InstallmentStepFunctionArn',
  },
  {
    name: 'reconcile-execution',
    handler: 'reconcile-execution',
    description: 'Restarts the open case of a failed, timed-out or aborted execution',
  },
  {
    name: 'sweep-cases',
    handler: 'sweep-cases',
    description: 'Periodic sweep: restarts open cases that no execution works',
    // A run reads up to 20 pages of 100 open cases and describes each case's execution, one after another.
    timeoutSeconds: 300,
  },
  {
    name: 'compute-reports',
    handler: 'compute-reports',
    description: 'Periodic report job: computes the report snapshot in bounded runs',
    // A run reads up to 100 pages of 500 index items (figures only) and saves its place after each.
    timeoutSeconds: 300,
  },
  {
    name: 'render-letter',
    handler: 'render-letter',
    description: 'Posted letter of a letter level as PDF into the document bucket',
    // A two-page letter renders in tens of milliseconds; the minute leaves room for S3 and the DynamoDB writes.
    timeoutSeconds: 60,
    // The two TTF files travel next to the code: the letter embeds subsets of them.
    bundledFiles: {
      files: [
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf',
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf',
      ],
      directoryVariable: 'LETTER_FONT_DIR',
    },
  },
  {
    name: 'render-print-batch',
    handler: 'render-print-batch',
    description: "Daily print batch: the day's letters as one PDF and a CSV manifest, Letter Batch Ready",
    // Up to 1,000 letters are read from S3, merged and written back as one PDF.
    timeoutSeconds: 300,
  },
  {
    name: 'letters-posted',
    handler: 'letters-posted',
    description: 'Letters Posted: each letter of the batch is posted on its case',
    // A batch of up to 1,000 letters changes as many cases, one after another.
    timeoutSeconds: 300,
  },
];

export const stateMachineDefinitions = [
  { name: 'dunning', file: 'statemachines/dunning.asl.json', substitution: 'DunningStateMachineArn' },
  {
    name: 'installments',
    file: 'statemachines/installments.asl.json',
    substitution: 'InstallmentsStateMachineArn',
  },
] as const;
