import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import { berlinDateOf, berlinInstant, compareDates, daysBetween, type IsoDate } from '../domain/calendar.js';
import {
  applyEvent,
  type CaseEvent,
  type DunningCase,
  InvalidTransitionError,
  isTerminal,
  openCents,
} from '../domain/case.js';
import { CaseFileError, type InkassoCaseFile } from '../domain/case-file.js';
import type { InvoiceIssued } from '../domain/events.js';
import {
  type CallRecord,
  creditBureauGateFor,
  handoverBlockedBecause,
  inkassoCaseFileFor,
} from '../domain/handover.js';
import { renderLetter } from '../domain/letters/index.js';
import { isCallOutcome, type TaskOutcome } from '../domain/outcomes.js';
import type { Policy, PolicyLevel } from '../domain/policy.js';
import { callPriority } from '../domain/priority.js';
import { letterInputFor } from '../domain/statement.js';
import { type Task, unworkedTask } from '../domain/task.js';
import type { Note } from './case-service.js';
import type {
  advanceInputSchema,
  closeInputSchema,
  handoverInputSchema,
  InstallmentStep,
  installmentStepInputSchema,
  NextStep,
  openTaskInputSchema,
  prepareInputSchema,
  recordFailureInputSchema,
  recordOutcomeInputSchema,
  sendReminderInputSchema,
} from './contracts.js';
import { isWorkedByPhone, nextBusinessMorning, nextStepFor, slaBusinessDaysFor } from './next-step.js';
import { outboundEvent } from './outbound.js';
import { caseEventFor } from './outcome-events.js';
import type { WorkflowDeps } from './ports.js';
import { taskIdFor } from './tasks.js';

/**
 * The application logic behind each Lambda of the state machines: load the case, let the domain decide,
 * commit, and say what the execution does next. Handlers only parse input and call these.
 */
export class WorkflowSteps {
  constructor(private readonly deps: WorkflowDeps) {}

  private get service() {
    return this.deps.service;
  }
  private get clock() {
    return this.deps.service.clock;
  }
  private get context() {
    return this.deps.service.context;
  }
  private today(): IsoDate {
    return this.clock.businessToday();
  }

  /** start-dunning: opens the case and starts its one execution (the name makes duplicates harmless). */
  async startDunning(invoice: InvoiceIssued): Promise<{ created: boolean; execution: 'started' | 'exists' }> {
    const { created } = await this.service.open(invoice);
    const execution = await this.deps.executions.start(
      this.deps.stateMachines.dunning,
      this.deps.executionNameFor(invoice.invoiceId),
      { invoiceId: invoice.invoiceId },
    );
    return { created, execution };
  }

  async prepare({ invoiceId }: z.infer<typeof prepareInputSchema>): Promise<NextStep> {
    const dunningCase = await this.service.load(invoiceId);
    return nextStepFor(dunningCase, {}, this.clock, this.context);
  }

  /** check-open: after every Wait, a consistent read decides whether and how dunning goes on. */
  async advance({ invoiceId, next }: z.infer<typeof advanceInputSchema>): Promise<NextStep> {
    const today = this.today();
    const checked = await this.service.change(invoiceId, (current) => {
      const pending = current.promises.at(-1);
      if (current.status !== 'promise' || !pending) return undefined;
      const checkOn = this.context.calendar.addBusinessDays(
        pending.promisedOn,
        this.context.policy.promise.graceBusinessDays,
      );
      return compareDates(today, checkOn) >= 0
        ? { event: { type: 'promise-checked', on: today } }
        : undefined;
    });
    return nextStepFor(checked, next, this.clock, this.context);
  }

  /**
   * Standard executions live one year at most: a step that would take the execution past its allowed age
   * (now, or by the end of the Wait it leads to) hands the case to a fresh execution instead, which picks
   * it up with Prepare exactly where it is.
   */
  withinAgeLimit(
    step: NextStep,
    input: { invoiceId: string; executionStartedAt?: string | undefined },
  ): NextStep {
    const keepsRunning = !['close', 'installments', 'continue'].includes(step.route);
    const until = step.route === 'wait' ? step.waitUntil : this.clock.engineNow();
    if (!keepsRunning || !this.outlives(input.executionStartedAt, until)) return step;
    const executionName = this.deps.executionNameFor(
      input.invoiceId,
      `c${generationOf(input.executionStartedAt)}`,
    );
    return { ...step, route: 'continue', executionName };
  }

  /** Would the execution be older than allowed at `until` (engine time)? */
  private outlives(executionStartedAt: string | undefined, until: string): boolean {
    if (!executionStartedAt) return false;
    const age = Temporal.Instant.from(executionStartedAt).until(Temporal.Instant.from(until));
    return age.total('seconds') > this.deps.maxExecutionAgeSeconds;
  }

  /** send-reminder: records the level, then mails the letter at most once per execution and level. */
  async sendReminder({
    invoiceId,
    next,
    executionId,
  }: z.infer<typeof sendReminderInputSchema>): Promise<NextStep> {
    const levelIndex = next.levelIndex ?? -1;
    const level = this.context.policy.levels[levelIndex];
    if (!level || (level.kind !== 'reminder' && level.kind !== 'final')) {
      throw new Error(`level ${levelIndex} is not a reminder level`);
    }
    const today = this.today();
    const now = this.clock.businessNow();
    const reminderSent: CaseEvent = { type: 'reminder-sent', levelIndex, on: today, channel: level.channel };
    const isDue = (candidate: DunningCase) =>
      candidate.status === 'open' && candidate.nextLevelIndex === levelIndex;
    const current = await this.service.load(invoiceId);
    const recorded = current.reminders.find((reminder) => reminder.levelId === level.id);
    if (!recorded && !isDue(current)) {
      // The step waited (e.g. for an SES retry) and the case was paid, cancelled, held or disputed meanwhile:
      // nobody is reminded of an invoice that was settled while the step waited.
      await this.service.annotate(invoiceId, [
        {
          on: today,
          type: 'reminder-withheld',
          summary: `${level.id} not sent: the case is ${current.status}`,
          data: { levelId: level.id, status: current.status },
        },
      ]);
      return nextStepFor(current, {}, this.clock, this.context);
    }
    // The mail goes out before the level is recorded, so the case never claims a reminder nobody received;
    // the letter shows the case as it is with this reminder (its fee, the lump sum it triggers).
    const asSent = recorded ? current : applyEvent(current, reminderSent, this.context).case;
    let messageId: string | undefined;
    if (level.channel === 'email' && !isWorkedByPhone(level, asSent)) {
      const letter = renderLetter(letterInputFor(asSent, recorded?.sentOn ?? today, this.context));
      messageId = await this.deps.deliver(`${executionId}#level-${levelIndex}`, {
        to: asSent.invoice.customer.email,
        ...letter,
        tags: { invoiceId, levelId: level.id },
      });
    }
    const emailed: Note[] = messageId
      ? [
          {
            on: today,
            type: 'reminder-sent',
            summary: `${level.id} emailed`,
            data: { levelId: level.id, messageId },
          },
        ]
      : [];
    const sent = recorded
      ? current
      : await this.service.change(invoiceId, (latest) =>
          isDue(latest)
            ? {
                event: reminderSent,
                notes: emailed,
                publish: (changed) => [
                  outboundEvent('Dunning Reminder Sent', changed, now, {
                    levelId: level.id,
                    kind: level.kind,
                    channel: level.channel,
                    openCents: openCents(changed),
                    feeCents: changed.reminders.at(-1)?.feeCents ?? 0,
                    currency: changed.invoice.amount.currency,
                  }),
                ],
              }
            : undefined,
        );
    if (messageId && !sent.reminders.some((reminder) => reminder.levelId === level.id)) {
      // A payment or cancellation landed between the mail and its record: the customer did get the letter,
      // but the level (and its fee) is not charged on a case that is no longer due.
      await this.service.annotate(invoiceId, [
        {
          on: today,
          type: 'reminder-crossed',
          summary: `${level.id} emailed as the case became ${sent.status}; no fee charged`,
          data: { levelId: level.id, status: sent.status, messageId },
        },
      ]);
    }
    return nextStepFor(sent, {}, this.clock, this.context);
  }

  /** open-task: stores the task with the token of this attempt; a closed case resumes at once. */
  async openTask({ invoiceId, next, executionId, taskToken }: z.infer<typeof openTaskInputSchema>) {
    const dunningCase = await this.service.load(invoiceId);
    const kind = next.taskKind ?? 'call';
    const levelIndex = next.levelIndex ?? dunningCase.nextLevelIndex;
    const taskId = taskIdFor(executionId, kind, levelIndex, next.attempt, next.at);
    if (isTerminal(dunningCase.status)) {
      await this.deps.executions.resume(taskToken, {
        taskId,
        outcome: { type: 'case-closed', outcome: dunningCase.status },
      });
      return { taskId };
    }
    const { policy } = this.context;
    const level = policy.levels[levelIndex];
    const queue = queueFor(kind, level, policy);
    const open = openCents(dunningCase);
    const now = this.clock.businessNow();
    const task: Task = {
      taskId,
      kind,
      queue,
      priority: callPriority({
        openCents: open,
        daysOverdue: Math.max(0, daysBetween(dunningCase.invoice.dueDate, this.today())),
        creditRating: dunningCase.invoice.customer.creditRating,
        segment: dunningCase.invoice.customer.segment,
        brokenPromises: dunningCase.promises.filter((promise) => promise.status === 'broken').length,
      }),
      dueAt: berlinInstant(
        this.context.calendar.addBusinessDays(this.today(), slaBusinessDaysFor(kind, level, this.context)),
        policy.actionTime,
      ),
      invoiceId,
      invoiceNumber: dunningCase.invoice.invoiceNumber,
      invoiceDueDate: dunningCase.invoice.dueDate,
      customerId: dunningCase.invoice.customer.id,
      customerName: dunningCase.invoice.customer.name,
      openCents: open,
      currency: dunningCase.invoice.amount.currency,
      levelId: level?.id ?? `level-${levelIndex}`,
      attempt: next.attempt,
      salesRepInvolved:
        kind === 'call' &&
        open >= policy.largeAmountCents &&
        dunningCase.invoice.customer.salesRep !== undefined,
      executionId,
      taskToken,
      ...unworkedTask(now),
    };
    const stored = await this.deps.tasks.openOrRefresh(task);
    if (stored === 'finished') {
      // The outcome was recorded but the execution never heard of it (e.g. a retried state): replay it.
      const finished = await this.deps.tasks.get(taskId);
      if (finished?.outcome)
        await this.deps.executions.resume(taskToken, { taskId, outcome: finished.outcome });
      return { taskId };
    }
    if (stored === 'opened') {
      await this.service.annotate(
        invoiceId,
        [
          {
            on: this.today(),
            type: 'task-opened',
            summary: `${kind} task opened in queue ${queue}`,
            data: { taskId, attempt: next.attempt, kind, queue },
          },
        ],
        (current) =>
          kind === 'call'
            ? [
                outboundEvent('Call Task Opened', current, now, {
                  taskId,
                  levelId: task.levelId,
                  queue,
                  priority: task.priority,
                  attempt: task.attempt,
                  dueAt: task.dueAt,
                  salesRepInvolved: task.salesRepInvolved,
                }),
              ]
            : [],
      );
      // A payment may have closed the case between the first read and storing the task: nobody must call.
      const latest = await this.service.load(invoiceId);
      if (isTerminal(latest.status)) {
        await this.deps.executions.resume(taskToken, {
          taskId,
          outcome: { type: 'case-closed', outcome: latest.status },
        });
      }
    }
    return { taskId };
  }

  /** record-outcome: applies what the caller (or the system) decided and picks the next step. */
  async recordOutcome({
    invoiceId,
    next,
    result,
  }: z.infer<typeof recordOutcomeInputSchema>): Promise<NextStep> {
    const today = this.today();
    const now = this.clock.businessNow();
    const levelIndex = next.levelIndex ?? 0;
    const position = { levelIndex, attempt: next.attempt };
    if (!('taskId' in result)) {
      // States.Timeout (or a failed task): nobody finished the task in time, so dunning escalates.
      const kind = next.taskKind ?? 'call';
      const attemptTaskIds = await this.deps.tasks.tasksOfCase(invoiceId);
      for (const task of attemptTaskIds.filter(
        (candidate) => candidate.status === 'open' && candidate.kind === kind,
      )) {
        await this.deps.tasks.finish(task.taskId, 'timed-out', { outcome: null, updatedAt: now });
      }
      if (kind !== 'call') {
        return nextStepFor(
          await this.service.load(invoiceId),
          { levelIndex, attempt: next.attempt + 1 },
          this.clock,
          this.context,
        );
      }
      const escalated = await this.service.change(invoiceId, (current) =>
        current.status === 'open' && current.nextLevelIndex === levelIndex
          ? { event: { type: 'level-completed', levelIndex, on: today } }
          : undefined,
      );
      await this.service.annotate(invoiceId, [
        { on: today, type: 'task-timed-out', summary: `${kind} task timed out: escalating`, data: { kind } },
      ]);
      return nextStepFor(escalated, {}, this.clock, this.context);
    }
    await this.deps.tasks.finish(result.taskId, 'done', { outcome: result.outcome, updatedAt: now });
    if (result.outcome.type === 'wrong-contact') await this.openDataCorrection(result.taskId, now);
    try {
      return await this.applyOutcome(invoiceId, result.outcome, position, today, now);
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      // The API validates outcomes before it resumes the execution; one that still does not fit the case
      // is kept on the timeline and the level is worked again instead of failing the whole execution.
      await this.service.annotate(invoiceId, [
        {
          on: today,
          type: 'outcome-rejected',
          summary: `outcome ${result.outcome.type} not applied: ${error.message}`,
          data: { outcome: result.outcome.type, reason: error.message },
        },
      ]);
      const current = await this.service.load(invoiceId);
      return nextStepFor(current, { levelIndex, attempt: next.attempt + 1 }, this.clock, this.context);
    }
  }

  private async applyOutcome(
    invoiceId: string,
    outcome: TaskOutcome,
    position: { levelIndex: number; attempt: number },
    today: IsoDate,
    now: string,
  ): Promise<NextStep> {
    const { service, context, clock } = this;
    const callLevel = context.policy.levels[position.levelIndex];
    const attempts = callLevel?.kind === 'call' ? callLevel.attempts : 1;
    const advanceLevel = async () => {
      const changed = await service.change(invoiceId, (current) =>
        current.status === 'open' && current.nextLevelIndex === position.levelIndex
          ? { event: { type: 'level-completed', levelIndex: position.levelIndex, on: today } }
          : undefined,
      );
      return nextStepFor(changed, {}, clock, context);
    };
    const retryLevel = async (at: string) => {
      const current = await service.load(invoiceId);
      if (isTerminal(current.status)) return nextStepFor(current, position, clock, context);
      return {
        route: 'wait' as const,
        at,
        waitUntil: clock.toEngine(at),
        levelIndex: position.levelIndex,
        attempt: position.attempt + 1,
      };
    };

    switch (outcome.type) {
      case 'case-closed':
        return nextStepFor(await service.load(invoiceId), position, clock, context);
      case 'paid':
      case 'promise': {
        const changed = await service.change(invoiceId, (current) => ({
          event: this.eventFor(outcome, current, today),
          publish: (recorded) => {
            const promise = recorded.promises.at(-1);
            return promise
              ? [
                  outboundEvent('Promise To Pay Recorded', recorded, now, {
                    promisedOn: promise.promisedOn,
                    amount: { cents: promise.cents, currency: recorded.invoice.amount.currency },
                  }),
                ]
              : [];
          },
        }));
        const promise = changed.promises.at(-1);
        if (promise && outcome.type === 'promise') {
          await this.confirm(changed, `promise-${changed.promises.length}`, {
            kind: 'promise-confirmation',
            promise: { date: promise.promisedOn, cents: promise.cents },
          });
        }
        return nextStepFor(changed, position, clock, context);
      }
      case 'installments': {
        const changed = await service.change(invoiceId, (current) => ({
          event: this.eventFor(outcome, current, today),
          publish: (agreed) => [
            outboundEvent('Installment Plan Agreed', agreed, now, {
              rates: outcome.rates,
              currency: agreed.invoice.amount.currency,
            }),
          ],
        }));
        await this.confirm(changed, 'installments', {
          kind: 'installment-confirmation',
          installments: outcome.rates,
        });
        return {
          ...nextStepFor(changed, position, clock, context),
          executionName: this.deps.executionNameFor(invoiceId, 'plan'),
        };
      }
      case 'dispute': {
        const changed = await service.change(invoiceId, (current) => ({
          event: this.eventFor(outcome, current, today),
        }));
        return nextStepFor(changed, { levelIndex: position.levelIndex }, clock, context);
      }
      case 'not-reached':
      case 'wrong-contact':
        return position.attempt < attempts ? retryLevel(nextBusinessMorning(today, context)) : advanceLevel();
      case 'contact-corrected':
        return nextStepFor(await service.load(invoiceId), position, clock, context);
      case 'callback':
        return retryLevel(outcome.callbackAt);
      case 'approval': {
        if (outcome.decision === 'approve') {
          return {
            route: 'handover',
            at: now,
            waitUntil: clock.toEngine(now),
            levelIndex: position.levelIndex,
            attempt: 1,
          };
        }
        await service.annotate(invoiceId, [
          {
            on: today,
            type: 'handover-rejected',
            summary: 'supervisor rejected the handover: the case stays open for manual follow-up',
          },
        ]);
        return { route: 'close', at: now, waitUntil: clock.toEngine(now), attempt: 1 };
      }
      case 'resolution': {
        const changed = await service.change(invoiceId, (current) => ({
          event: this.eventFor(outcome, current, today),
        }));
        return nextStepFor(changed, {}, clock, context);
      }
    }
  }

  /**
   * The call reached the wrong person: a data-correction task asks someone to fix the customer's contact
   * data in the master data. No execution waits for it; the call level is retried meanwhile.
   */
  private async openDataCorrection(callTaskId: string, now: string) {
    const callTask = await this.deps.tasks.get(callTaskId);
    if (!callTask) return;
    const correction: Task = {
      ...callTask,
      taskId: taskIdFor(callTask.taskId, 'data-correction', 0, 1),
      kind: 'data-correction',
      taskToken: null,
      ...unworkedTask(now),
    };
    if ((await this.deps.tasks.openOrRefresh(correction)) === 'opened') {
      await this.service.annotate(callTask.invoiceId, [
        {
          on: this.today(),
          type: 'contact-correction-needed',
          summary: `wrong contact reached: data-correction task opened in queue ${correction.queue}`,
          data: { taskId: correction.taskId, queue: correction.queue },
        },
      ]);
    }
  }

  private eventFor(outcome: TaskOutcome, current: DunningCase, today: IsoDate): CaseEvent {
    const event = caseEventFor(outcome, current, today);
    if (!event) throw new Error(`outcome ${outcome.type} changes no case state`);
    return event;
  }

  private async confirm(
    dunningCase: DunningCase,
    key: string,
    request: Parameters<typeof letterInputFor>[3] & object,
  ) {
    if (dunningCase.emailUndeliverable) return;
    const letter = renderLetter(letterInputFor(dunningCase, this.today(), this.context, request));
    await this.deps.deliver(`${dunningCase.invoiceId}#${key}`, {
      to: dunningCase.invoice.customer.email,
      ...letter,
      tags: { invoiceId: dunningCase.invoiceId, levelId: key },
    });
  }

  /** handover: gate, § 13a RDG case file, event; blocked cases go to their dispute or a hold. */
  async handover({ invoiceId, next }: z.infer<typeof handoverInputSchema>): Promise<NextStep> {
    const today = this.today();
    const now = this.clock.businessNow();
    const dunningCase = await this.service.load(invoiceId);
    const blocked = handoverBlockedBecause(dunningCase);
    if (blocked) {
      await this.service.annotate(invoiceId, [
        {
          on: today,
          type: 'handover-blocked',
          summary: `handover blocked: ${blocked.text}`,
          data: { block: blocked.code, status: blocked.status },
        },
      ]);
      return nextStepFor(dunningCase, { levelIndex: next.levelIndex }, this.clock, this.context);
    }
    const calls: CallRecord[] = (await this.deps.tasks.tasksOfCase(invoiceId))
      .filter((task) => task.kind === 'call' && task.status !== 'open')
      .map((task) => ({
        on: berlinDateOf(task.updatedAt),
        outcome: task.status === 'timed-out' ? 'timeout' : callOutcomeName(task.outcome),
      }));
    let file: InkassoCaseFile;
    try {
      file = inkassoCaseFileFor(dunningCase, calls, today, now, this.context);
    } catch (error) {
      if (!(error instanceof CaseFileError)) throw error;
      const changed = await this.service.change(invoiceId, () => ({
        event: {
          type: 'hold-set',
          on: today,
          reason: `Inkasso case file incomplete: ${error.problems.join('; ')}`,
        },
      }));
      return nextStepFor(changed, {}, this.clock, this.context);
    }
    await this.deps.storeCaseFile(invoiceId, file);
    const gate = creditBureauGateFor(dunningCase, today, this.context);
    const handedOver = await this.service.change(invoiceId, (current) =>
      current.status === 'open'
        ? {
            event: { type: 'handed-over', on: today },
            publish: (changed) => [
              outboundEvent('Inkasso Handover Requested', changed, now, {
                agency: this.context.policy.inkassoAgency,
                openCents: file.account.totalOpenCents,
                currency: changed.invoice.amount.currency,
                creditBureauReportAllowed: gate.allowed,
              }),
            ],
          }
        : undefined,
    );
    return nextStepFor(handedOver, {}, this.clock, this.context);
  }

  /** close: the execution ends; a case that is still open stays open for people to follow up. */
  async close({ invoiceId }: z.infer<typeof closeInputSchema>) {
    const dunningCase = await this.service.load(invoiceId);
    if (!isTerminal(dunningCase.status)) {
      await this.service.annotate(invoiceId, [
        {
          on: this.today(),
          type: 'workflow-ended',
          summary: `automatic dunning ended; case stays ${dunningCase.status}`,
          data: { status: dunningCase.status },
        },
      ]);
    }
    return { invoiceId, status: dunningCase.status };
  }

  /** record-failure: a step failed for good; keep it on the timeline instead of losing it. */
  async recordFailure({ invoiceId, error }: z.infer<typeof recordFailureInputSchema>) {
    const found = await this.service.find(invoiceId);
    if (found) {
      await this.service.annotate(invoiceId, [
        {
          on: this.today(),
          type: 'step-failed',
          summary: `a workflow step failed: ${error.Error}`,
          data: { error: error.Error, cause: (error.Cause ?? '').slice(0, 500) },
        },
      ]);
    }
    return { recorded: found !== undefined };
  }

  /** installment-step: one rate at a time: wait for its due date plus grace, check, remind once, default. */
  async installmentStep({
    invoiceId,
    step,
    executionStartedAt,
  }: z.infer<typeof installmentStepInputSchema>): Promise<InstallmentStep> {
    const { calendar, policy } = this.context;
    const today = this.today();
    const now = this.clock.businessNow();
    const dunningCase = await this.service.load(invoiceId);
    const plan = dunningCase.installmentPlan;
    const end = (route: 'done' | 'defaulted', executionName?: string): InstallmentStep => ({
      ...step,
      route,
      waitUntil: this.clock.toEngine(now),
      executionName,
    });
    if (dunningCase.status !== 'installments' || !plan) return end('done');
    const waitForRate = (rateIndex: number, reminded: boolean, from?: IsoDate): InstallmentStep => {
      const rate = plan.rates[rateIndex];
      if (!rate) return end('done');
      const checkOn = calendar.addBusinessDays(from ?? rate.dueDate, policy.installments.graceBusinessDays);
      const waitUntil = this.clock.toEngine(berlinInstant(checkOn, policy.actionTime));
      const next = { rateIndex, phase: 'check' as const, reminded, waitUntil };
      return this.outlives(executionStartedAt, waitUntil)
        ? {
            ...next,
            route: 'continue',
            phase: 'prepare',
            executionName: this.deps.executionNameFor(
              invoiceId,
              `plan-${rateIndex}-${generationOf(executionStartedAt)}`,
            ),
          }
        : { ...next, route: 'wait' };
    };
    switch (step.phase) {
      case 'prepare':
        return waitForRate(step.rateIndex, step.reminded);
      case 'remind': {
        await this.confirm(dunningCase, `rate-${step.rateIndex}-reminder`, {
          kind: 'installment-confirmation',
          installments: plan.rates.slice(step.rateIndex),
        });
        await this.service.annotate(invoiceId, [
          {
            on: today,
            type: 'installment-reminder',
            summary: `rate ${step.rateIndex + 1} overdue: reminder sent`,
            data: { rate: step.rateIndex + 1 },
          },
        ]);
        return waitForRate(step.rateIndex, true, today);
      }
      case 'check': {
        const paidSinceAgreement = dunningCase.paidCents - plan.paidCentsAtAgreement;
        const dueSoFar = plan.rates.slice(0, step.rateIndex + 1).reduce((sum, rate) => sum + rate.cents, 0);
        if (paidSinceAgreement >= dueSoFar) {
          return step.rateIndex + 1 < plan.rates.length
            ? waitForRate(step.rateIndex + 1, false)
            : end('done');
        }
        if (!step.reminded)
          return { ...step, route: 'reminder', phase: 'remind', waitUntil: this.clock.toEngine(now) };
        const defaulted = await this.service.change(invoiceId, (current) =>
          current.status === 'installments'
            ? { event: { type: 'installments-defaulted', on: today } }
            : undefined,
        );
        return isTerminal(defaulted.status)
          ? end('done')
          : end('defaulted', this.deps.executionNameFor(invoiceId, `default-${step.rateIndex}`));
      }
    }
  }
}

/**
 * Names a continuation after the execution it continues: a retried step names it the same (no second
 * execution), and a continuation of a continuation gets a new name (no collision, whatever the dates).
 */
function generationOf(executionStartedAt: string | undefined): string {
  return createHash('sha256')
    .update(executionStartedAt ?? '')
    .digest('hex')
    .slice(0, 8);
}

/** The queue a task of this kind goes to: disputes and approvals to their queues, calls to the call level's. */
function queueFor(kind: Task['kind'], level: PolicyLevel | undefined, policy: Policy): string {
  if (kind === 'dispute') return policy.disputeQueue;
  if (level?.kind === 'handover') return level.approvalQueue;
  if (level?.kind === 'call') return level.queue;
  // An email level worked by phone after a bounce goes to the policy's call queue.
  const callLevel = policy.levels.find((candidate) => candidate.kind === 'call');
  if (callLevel?.kind === 'call') return callLevel.queue;
  const [firstQueue = 'receivables'] = Object.keys(policy.queueAccess);
  return firstQueue;
}

function callOutcomeName(outcome: TaskOutcome | null): CallRecord['outcome'] {
  return isCallOutcome(outcome) ? outcome.type : 'not-reached';
}
