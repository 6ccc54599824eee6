import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { z } from 'zod';
import { baseRateTable, defaultPolicy } from '../../config/index.js';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { StepFunctionsClient } from '../../functions/adapters/aws/stepfunctions.js';
import { CallerTaskRepository, type QueuedTask } from '../../functions/adapters/caller-tasks.js';
import { CaseRepositoryWithFiles } from '../../functions/adapters/case-file-records.js';
import { Executions, executionNameFor } from '../../functions/adapters/executions.js';
import { addDays, businessCalendar, type Instant, type IsoDate } from '../../functions/domain/calendar.js';
import {
  applyEvent,
  type CaseContext,
  type DunningCase,
  isTerminal,
  openCents,
} from '../../functions/domain/case.js';
import {
  EVENT_SOURCE,
  type InvoiceIssued,
  isOutboundDetailType,
  type OutboundEvent,
  outboundEventSchema,
} from '../../functions/domain/events.js';
import type { TaskKind, TaskOutcome } from '../../functions/domain/outcomes.js';
import type { Task } from '../../functions/domain/task.js';
import { germanTimelineText } from '../../functions/domain/timeline-text.js';
import { type Completion, completeTask } from '../../functions/workflow/complete-task.js';
import type { TimelineRecord } from '../../functions/workflow/outbox.js';
import { accountingSystem } from '../../local/accounting-system.js';
import type { LocalSchedule } from '../../local/emulators/scheduler.js';
import type { SentEmail } from '../../local/emulators/ses.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { type InvoicePatch, invoiceFor } from './invoices.js';
import { DAY_MS, eventually } from './timing.js';

export { expectedInterestCents } from './expected-interest.js';
export type { InvoicePatch } from './invoices.js';
export { DAY_MS, eventually, SCENARIO_MS, SCENARIO_START } from './timing.js';
export { accountingSystem };

import type { ExecutionDescription } from '../../local/emulators/stepfunctions.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';

/** What the OpenTask state hands its Lambda (and the engine keeps with the open token). */
const openTaskPayloadSchema = z.object({
  invoiceId: z.string(),
  next: z.object({ taskKind: z.string().optional() }),
});
const reminderDetailSchema = z.object({ invoiceId: z.string(), levelId: z.string() });
const scheduleInputSchema = z.object({ invoiceId: z.string() });

export interface ProductEvent {
  detailType: OutboundEvent['detail-type'];
  detail: Record<string, unknown>;
  time: string;
}

/**
 * The local stack plus what its users do: an accounting system on the bus, callers who complete tasks the
 * way the caller API does, and read access to cases, tasks, mails, bus events and executions.
 */
export class WorkflowHarness {
  readonly erp: ReturnType<typeof accountingSystem>;
  readonly cases: CaseRepositoryWithFiles;
  readonly tasks: CallerTaskRepository;
  readonly executions: Executions;
  readonly context: CaseContext;
  private readonly dynamo: DocumentClient;
  private readonly sfn: StepFunctionsClient;

  private constructor(readonly stack: WorkflowStack) {
    this.erp = accountingSystem(stack);
    const endpointConfig = { region: localRegion, credentials: localCredentials };
    this.dynamo = new DocumentClient({ ...endpointConfig, endpoint: stack.endpoints.dynamodb });
    const documents = this.dynamo;
    const tableName = stack.tableNames.DunningTable;
    if (!tableName) throw new Error('the local stack has no DunningTable');
    this.cases = new CaseRepositoryWithFiles(documents, tableName);
    this.tasks = new CallerTaskRepository(documents, tableName);
    this.sfn = new StepFunctionsClient({ ...endpointConfig, endpoint: stack.endpoints.stepFunctions });
    this.executions = new Executions(() => this.sfn);
    this.context = {
      policy: defaultPolicy,
      baseRates: baseRateTable,
      calendar: businessCalendar(defaultPolicy.state),
    };
  }

  static async start(options: {
    businessStart: Instant;
    dayMs?: number;
    logLevel?: LogLevel;
    maxExecutionAgeDays?: number;
    sweepEverySeconds?: number;
    queueMaxConcurrency?: number;
    /** The print hand-off (default 'confirm': daily batch and a print service that posts every batch). */
    print?: 'confirm' | 'manual';
  }): Promise<WorkflowHarness> {
    const stack = await startWorkflowStack({
      clockScale: 86_400_000 / (options.dayMs ?? DAY_MS),
      businessStart: options.businessStart,
      logLevel: options.logLevel ?? 'SILENT',
      maxExecutionAgeDays: options.maxExecutionAgeDays,
      sweepEverySeconds: options.sweepEverySeconds,
      queueMaxConcurrency: options.queueMaxConcurrency,
      print: options.print,
      // The throttling budget waits 10 s to 10 min between attempts on AWS; a fiftieth of it here.
      retryDelayScale: 0.02,
    });
    return new WorkflowHarness(stack);
  }

  /** Whether an SDK client is one of the harness's own (test-side reads that the product does not pay for). */
  ownsClient(client: unknown): boolean {
    return client === this.dynamo || client === this.sfn;
  }

  async stop(): Promise<void> {
    this.erp.close();
    await this.stack.stop();
  }

  /** The business day the stack's clock is on now. */
  today(): IsoDate {
    return this.stack.clock.businessToday();
  }

  /** A business invoice of € 2,500 due today, payable by a calendar date, with everything § 13a RDG needs. */
  invoice(invoiceId: string, patch: InvoicePatch = {}): InvoiceIssued {
    return invoiceFor(invoiceId, this.today(), patch);
  }

  /** § 286 (2) Nr. 1 with § 193 BGB: the day after the payment date, moved off weekends and holidays. */
  defaultDate(invoice: InvoiceIssued): IsoDate {
    return addDays(this.context.calendar.onOrNextBusinessDay(invoice.dueDate), 1);
  }

  /** Issues the invoice; waits for its case and its execution or (not overdue yet) its start schedule. */
  async issue(invoice: InvoiceIssued): Promise<DunningCase> {
    await this.erp.issue(invoice);
    await eventually(
      () => this.executionsOf(invoice.invoiceId)[0] ?? this.startSchedule(invoice.invoiceId),
      `the execution or start schedule of ${invoice.invoiceId}`,
    );
    return this.case(invoice.invoiceId);
  }

  /** The pending one-time schedule that will start the invoice's first execution, if there is one. */
  startSchedule(invoiceId: string): LocalSchedule | undefined {
    return this.stack.scheduler
      .pending()
      .find((schedule) => scheduleInputSchema.safeParse(schedule.input).data?.invoiceId === invoiceId);
  }

  /** Whether the invoice's start schedule fired (its first execution was started by it). */
  startScheduleFired(invoiceId: string): boolean {
    return this.stack.scheduler
      .history()
      .some((schedule) => scheduleInputSchema.safeParse(schedule.input).data?.invoiceId === invoiceId);
  }

  async case(invoiceId: string): Promise<DunningCase> {
    const stored = await this.cases.get(invoiceId);
    if (!stored) throw new Error(`no case for ${invoiceId}`);
    return stored.case;
  }

  async waitForCase(
    invoiceId: string,
    predicate: (dunningCase: DunningCase) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<DunningCase> {
    return eventually(
      async () => {
        const stored = await this.cases.get(invoiceId);
        // The lines of a change are written last: a case is read as it is once its outbox is carried out.
        const done = stored?.outbox ? await this.cases.outboxDone(invoiceId, stored.outbox.version) : true;
        return stored && done && predicate(stored.case) ? stored.case : undefined;
      },
      `${invoiceId}: ${what}`,
      timeoutMs,
    );
  }

  /**
   * The first open task of this kind, waiting for one to be opened; `except` skips tasks seen before. The
   * wait watches the engine's open task tokens (in memory) and reads the table only once a token is there.
   */
  async openTask(
    invoiceId: string,
    kind: TaskKind,
    options: { except?: readonly string[]; timeoutMs?: number } = {},
  ): Promise<Task> {
    const except = new Set(options.except ?? []);
    const waiting = () =>
      this.stack.stepFunctions.openTaskTokens().some(({ payload }) => {
        const parsed = openTaskPayloadSchema.safeParse(payload);
        return parsed.success && parsed.data.invoiceId === invoiceId && parsed.data.next.taskKind === kind;
      });
    return eventually(
      async () =>
        waiting()
          ? (await this.tasks.tasksOfCase(invoiceId)).find(
              (task) => task.kind === kind && task.status === 'open' && !except.has(task.taskId),
            )
          : undefined,
      `an open ${kind} task of ${invoiceId}`,
      options.timeoutMs ?? 20_000,
      10,
    );
  }

  /**
   * Waits until the product announced `count` reminders of the invoice on the bus (the moment each level is
   * committed, right before its letter is mailed), watching the bus log in memory; returns the case.
   */
  async reminded(invoiceId: string, count: number, timeoutMs = 20_000): Promise<DunningCase> {
    await eventually(
      () => {
        const levels = new Set(
          this.stack.bus
            .events()
            .filter(
              ({ event }) =>
                event.source === EVENT_SOURCE &&
                event['detail-type'] === 'Dunning Reminder Sent' &&
                reminderDetailSchema.safeParse(event.detail).data?.invoiceId === invoiceId,
            )
            .map(({ event }) => reminderDetailSchema.parse(event.detail).levelId),
        );
        return levels.size >= count ? true : undefined;
      },
      `${count} reminder(s) of ${invoiceId}`,
      timeoutMs,
      10,
    );
    return this.waitForCase(invoiceId, (found) => found.reminders.length >= count, `${count} reminder(s)`);
  }

  /** Waits until `count` mails to the invoice's customer are in the mailbox; returns them, oldest first. */
  async mailed(invoice: InvoiceIssued, count: number, timeoutMs = 20_000): Promise<SentEmail[]> {
    return eventually(
      async () => {
        const mails = await this.mailsTo(invoice);
        return mails.length >= count ? mails : undefined;
      },
      `${count} mail(s) to ${invoice.customer.email}`,
      timeoutMs,
      50,
    );
  }

  /** What the caller API does with a caller's outcome: store it on the task, then resume the execution. */
  complete(task: Task, outcome: TaskOutcome): Promise<Completion> {
    return completeTask(
      { tasks: this.tasks, executions: this.executions, now: () => this.stack.clock.businessNow() },
      task.taskId,
      outcome,
    );
  }

  /**
   * A dispute reaches the case outside of a call (a supervisor records the customer's letter): the same case
   * service the handlers and the caller API use applies it.
   */
  async raiseDispute(invoiceId: string, reason: string): Promise<DunningCase> {
    // Loaded only now: the handlers' logger must be created after the stack set its log level.
    const { workflowInstance } = await import('../../functions/handlers/runtime/container.js');
    return workflowInstance().service.change(invoiceId, () => ({
      event: { type: 'dispute-raised', reason, on: this.today() },
    }));
  }

  /** The open tasks a caller of this queue sees, highest priority first. */
  async callerQueue(queue: string): Promise<QueuedTask[]> {
    const { tasks } = await this.tasks.listQueue(queue, { limit: 1000 });
    return tasks;
  }

  /** Mails in the SES mailbox addressed to the invoice's customer, oldest first. */
  async mailsTo(invoice: InvoiceIssued): Promise<SentEmail[]> {
    const emails = await this.stack.ses.listEmails();
    return emails
      .filter((email) => email.destination.to.includes(invoice.customer.email))
      .sort((a, b) => a.at - b.at);
  }

  /**
   * Events the product published about this invoice (source mahnwesen.dunning), in publishing order. The
   * case outbox is carried out at least once (twice only when a writer dies or stalls past its lease), so
   * like any consumer of an at-least-once bus, this view drops exact repeats (same detail-type and detail).
   */
  events(invoiceId: string, detailType?: OutboundEvent['detail-type']): ProductEvent[] {
    const seen = new Set<string>();
    return this.publishedEvents(invoiceId, detailType).filter((event) => {
      const key = JSON.stringify([event.detailType, event.detail]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Every publication about this invoice, repeats included (an inbound type forged with its source is none). */
  publishedEvents(invoiceId: string, detailType?: OutboundEvent['detail-type']): ProductEvent[] {
    return this.stack.bus
      .events()
      .filter(({ event }) => event.source === EVENT_SOURCE && isOutboundDetailType(event['detail-type']))
      .map(({ event }) =>
        outboundEventSchema.parse({ 'detail-type': event['detail-type'], detail: event.detail }),
      )
      .filter((event) => 'invoiceId' in event.detail && event.detail.invoiceId === invoiceId)
      .filter((event) => detailType === undefined || event['detail-type'] === detailType)
      .map((event) => ({
        detailType: event['detail-type'],
        detail: { ...event.detail },
        time: event.detail.at,
      }));
  }

  /** Every execution of the invoice: the one named after it and its continuations and child executions. */
  executionsOf(invoiceId: string): ExecutionDescription[] {
    const name = executionNameFor(invoiceId);
    return this.stack.stepFunctions
      .executions()
      .filter((execution) => execution.name === name || execution.name.startsWith(`${name}-`))
      .sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
  }

  executionArn(invoiceId: string, suffix?: string): string {
    const machine = suffix?.startsWith('plan') ? 'InstallmentsStateMachineArn' : 'DunningStateMachineArn';
    const machineArn = this.stack.stateMachineArns[machine];
    if (!machineArn) throw new Error(`no state machine ${machine}`);
    return `${machineArn.replace(':stateMachine:', ':execution:')}:${executionNameFor(invoiceId, suffix)}`;
  }

  /**
   * Aborts the execution working the case, once it has recorded itself on the case (Prepare does that), as
   * someone stopping it in the console would; returns its ARN.
   */
  async abortExecution(invoiceId: string): Promise<string> {
    const recorded = await this.waitForCase(
      invoiceId,
      (found) => found.workflow.executionArn !== null,
      'its execution recorded on the case',
    );
    const executionArn = recorded.workflow.executionArn ?? '';
    this.stack.stepFunctions.stopExecution({ executionArn, error: 'Ops.Stopped', cause: 'stopped by hand' });
    return executionArn;
  }

  /** Pays whatever is open today and waits until the case and its executions have ended. */
  async payInFull(invoiceId: string): Promise<ExecutionDescription[]> {
    const paidOn = this.today();
    await this.erp.pay(
      invoiceId,
      this.amountDueOn(await this.case(invoiceId), paidOn),
      paidOn,
      `full-${invoiceId}`,
    );
    return this.settled(invoiceId);
  }

  /** The case's timeline lines that cannot be read in German (their stored facts are missing). */
  async untranslatedLines(invoiceId: string): Promise<TimelineRecord[]> {
    return (await this.cases.timeline(invoiceId)).filter((entry) => germanTimelineText(entry) === undefined);
  }

  /** Waits until the case is closed and none of its executions runs any more; returns the executions. */
  async settled(invoiceId: string, timeoutMs = 30_000): Promise<ExecutionDescription[]> {
    const closed = await this.waitForCase(
      invoiceId,
      (found) => isTerminal(found.status),
      'closed',
      timeoutMs,
    );
    // Closed before it was overdue: none worked it, but one its schedule just started may still be ending.
    const mayHaveNone = closed.workflow.startsAt !== null && closed.workflow.executionArn === null;
    return this.finished(invoiceId, timeoutMs, mayHaveNone);
  }

  /** Waits until none of the invoice's executions runs any more (the case may stay open; `none`: may have none). */
  async finished(invoiceId: string, timeoutMs = 30_000, none = false): Promise<ExecutionDescription[]> {
    return eventually(
      () => {
        const executions = this.executionsOf(invoiceId);
        const ended = executions.every((execution) => execution.status !== 'RUNNING');
        return ended && (none || executions.length > 0) ? executions : undefined;
      },
      `the executions of ${invoiceId} to end`,
      timeoutMs,
    );
  }

  /** Messages about the invoice that ended in a dead-letter queue (none, when everything went through). */
  deadLetters(invoiceId: string): string[] {
    return this.stack.queues
      .flatMap((queue) => queue.deadLetters())
      .map((letter) => letter.body)
      .filter((body) => body.includes(`"${invoiceId}"`));
  }

  /**
   * What a payment received on `on` must amount to so that nothing stays open: the case's own transition
   * books the lump sum and interest up to that day first, so a probe payment of one cent tells the total.
   */
  amountDueOn(dunningCase: DunningCase, on: IsoDate): number {
    const probe = applyEvent(
      dunningCase,
      { type: 'payment-received', paymentId: 'probe', cents: 1, on, allocation: 'statutory' },
      this.context,
    );
    return openCents(probe.case) + 1;
  }
}
