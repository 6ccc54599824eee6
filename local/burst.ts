import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { paginateListExecutions, SFNClient } from '@aws-sdk/client-sfn';
import { defaultPolicy } from '../config/index.js';
import { DocumentClient } from '../functions/adapters/aws/dynamodb.js';
import { CaseRepository } from '../functions/adapters/case-repository.js';
import { addDays, berlinInstant, businessCalendar, type IsoDate } from '../functions/domain/calendar.js';
import { type InvoiceIssued, invoiceIssuedSchema } from '../functions/domain/events.js';
import { accountingSource } from './accounting-system.js';
import {
  awaitingFirstReminder,
  type BurstReport,
  berlinTime,
  burstReport,
  type ExecutionSummary,
  invoiceOfExecution,
  invoicesWithFailedExecution,
  mailTally,
} from './burst-report.js';
import { localCredentials, localRegion } from './emulators/shared.js';
import { startWorkflowStack, type WorkflowStack } from './workflow-stack.js';

export { type BurstReport, berlinTime, SENDING_WINDOW } from './burst-report.js';

/**
 * A burst on the local stack: many invoices, all due the same day, issued at once by the accounting system's
 * nightly run, against an SES sending rate far below what the first reminders ask for and a Lambda
 * concurrency cap. It counts what must never happen (failed executions, lost invoices, duplicate mails) and
 * when the first reminders went out in business time. `npm run bench:burst` and a workflow test use it.
 */
export interface BurstOptions {
  invoices: number;
  /** SES SendEmail requests per engine second. */
  sesRate: number;
  /** Lambda invocations of all functions at once. */
  concurrency: number;
  /** Engine seconds per business day (the clock scale). */
  daySeconds: number;
  /** Engine seconds after which the run stops waiting for first reminders. */
  deadlineSeconds: number;
  /** Berlin time of the accounting system's run on the evening before the first reminders (default 22:00). */
  issueTime?: string;
  /**
   * Multiplies the state machines' Retry delays. Default: the clock's own scale, so a delay is as long in
   * business time as on AWS and the throttling budget stays about two and a half business hours.
   */
  retryDelayScale?: number;
  /** Called about every `progressSeconds` with a line on where the run is. */
  onProgress?: (line: string) => void;
  progressSeconds?: number;
}

/**
 * Monday 12 January 2026, no holiday in NW (the policy's place of payment) that week: the first reminder
 * falls due on Thursday 15 January at the policy's action time.
 */
const DUE_DATE: IsoDate = '2026-01-12';

export function firstReminderDay(): IsoDate {
  const calendar = businessCalendar(defaultPolicy.state);
  return calendar.addBusinessDays(
    calendar.onOrNextBusinessDay(DUE_DATE),
    defaultPolicy.levels[0]?.offsetBusinessDays ?? 0,
  );
}

export async function runBurst(options: BurstOptions): Promise<BurstReport> {
  const wallStart = performance.now();
  const scale = 86_400 / options.daySeconds;
  const mail = mailTally();
  let toBusiness = (engineMs: number) => engineMs;
  const stack = await startWorkflowStack({
    clockScale: scale,
    businessStart: berlinInstant(addDays(firstReminderDay(), -1), options.issueTime ?? '22:00'),
    logLevel: 'SILENT',
    retryDelayScale: options.retryDelayScale ?? 1 / scale,
    ses: { sendingRate: options.sesRate, onSent: (email) => mail.add(email, toBusiness(email.acceptedAt)) },
    lambdaConcurrency: { total: options.concurrency },
    // A finished execution keeps its history for a business hour, then only its record: bounded memory.
    executionHistoryRetentionMs: (3_600 / scale) * 1_000,
  });
  const engineAnchor = Date.now();
  const businessAnchor = Date.parse(stack.clock.businessNow());
  toBusiness = (engineMs) => businessAnchor + (engineMs - engineAnchor) * scale;
  const endpoint = (service: keyof typeof stack.endpoints) => ({
    region: localRegion,
    credentials: localCredentials,
    endpoint: stack.endpoints[service],
  });
  const sfn = new SFNClient(endpoint('stepFunctions'));
  const dynamo = new DocumentClient(endpoint('dynamodb'));
  try {
    const invoices = Array.from({ length: options.invoices }, (_, index) => burstInvoice(index));
    const invoiceIds = invoices.map((invoice) => invoice.invoiceId);
    const invoiceOf = invoiceOfExecution(invoiceIds);
    await issueAll(stack, invoices);
    const deadline = wallStart + options.deadlineSeconds * 1_000;
    let nextProgress = 0;
    let executions = await listExecutions(sfn, stack);
    // Until every invoice has its first reminder, or those without one have neither a running execution nor a
    // queued or scheduled start left that could send it.
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await stack.ses.clear();
      executions = await listExecutions(sfn, stack);
      // A start still queued, or a case waiting for its start schedule (not overdue yet), may still send one.
      const starting =
        stack.queues.some((queue) => queue.pendingCount() > 0) || stack.scheduler.pending().length > 0;
      if (!starting && awaitingFirstReminder(invoiceIds, executions, mail, invoiceOf).length === 0) break;
      if (options.onProgress && performance.now() >= nextProgress) {
        nextProgress = performance.now() + (options.progressSeconds ?? 10) * 1_000;
        options.onProgress(progressLine(stack, mail.firstReminded(), invoices.length));
      }
    }
    const cases = new CaseRepository(dynamo, stack.tableNames.DunningTable ?? '');
    return burstReport({
      invoiceIds,
      executions,
      mail,
      failedBy: await failureErrors(cases, invoicesWithFailedExecution(executions, invoiceOf)),
      deadLetters: Object.values(stack.deadLetters()).flat().length,
      sesThrottled: stack.ses.sendingStats().throttled,
      lambda: stack.concurrency.stats(),
      wallSeconds: (performance.now() - wallStart) / 1_000,
      toBusiness,
    });
  } finally {
    sfn.destroy();
    await stack.stop();
  }
}

/** One invoice per customer, each with its own mailbox. */
function burstInvoice(index: number): InvoiceIssued {
  const id = `burst-${String(index + 1).padStart(5, '0')}`;
  return invoiceIssuedSchema.parse({
    invoiceId: id,
    invoiceNumber: `RE-${id}`,
    customer: {
      id: `cust-${id}`,
      name: `Kunde ${index + 1} GmbH`,
      email: `${id}@kunde.example`,
      phone: '+49 211 555 0100',
      language: 'de',
      segment: 'regular',
      consumer: false,
      state: 'NW',
    },
    amount: { cents: 50_000 + (index % 97) * 1_000, currency: 'EUR' },
    issueDate: addDays(DUE_DATE, -30),
    dueDate: DUE_DATE,
    paymentDateIsCalendarDate: true,
    consumerNoticeOnInvoice: false,
    lineSummary: ['Wartung Januar'],
  });
}

/** PutEvents takes ten entries per call; four calls at a time, like an ERP export job. */
async function issueAll(stack: WorkflowStack, invoices: readonly InvoiceIssued[]): Promise<void> {
  const client = new EventBridgeClient({
    region: localRegion,
    credentials: localCredentials,
    endpoint: stack.endpoints.eventBridge,
  });
  const batches: PutEventsRequestEntry[][] = [];
  for (let start = 0; start < invoices.length; start += 10) {
    batches.push(
      invoices.slice(start, start + 10).map((invoice) => ({
        EventBusName: stack.productBus,
        Source: accountingSource(stack),
        DetailType: 'Invoice Issued',
        Detail: JSON.stringify(invoice),
      })),
    );
  }
  const put = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const result = await client.send(new PutEventsCommand({ Entries: batch }));
      if (result.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(result.Entries)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, put));
  } finally {
    client.destroy();
  }
}

/** What the product's own API tells: ListExecutions of both state machines (no histories). */
async function listExecutions(sfn: SFNClient, stack: WorkflowStack): Promise<ExecutionSummary[]> {
  const found: ExecutionSummary[] = [];
  for (const stateMachineArn of Object.values(stack.stateMachineArns)) {
    for await (const page of paginateListExecutions({ client: sfn }, { stateMachineArn, maxResults: 1000 })) {
      for (const execution of page.executions ?? []) {
        found.push({
          name: execution.name ?? '',
          status: execution.status ?? '',
          startDate: execution.startDate ?? new Date(0),
        });
      }
    }
  }
  return found;
}

/** The error each failed step left on its case's timeline (record-failure), counted. */
async function failureErrors(cases: CaseRepository, invoiceIds: ReadonlySet<string>) {
  const counts: Record<string, number> = {};
  for (const invoiceId of invoiceIds) {
    const failures = (await cases.timeline(invoiceId)).filter((entry) => entry.type === 'step-failed');
    for (const failure of failures.length > 0 ? failures : [undefined]) {
      const error = String(failure?.data?.error ?? 'not recorded');
      counts[error] = (counts[error] ?? 0) + 1;
    }
  }
  return counts;
}

function progressLine(stack: WorkflowStack, reminded: number, total: number): string {
  const business = berlinTime(Date.parse(stack.clock.businessNow()));
  const megabytes = (bytes: number) => Math.round(bytes / 1_048_576);
  const { rss, heapUsed } = process.memoryUsage();
  return [
    `business ${business}`,
    `first reminders ${reminded}/${total}`,
    `SES refused ${stack.ses.sendingStats().throttled}`,
    `Lambda refused ${stack.concurrency.stats().refused}`,
    `rss ${megabytes(rss)} MB (heap ${megabytes(heapUsed)} MB)`,
  ].join('  ');
}
