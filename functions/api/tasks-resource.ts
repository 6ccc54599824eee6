import { InvalidCursorError } from '../adapters/task-repository.js';
import { type Actor, actorFacts } from '../domain/actor.js';
import { berlinDateOf, type IsoDate } from '../domain/calendar.js';
import { applyEvent, InvalidTransitionError } from '../domain/case.js';
import type { Locale } from '../domain/money.js';
import { isCallOutcome, outcomeLimitProblem, type TaskOutcome } from '../domain/outcomes.js';
import { isClaimedBy, isRefusal, type Task } from '../domain/task.js';
import type * as z from '../domain/zod.js';
import { completeTask } from '../workflow/complete-task.js';
import { caseEventFor } from '../workflow/outcome-events.js';
import { EXPOSURE_LIST_LIMIT } from '../workflow/reports/compute-reports.js';
import { callTalkingPoint } from './call-talking-point.js';
import { CustomerCallResource, type OutcomeRequest } from './customer-call-resource.js';
import type { CoreApiDeps } from './deps.js';
import { exposureFigures } from './exposure.js';
import { actorOf, isSupervisor, type Principal, queuesOf } from './principal.js';
import { conflict, forbidden, notFound, ProblemError } from './problems.js';
import { type PreviousCall, talkingPoints } from './talking-points.js';
import type {
  listTasksQuerySchema,
  taskDetailSchema,
  taskListSchema,
  taskSummarySchema,
} from './task-schemas.js';
import { caseView, customerView, type SummarisedTask, taskSummary, timelineView } from './views.js';

type Out<S extends z.ZodMiniType> = z.infer<S>;

/** A case's previous calls are read from its newest tasks, this many (a case rarely has more). */
const RECENT_TASKS = 20;

/** The tasks of the caller's queues: the list, one task in detail, its claim and its outcome. */
export class TasksResource {
  private readonly calls: CustomerCallResource;

  constructor(private readonly deps: CoreApiDeps) {
    this.calls = new CustomerCallResource(deps);
  }

  private today(): IsoDate {
    return this.deps.clock.businessToday();
  }

  private summary(task: SummarisedTask, locale: Locale): Out<typeof taskSummarySchema> {
    return taskSummary(task, this.today(), this.deps.context.policy, locale);
  }

  private async accessibleTask(principal: Principal, taskId: string): Promise<Task> {
    const task = await this.deps.tasks.get(taskId);
    // A task of another queue is reported as missing: its existence is not the caller's business.
    if (!task || !queuesOf(principal, this.deps.context.policy).includes(task.queue)) {
      throw notFound(`task ${taskId}`);
    }
    return task;
  }

  async list(
    principal: Principal,
    query: Out<typeof listTasksQuerySchema>,
  ): Promise<Out<typeof taskListSchema>> {
    const allowed = queuesOf(principal, this.deps.context.policy);
    if (query.queue && !allowed.includes(query.queue)) {
      throw forbidden(`queue ${query.queue} is not one of your queues`);
    }
    try {
      const page = await this.deps.tasks.listQueues(query.queue ? [query.queue] : allowed, query);
      return { tasks: page.tasks.map((task) => this.summary(task, query.lang)), nextCursor: page.nextCursor };
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      throw new ProblemError(400, 'Invalid request', `query.cursor: ${error.message}`, [
        { path: 'query.cursor', message: error.message },
      ]);
    }
  }

  async get(principal: Principal, taskId: string, locale: Locale): Promise<Out<typeof taskDetailSchema>> {
    const task = await this.accessibleTask(principal, taskId);
    const dunningCase = await this.deps.service.load(task.invoiceId);
    const [timeline, exposure, recentTasks, call] = await Promise.all([
      this.deps.cases.timeline(task.invoiceId),
      this.exposure(dunningCase.invoice.customer.id),
      this.deps.tasks.recentTasksOfCase(task.invoiceId, RECENT_TASKS),
      this.calls.view(task, locale),
    ]);
    const { policy } = this.deps.context;
    const view = caseView(dunningCase, this.today(), this.deps.context, locale);
    return {
      task: {
        ...this.summary(task, locale),
        outcome: task.outcome,
        status: task.status,
        recordedBy: task.recordedBy?.name ?? null,
      },
      case: view,
      customer: customerView(dunningCase, principal),
      exposure,
      call,
      talkingPoints: [
        ...(call ? [callTalkingPoint(call, locale)] : []),
        ...talkingPoints(
          {
            dunningCase,
            amounts: {
              totalOpen: view.amounts.totalOpen.cents,
              principalOpen: view.amounts.principalOpen.cents,
              interestToDate: view.amounts.interestToDate.cents,
              costsOpen: view.amounts.costsOpen.cents,
            },
            previousCalls: previousCallsOf(recentTasks),
            largeAmountCents: policy.largeAmountCents,
            levels: policy.levels,
          },
          locale,
        ),
      ],
      timeline: timelineView(timeline, locale, policy),
    };
  }

  /**
   * The customer's open cases, oldest due first, at most EXPOSURE_LIST_LIMIT of them (one bounded Query):
   * totalled on the spot when that is all of them, else the report job's totals as of its last pass.
   */
  private async exposure(customerId: string): Promise<Out<typeof taskDetailSchema>['exposure']> {
    const listed = await this.deps.cases.openCasesOfCustomer(customerId, EXPOSURE_LIST_LIMIT);
    const figures = await exposureFigures(this.deps.reports, customerId, listed);
    return { openCases: listed.cases, more: listed.more, ...figures };
  }

  async claim(principal: Principal, taskId: string): Promise<Out<typeof taskSummarySchema>> {
    await this.accessibleTask(principal, taskId);
    const claimed = await this.deps.tasks.claim(taskId, principal.subject, this.deps.clock.engineNow());
    if (!claimed) throw notFound(`task ${taskId}`);
    if (isRefusal(claimed)) {
      throw conflict(
        claimed.refused === 'not-open'
          ? `task ${taskId} is ${claimed.status}`
          : `task ${taskId} is claimed by another caller`,
      );
    }
    return this.summary(claimed, 'de');
  }

  async release(principal: Principal, taskId: string): Promise<Out<typeof taskSummarySchema>> {
    await this.accessibleTask(principal, taskId);
    const released = await this.deps.tasks.release(
      taskId,
      principal.subject,
      this.deps.clock.engineNow(),
      isSupervisor(principal),
    );
    if (!released) throw notFound(`task ${taskId}`);
    if (isRefusal(released)) throw conflict(`task ${taskId} is not claimed by you`);
    return this.summary(released, 'de');
  }

  /**
   * Records an outcome: the caller must hold the claim; the outcome must fit the case as it is now (tried on
   * the pure domain first); then it is stored on the task and the execution resumed (completeTask).
   */
  async recordOutcome(principal: Principal, taskId: string, request: OutcomeRequest) {
    const { outcome } = request;
    if (outcome === undefined || request.parts !== undefined || request.allocation !== undefined) {
      // Per-invoice parts and allocations are outcomes of a customer's call only.
      const task = await this.accessibleTask(principal, taskId);
      return this.calls.recordOutcome(principal, task, request);
    }
    // An outcome the policy allows for no case (a callback too far ahead) is refused like a malformed body.
    const problem = outcomeLimitProblem(outcome, this.today(), this.deps.context.policy);
    if (problem) {
      const path = ['body', 'outcome', ...problem.path].join('.');
      throw new ProblemError(422, 'Outcome does not fit the case', `${path}: ${problem.message}`, [
        { path, message: problem.message },
      ]);
    }
    const task = await this.accessibleTask(principal, taskId);
    if (this.calls.isCall(task, request)) return this.calls.recordOutcome(principal, task, request);
    const unworked = task.status === 'open' && task.outcome === null;
    if (unworked && !isClaimedBy(task, principal.subject, this.deps.clock.engineNow())) {
      throw conflict(`claim task ${taskId} before recording its outcome`);
    }
    const dunningCase = await this.deps.service.load(task.invoiceId);
    const event = caseEventFor(outcome, dunningCase, this.today());
    if (event && unworked) {
      try {
        applyEvent(dunningCase, event, this.deps.context);
      } catch (error) {
        if (!(error instanceof InvalidTransitionError)) throw error;
        throw new ProblemError(422, 'Outcome does not fit the case', error.message, [
          { path: 'body.outcome', message: error.message },
        ]);
      }
    }
    const actor = actorOf(principal);
    const completion = await completeTask(
      { tasks: this.deps.tasks, executions: this.deps.executions, now: () => this.deps.clock.businessNow() },
      taskId,
      outcome,
      actor,
    );
    switch (completion.result) {
      case 'completed':
        // No execution applies the outcome of such a task, so its line on the timeline is written here.
        if (completion.finishedHere) await this.noteOutcome(task, outcome, actor);
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
        await this.keepLateOutcome(task, outcome, actor, isSupervisor(principal));
        throw conflict(
          `task ${taskId} timed out before the outcome arrived; the outcome is kept on the case timeline`,
        );
    }
  }

  /**
   * Too late for the workflow, but what the customer said must not be lost: kept on the task and the case
   * timeline, once per task, and only from the person who last held the claim or a supervisor. The task is
   * written first (conditional on no late outcome yet), so a second attempt writes nothing at all.
   */
  private async keepLateOutcome(task: Task, outcome: TaskOutcome, actor: Actor, supervisor: boolean) {
    const late = { outcome, by: actor, at: this.deps.clock.businessNow() };
    const kept = await this.deps.tasks.recordLateOutcome(task.taskId, late, supervisor);
    if (!kept) throw notFound(`task ${task.taskId}`);
    if (isRefusal(kept)) {
      switch (kept.refused) {
        case 'late-outcome-recorded':
          throw conflict(`task ${task.taskId} has ended and a late outcome was already recorded for it`);
        case 'not-last-claim-holder':
          throw forbidden(
            `task ${task.taskId} has ended: only the caller who last claimed it, or a supervisor, may record a late outcome`,
          );
        case 'still-open':
          throw conflict(`task ${task.taskId} is still open; claim it and record its outcome again`);
        default:
          throw conflict(`task ${task.taskId} is done; its outcome was applied`);
      }
    }
    await this.deps.service.annotate(task.invoiceId, [
      {
        on: this.today(),
        type: 'late-outcome',
        summary: `outcome ${outcome.type} recorded by ${actor.name} after the task had timed out`,
        data: { outcome: outcome.type, by: actor.name, ...actorFacts(actor) },
      },
    ]);
  }

  private async noteOutcome(task: Task, outcome: TaskOutcome, actor: Actor) {
    await this.deps.service.annotate(task.invoiceId, [
      {
        on: this.today(),
        type: 'outcome-recorded',
        summary: `outcome ${outcome.type} of the ${task.kind} task recorded`,
        data: { outcome: outcome.type, kind: task.kind, ...actorFacts(actor) },
      },
    ]);
  }
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
