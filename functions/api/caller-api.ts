import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { berlinDateOf, daysBetween, type IsoDate } from '../domain/calendar.js';
import {
  applyEvent,
  type CaseContext,
  type DunningCase,
  InvalidTransitionError,
  isTerminal,
  openCents,
} from '../domain/case.js';
import type { Locale } from '../domain/money.js';
import { isCallOutcome, type TaskOutcome } from '../domain/outcomes.js';
import { priorityKey } from '../domain/priority.js';
import { statementOn } from '../domain/statement.js';
import { timelineText } from '../domain/timeline-text.js';
import type { CaseService } from '../workflow/case-service.js';
import type { WorkflowClock } from '../workflow/clock.js';
import { type CompletionPorts, completeTask } from '../workflow/complete-task.js';
import type { TimelineRecord } from '../workflow/outbox.js';
import { caseEventFor } from '../workflow/outcome-events.js';
import type { Task } from '../workflow/tasks.js';
import { isSupervisor, type Principal, queuesOf, requireSupervisor } from './principal.js';
import { conflict, forbidden, notFound, ProblemError } from './problems.js';
import type {
  agingReportSchema,
  caseDetailSchema,
  caseViewSchema,
  customerViewSchema,
  listTasksQuerySchema,
  promisesReportSchema,
  reasonsReportSchema,
  recoveredReportSchema,
  reportQuerySchema,
  taskDetailSchema,
  taskListSchema,
  taskSummarySchema,
} from './schemas.js';
import { type PreviousCall, talkingPoints } from './talking-points.js';

type Out<S extends z.ZodType> = z.infer<S>;

export interface ApiDeps {
  service: CaseService;
  cases: {
    timeline(invoiceId: string): Promise<TimelineRecord[]>;
    casesOfCustomer(customerId: string): Promise<DunningCase[]>;
    casesInStatus(status: DunningCase['status']): Promise<DunningCase[]>;
  };
  tasks: CompletionPorts['tasks'] & {
    listQueue(
      queue: string,
      options: {
        limit: number;
        startKey?: Record<string, unknown>;
        kind?: Task['kind'];
        status?: Task['status'];
      },
    ): Promise<{ tasks: Task[]; nextKey?: Record<string, unknown> }>;
    claim(taskId: string, caller: string, now: string, until: string): Promise<Task | undefined>;
    release(taskId: string, caller: string, now: string, force: boolean): Promise<Task | undefined>;
  };
  executions: CompletionPorts['executions'];
  clock: WorkflowClock;
  context: CaseContext;
}

/** How long a claim keeps other callers away from a task (a call plus its notes). */
const CLAIM_MINUTES = 30;
const OPEN_STATUSES = ['open', 'promise', 'installments', 'disputed', 'on-hold'] as const;
const ALL_STATUSES = [...OPEN_STATUSES, 'paid', 'cancelled', 'handed-over', 'written-off'] as const;

/** Per queue: where its next page starts, or null once it is exhausted. */
const cursorSchema = z.record(z.string(), z.record(z.string(), z.string()).nullable());

function encodeCursor(state: z.infer<typeof cursorSchema>): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeCursor(cursor: string): z.infer<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ProblemError(400, 'Invalid request', 'query.cursor: is not a cursor this API issued', [
      { path: 'query.cursor', message: 'is not a cursor this API issued' },
    ]);
  }
}

/** The index key a task sits at in its queue, so the next page starts right after it. */
function queueKeyOf(task: Task): { pk: string; sk: string; queuePk: string; queueSk: string } {
  return {
    pk: `TASK#${task.taskId}`,
    sk: 'TASK',
    queuePk: `QUEUE#${task.queue}#open`,
    queueSk: priorityKey(task.priority, task.dueAt),
  };
}

/**
 * The caller API's behaviour, independent of HTTP: every method takes the verified principal and returns
 * a response body or throws a ProblemError. The router maps it to routes; tests call it through HTTP.
 */
export class CallerApi {
  constructor(private readonly deps: ApiDeps) {}

  private today(): IsoDate {
    return this.deps.clock.businessToday();
  }

  private summary(task: Task): Out<typeof taskSummarySchema> {
    return {
      taskId: task.taskId,
      kind: task.kind,
      queue: task.queue,
      priority: task.priority,
      dueAt: task.dueAt,
      invoiceId: task.invoiceId,
      invoiceNumber: task.invoiceNumber,
      customerId: task.customerId,
      customerName: task.customerName,
      openCents: task.openCents,
      currency: task.currency,
      daysOverdue: Math.max(0, daysBetween(task.invoiceDueDate, this.today())),
      attempt: task.attempt,
      salesRepInvolved: task.salesRepInvolved,
      claimedBy: task.claimedBy,
      claimExpiresAt: task.claimExpiresAt,
    };
  }

  private async accessibleTask(principal: Principal, taskId: string): Promise<Task> {
    const task = await this.deps.tasks.get(taskId);
    // A task of another queue is reported as missing: its existence is not the caller's business.
    if (!task || !queuesOf(principal, this.deps.context.policy).includes(task.queue)) {
      throw notFound(`task ${taskId}`);
    }
    return task;
  }

  async listTasks(
    principal: Principal,
    query: Out<typeof listTasksQuerySchema>,
  ): Promise<Out<typeof taskListSchema>> {
    const allowed = queuesOf(principal, this.deps.context.policy);
    if (query.queue && !allowed.includes(query.queue)) {
      throw forbidden(`queue ${query.queue} is not one of your queues`);
    }
    const queues = query.queue ? [query.queue] : allowed;
    const state = query.cursor
      ? decodeCursor(query.cursor)
      : Object.fromEntries(queues.map((queue) => [queue, {}]));
    const pages = await Promise.all(
      queues.map(async (queue) => {
        const position = state[queue];
        if (position === null || position === undefined)
          return { queue, tasks: [] as Task[], nextKey: undefined as Record<string, unknown> | undefined };
        const startKey = Object.keys(position).length > 0 ? position : undefined;
        return {
          queue,
          ...(await this.deps.tasks.listQueue(queue, { limit: query.limit, startKey, kind: query.kind })),
        };
      }),
    );
    // Each queue's page is sorted; merging them by the same key keeps the whole list in priority order.
    const merged = pages
      .flatMap((page) => page.tasks)
      .sort((a, b) => queueKeyOf(a).queueSk.localeCompare(queueKeyOf(b).queueSk))
      .slice(0, query.limit);
    const next: z.infer<typeof cursorSchema> = {};
    for (const page of pages) {
      const taken = merged.filter((task) => task.queue === page.queue);
      const last = taken.at(-1);
      if (last && taken.length < page.tasks.length) next[page.queue] = queueKeyOf(last);
      else if (last || page.tasks.length === 0) {
        next[page.queue] = page.nextKey
          ? Object.fromEntries(Object.entries(page.nextKey).map(([k, v]) => [k, String(v)]))
          : null;
      } else next[page.queue] = state[page.queue] ?? null;
    }
    const more = Object.values(next).some((position) => position !== null);
    return { tasks: merged.map((task) => this.summary(task)), nextCursor: more ? encodeCursor(next) : null };
  }

  async getTask(principal: Principal, taskId: string, locale: Locale): Promise<Out<typeof taskDetailSchema>> {
    const task = await this.accessibleTask(principal, taskId);
    const dunningCase = await this.deps.service.load(task.invoiceId);
    const [timeline, customerCases, tasksOfCase] = await Promise.all([
      this.deps.cases.timeline(task.invoiceId),
      this.deps.cases.casesOfCustomer(dunningCase.invoice.customer.id),
      this.deps.tasks.tasksOfCase(task.invoiceId),
    ]);
    const openCases = customerCases
      .filter((other) => !isTerminal(other.status))
      .map((other) => ({
        invoiceId: other.invoiceId,
        invoiceNumber: other.invoice.invoiceNumber,
        status: other.status,
        openCents: openCents(other),
      }));
    const caseView = this.caseView(dunningCase);
    return {
      task: { ...this.summary(task), outcome: task.outcome, status: task.status },
      case: caseView,
      customer: this.customerView(dunningCase, principal),
      exposure: { openCases, totalOpenCents: openCases.reduce((sum, other) => sum + other.openCents, 0) },
      talkingPoints: talkingPoints(
        {
          dunningCase,
          amounts: {
            totalOpen: caseView.amounts.totalOpen.cents,
            principalOpen: caseView.amounts.principalOpen.cents,
            interestToDate: caseView.amounts.interestToDate.cents,
            costsOpen: caseView.amounts.costsOpen.cents,
          },
          previousCalls: previousCallsOf(tasksOfCase),
          largeAmountCents: this.deps.context.policy.largeAmountCents,
        },
        locale,
      ),
      timeline: timelineView(timeline, locale),
    };
  }

  async claim(principal: Principal, taskId: string) {
    const task = await this.accessibleTask(principal, taskId);
    if (task.status !== 'open') throw conflict(`task ${taskId} is ${task.status}`);
    const now = this.deps.clock.engineNow();
    const until = Temporal.Instant.from(now).add({ minutes: CLAIM_MINUTES }).toString();
    const claimed = await this.deps.tasks.claim(taskId, principal.subject, now, until);
    if (!claimed) throw conflict(`task ${taskId} is claimed by another caller`);
    return this.summary(claimed);
  }

  async release(principal: Principal, taskId: string) {
    await this.accessibleTask(principal, taskId);
    const released = await this.deps.tasks.release(
      taskId,
      principal.subject,
      this.deps.clock.engineNow(),
      isSupervisor(principal),
    );
    if (!released) throw conflict(`task ${taskId} is not claimed by you`);
    return this.summary(released);
  }

  /**
   * Records an outcome: the caller must hold the claim; the outcome must fit the case as it is now (tried on
   * the pure domain first); then it is stored on the task and the execution resumed (completeTask).
   */
  async recordOutcome(principal: Principal, taskId: string, outcome: TaskOutcome) {
    const task = await this.accessibleTask(principal, taskId);
    const claimValid =
      task.claimedBy === principal.subject &&
      task.claimExpiresAt !== null &&
      Temporal.Instant.compare(task.claimExpiresAt, this.deps.clock.engineNow()) > 0;
    if (task.status === 'open' && task.outcome === null && !claimValid) {
      throw conflict(`claim task ${taskId} before recording its outcome`);
    }
    const dunningCase = await this.deps.service.load(task.invoiceId);
    const event = caseEventFor(outcome, dunningCase, this.today());
    if (event && task.status === 'open' && task.outcome === null) {
      try {
        applyEvent(dunningCase, event, this.deps.context);
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        throw new ProblemError(422, 'Outcome does not fit the case', error.message, [
          { path: 'body.outcome', message: error.message },
        ]);
      }
    }
    const completion = await completeTask(
      { tasks: this.deps.tasks, executions: this.deps.executions, now: () => this.deps.clock.businessNow() },
      taskId,
      outcome,
    );
    switch (completion.result) {
      case 'completed':
        return { taskId, status: 'completed' as const };
      case 'not-found':
        throw notFound(`task ${taskId}`);
      case 'wrong-kind':
        throw new ProblemError(
          422,
          'Outcome does not fit the task',
          `a ${task.kind} task takes ${completion.allowed.join(', ')}`,
          [{ path: 'body.outcome.type', message: `must be one of ${completion.allowed.join(', ')}` }],
        );
      case 'conflict':
        throw conflict(completion.reason);
      case 'timed-out':
        // Too late for the workflow, but what the customer said must not be lost.
        await this.deps.service.annotate(task.invoiceId, [
          {
            on: this.today(),
            type: 'late-outcome',
            summary: `outcome ${outcome.type} recorded by ${principal.name} after the task had timed out`,
            data: { outcome: outcome.type, by: principal.name },
          },
        ]);
        throw conflict(
          `task ${taskId} timed out before the outcome arrived; the outcome is kept on the case timeline`,
        );
    }
  }

  async getCase(
    principal: Principal,
    invoiceId: string,
    locale: Locale,
  ): Promise<Out<typeof caseDetailSchema>> {
    requireSupervisor(principal);
    const dunningCase = await this.deps.service.find(invoiceId);
    if (!dunningCase) throw notFound(`case ${invoiceId}`);
    const timeline = await this.deps.cases.timeline(invoiceId);
    return {
      case: this.caseView(dunningCase),
      customer: this.customerView(dunningCase, principal),
      timeline: timelineView(timeline, locale),
    };
  }

  async hold(principal: Principal, invoiceId: string, reason: string) {
    requireSupervisor(principal);
    return this.changeCase(invoiceId, {
      type: 'hold-set',
      on: this.today(),
      reason: `${reason} (${principal.name})`,
      owner: 'supervisor',
    });
  }

  async resume(principal: Principal, invoiceId: string) {
    requireSupervisor(principal);
    return this.changeCase(invoiceId, { type: 'hold-released', on: this.today(), owner: 'supervisor' });
  }

  private async changeCase(invoiceId: string, event: Parameters<typeof applyEvent>[1]) {
    if (!(await this.deps.service.find(invoiceId))) throw notFound(`case ${invoiceId}`);
    try {
      const changed = await this.deps.service.change(invoiceId, () => ({ event }));
      return this.caseView(changed);
    } catch (error) {
      if (error instanceof InvalidTransitionError) throw conflict(error.message);
      throw error;
    }
  }

  private async casesIn(statuses: readonly DunningCase['status'][], range: Out<typeof reportQuerySchema>) {
    const cases = (await Promise.all(statuses.map((status) => this.deps.cases.casesInStatus(status)))).flat();
    return cases.filter(
      (dunningCase) =>
        (!range.from || dunningCase.invoice.dueDate >= range.from) &&
        (!range.to || dunningCase.invoice.dueDate <= range.to),
    );
  }

  async agingReport(
    principal: Principal,
    range: Out<typeof reportQuerySchema>,
  ): Promise<Out<typeof agingReportSchema>> {
    requireSupervisor(principal);
    const today = this.today();
    const buckets = [
      { label: 'not yet due', min: Number.NEGATIVE_INFINITY, max: 0 },
      { label: '1-30 days', min: 1, max: 30 },
      { label: '31-60 days', min: 31, max: 60 },
      { label: '61-90 days', min: 61, max: 90 },
      { label: 'over 90 days', min: 91, max: Number.POSITIVE_INFINITY },
    ].map((bucket) => ({ ...bucket, count: 0, openCents: 0 }));
    for (const dunningCase of await this.casesIn(OPEN_STATUSES, range)) {
      const overdue = daysBetween(dunningCase.invoice.dueDate, today);
      const bucket = buckets.find((candidate) => overdue >= candidate.min && overdue <= candidate.max);
      if (!bucket) continue;
      bucket.count += 1;
      bucket.openCents += openCents(dunningCase);
    }
    return {
      asOf: today,
      buckets: buckets.map(({ label, count, openCents: cents }) => ({ label, count, openCents: cents })),
    };
  }

  /** Reasons for non-payment and signs of dissatisfaction from finished call tasks (feedback to management). */
  async reasonsReport(
    principal: Principal,
    range: Out<typeof reportQuerySchema>,
  ): Promise<Out<typeof reasonsReportSchema>> {
    requireSupervisor(principal);
    const counts = new Map<string, number>();
    let dissatisfied = 0;
    let calls = 0;
    for (const queue of Object.keys(this.deps.context.policy.queueAccess)) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.deps.tasks.listQueue(queue, {
          limit: 100,
          startKey,
          kind: 'call',
          status: 'done',
        });
        for (const task of page.tasks) {
          const day = task.updatedAt.slice(0, 10);
          if ((range.from && day < range.from) || (range.to && day > range.to) || !task.outcome) continue;
          calls += 1;
          if ('reason' in task.outcome && task.outcome.reason) {
            counts.set(task.outcome.reason, (counts.get(task.outcome.reason) ?? 0) + 1);
          }
          if ('dissatisfied' in task.outcome && task.outcome.dissatisfied) dissatisfied += 1;
        }
        startKey = page.nextKey;
      } while (startKey);
    }
    const reasons = [...counts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count);
    return { reasons, dissatisfied, calls };
  }

  async promisesReport(
    principal: Principal,
    range: Out<typeof reportQuerySchema>,
  ): Promise<Out<typeof promisesReportSchema>> {
    requireSupervisor(principal);
    const promises = (await this.casesIn(ALL_STATUSES, range)).flatMap((dunningCase) => dunningCase.promises);
    const kept = promises.filter((promise) => promise.status === 'kept').length;
    const broken = promises.filter((promise) => promise.status === 'broken').length;
    const pending = promises.filter((promise) => promise.status === 'pending').length;
    return {
      kept,
      broken,
      pending,
      keptRate: kept + broken === 0 ? 0 : Math.round((kept / (kept + broken)) * 1000) / 1000,
    };
  }

  async recoveredReport(
    principal: Principal,
    range: Out<typeof reportQuerySchema>,
  ): Promise<Out<typeof recoveredReportSchema>> {
    requireSupervisor(principal);
    const byOutcome = new Map<string, { cases: number; recoveredCents: number }>();
    let waivedCents = 0;
    for (const dunningCase of await this.casesIn(ALL_STATUSES, range)) {
      const outcome = dunningCase.closed?.outcome ?? 'open';
      const entry = byOutcome.get(outcome) ?? { cases: 0, recoveredCents: 0 };
      entry.cases += 1;
      entry.recoveredCents += dunningCase.paidCents;
      byOutcome.set(outcome, entry);
      waivedCents += dunningCase.closed?.waivedCents ?? 0;
    }
    const rows = [...byOutcome].map(([outcome, entry]) => ({ outcome, ...entry }));
    return {
      byOutcome: rows,
      recoveredCents: rows.reduce((sum, row) => sum + row.recoveredCents, 0),
      waivedCents,
    };
  }

  private caseView(dunningCase: DunningCase): Out<typeof caseViewSchema> {
    const today = this.today();
    const statement = statementOn(dunningCase, today, this.deps.context);
    const { balance, invoice } = dunningCase;
    const currency = invoice.amount.currency;
    const money = (cents: number) => ({ cents, currency });
    const pendingInterest = statement.totalCents - openCents(dunningCase);
    const nextLevel = this.deps.context.policy.levels[dunningCase.nextLevelIndex];
    return {
      invoiceId: dunningCase.invoiceId,
      invoiceNumber: invoice.invoiceNumber,
      orderNumber: invoice.orderNumber ?? null,
      status: dunningCase.status,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      levelsDone: dunningCase.reminders.map((reminder) => ({
        levelId: reminder.levelId,
        kind: reminder.kind,
        on: reminder.sentOn,
      })),
      nextLevel: isTerminal(dunningCase.status) ? null : (nextLevel?.id ?? null),
      defaultStart: dunningCase.defaultStart
        ? {
            date: dunningCase.defaultStart.date,
            interestFrom: dunningCase.defaultStart.interestFrom,
            legalReference: dunningCase.defaultStart.legalReference,
          }
        : null,
      amounts: {
        original: money(invoice.amount.cents),
        principalOpen: money(balance.principalCents),
        interestToDate: money(balance.interestCents + pendingInterest),
        costsOpen: money(balance.costsCents),
        paid: money(dunningCase.paidCents),
        totalOpen: money(statement.totalCents),
      },
      interestLines: statement.interestLines.map(({ from, through, ratePercent, cents }) => ({
        from,
        through,
        ratePercent,
        cents,
      })),
      promises: dunningCase.promises.map(({ promisedOn, cents, status }) => ({ promisedOn, cents, status })),
      hold: holdView(dunningCase.hold),
      flags: { ...dunningCase.flags, emailUndeliverable: dunningCase.emailUndeliverable },
    };
  }

  /** Callers see what they need to call (name, contact, phone); the email address only supervisors. */
  private customerView(dunningCase: DunningCase, principal: Principal): Out<typeof customerViewSchema> {
    const { customer } = dunningCase.invoice;
    return {
      id: customer.id,
      name: customer.name,
      contactName: customer.contactName ?? null,
      phone: customer.phone ?? null,
      email: isSupervisor(principal) ? customer.email : null,
      segment: customer.segment,
      consumer: customer.consumer,
      creditRating: customer.creditRating ?? null,
      salesRep: customer.salesRep?.name ?? null,
    };
  }
}

/** The timeline as a person reads it: in their language, without the facts behind each line. */
function timelineView(timeline: readonly TimelineRecord[], locale: Locale) {
  return timeline.map((entry) => ({
    on: entry.on,
    recordedAt: entry.recordedAt,
    type: entry.type,
    summary: timelineText(entry, locale),
  }));
}

/** The calls people finished on a case, oldest first, with the outcome they recorded. */
function previousCallsOf(tasks: readonly Task[]): PreviousCall[] {
  return tasks
    .filter((task) => task.kind === 'call' && task.status === 'done')
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
    .flatMap(({ outcome, updatedAt }) =>
      isCallOutcome(outcome) ? [{ on: berlinDateOf(updatedAt), outcome }] : [],
    );
}

/** The case's holds as one line for people: since the first of them, every reason. */
function holdView(hold: DunningCase['hold']) {
  const [first] = hold?.holders ?? [];
  return hold && first
    ? { since: first.since, reason: hold.holders.map((holder) => holder.reason).join('; ') }
    : null;
}
