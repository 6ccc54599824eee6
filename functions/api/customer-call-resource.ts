import { type Actor, actorFacts } from '../domain/actor.js';
import type { IsoDate } from '../domain/calendar.js';
import { applyEvent, type DunningCase, InvalidTransitionError } from '../domain/case.js';
import {
  type CallMember,
  type CallPart,
  type CallProblem,
  type CallRequest,
  oldestDueFirst,
  splitCallOutcome,
} from '../domain/customer-call.js';
import { levelName } from '../domain/level-names.js';
import type { Locale } from '../domain/money.js';
import { isCallOutcome, outcomeLimitProblem } from '../domain/outcomes.js';
import { isClaimedBy, isRefusal, type Task } from '../domain/task.js';
import type * as z from '../domain/zod.js';
import { completeTask } from '../workflow/complete-task.js';
import { caseEventFor } from '../workflow/outcome-events.js';
import type { CoreApiDeps } from './deps.js';
import { actorOf, type Principal } from './principal.js';
import { conflict, ProblemError } from './problems.js';
import type { completionSchema, customerCallViewSchema, outcomeRequestSchema } from './task-schemas.js';
import { caseView } from './views.js';

type Out<S extends z.ZodMiniType> = z.infer<S>;
export type OutcomeRequest = Out<typeof outcomeRequestSchema>;

interface OpenMember {
  task: Task;
  dunningCase: DunningCase;
  member: CallMember;
}

/**
 * A customer's call (one call per customer, see domain/customer-call.ts) in the caller API: what the caller sees
 * of it and how one outcome for the account, or one per invoice, reaches every member's execution.
 */
export class CustomerCallResource {
  constructor(private readonly deps: CoreApiDeps) {}

  private today(): IsoDate {
    return this.deps.clock.businessToday();
  }

  /** An outcome goes to the customer's call when others joined it, or when it was recorded as one. */
  isCall(task: Task, request: OutcomeRequest): boolean {
    if (task.kind !== 'call' || task.leadTaskId !== null) return false;
    return (
      task.members.length > 0 ||
      task.sharedOutcome !== null ||
      request.parts !== undefined ||
      request.allocation !== undefined
    );
  }

  /** The call's own task and the members still open, oldest due first, each with its case as it is today. */
  private async openMembers(lead: Task): Promise<OpenMember[]> {
    const joined = await Promise.all(lead.members.map((taskId) => this.deps.tasks.get(taskId)));
    const tasks = [lead, ...joined].filter(
      (task): task is Task =>
        task !== undefined &&
        task.status === 'open' &&
        task.outcome === null &&
        // A member that attached a moment ago may not name the call yet: it is worked in it all the same.
        (task.taskId === lead.taskId || task.leadTaskId === lead.taskId || task.leadTaskId === null),
    );
    const members = await Promise.all(
      tasks.map(async (task) => {
        const dunningCase = await this.deps.service.load(task.invoiceId);
        const view = caseView(dunningCase, this.today(), this.deps.context, 'de');
        const member: CallMember = {
          taskId: task.taskId,
          invoiceId: task.invoiceId,
          invoiceNumber: task.invoiceNumber,
          dueDate: task.invoiceDueDate,
          openCents: view.amounts.totalOpen.cents,
        };
        return { task, dunningCase, member };
      }),
    );
    const order = oldestDueFirst(members.map((entry) => entry.member)).map((member) => member.taskId);
    return members.sort((a, b) => order.indexOf(a.task.taskId) - order.indexOf(b.task.taskId));
  }

  /** What the caller sees of a call others joined; null for a call about one invoice. */
  async view(lead: Task, locale: Locale): Promise<Out<typeof customerCallViewSchema> | null> {
    if (lead.kind !== 'call' || lead.leadTaskId !== null || lead.members.length === 0) return null;
    const members = await this.openMembers(lead);
    if (members.length < 2) return null;
    const { policy } = this.deps.context;
    return {
      invoices: members.map(({ task, dunningCase, member }) => ({
        invoiceId: member.invoiceId,
        invoiceNumber: member.invoiceNumber,
        dueDate: member.dueDate,
        levelName: levelName(policy, task.levelId, locale),
        status: dunningCase.status,
        openCents: member.openCents,
      })),
      totalOpenCents: members.reduce((sum, { member }) => sum + member.openCents, 0),
      currency: lead.currency,
    };
  }

  /**
   * Records the call's outcome: checked against every member's case first (422 naming the field and the
   * invoice), stored on the call as each member's part, then each member's execution resumed with its part.
   * The same request again resumes whatever is left; a part whose task ended first is kept as a late outcome.
   */
  async recordOutcome(
    principal: Principal,
    lead: Task,
    request: OutcomeRequest,
  ): Promise<Out<typeof completionSchema>> {
    const actor = actorOf(principal);
    let parts: CallPart[];
    if (lead.sharedOutcome !== null) {
      if (lead.sharedOutcome.request !== JSON.stringify(request)) {
        throw conflict('another outcome was already recorded for this call');
      }
      parts = lead.sharedOutcome.parts;
    } else {
      parts = await this.recordSplit(principal, lead, request, actor);
    }
    const results = [];
    for (const part of parts)
      results.push({ invoiceId: part.invoiceId, status: await this.resume(part, actor) });
    return { taskId: lead.taskId, status: 'completed', parts: results };
  }

  /** Splits and stores the outcome; a case joining in between makes it split again over the new members. */
  private async recordSplit(
    principal: Principal,
    lead: Task,
    request: OutcomeRequest,
    actor: Actor,
  ): Promise<CallPart[]> {
    for (let call = lead, attempt = 1; ; attempt++) {
      const parts = await this.checkedParts(principal, call, request);
      const shared = {
        parts,
        by: actor,
        at: this.deps.clock.businessNow(),
        request: JSON.stringify(request),
      };
      const stored = await this.deps.tasks.recordSharedOutcome(call.taskId, shared, call.members);
      if (stored && !isRefusal(stored)) return stored.sharedOutcome?.parts ?? parts;
      const latest = await this.deps.tasks.get(call.taskId);
      if (stored?.refused !== 'call-changed' || !latest || attempt >= 5) {
        throw conflict(
          stored?.refused === 'other-outcome-recorded'
            ? 'another outcome was already recorded for this call'
            : `task ${lead.taskId} is no longer open`,
        );
      }
      call = latest;
    }
  }

  private async checkedParts(principal: Principal, lead: Task, request: OutcomeRequest): Promise<CallPart[]> {
    if (lead.status !== 'open' || lead.outcome !== null)
      throw conflict(`task ${lead.taskId} is no longer open`);
    if (!isClaimedBy(lead, principal.subject, this.deps.clock.engineNow())) {
      throw conflict(`claim task ${lead.taskId} before recording its outcome`);
    }
    const members = await this.openMembers(lead);
    const callRequest = toCallRequest(request);
    const split = splitCallOutcome(
      members.map((entry) => entry.member),
      callRequest,
    );
    if ('problems' in split) throw unfit(split.problems);
    const problems = split.parts.flatMap((part) => {
      const entry = members.find((candidate) => candidate.task.taskId === part.taskId);
      return entry ? this.problemsOf(entry, part, callRequest) : [];
    });
    if (problems.length > 0) throw unfit(problems);
    return split.parts;
  }

  /** Whether the member's case takes its part, tried on the pure domain (nothing is written). */
  private problemsOf(entry: OpenMember, part: CallPart, request: CallRequest): CallProblem[] {
    const index = 'parts' in request ? request.parts.findIndex((p) => p.invoiceId === part.invoiceId) : -1;
    const path = index >= 0 ? ['parts', String(index), 'outcome'] : ['outcome'];
    const named = (message: string) => [{ path, message: `${entry.member.invoiceNumber}: ${message}` }];
    const limit = outcomeLimitProblem(part.outcome, this.today(), this.deps.context.policy);
    if (limit)
      return [{ path: [...path, ...limit.path], message: `${entry.member.invoiceNumber}: ${limit.message}` }];
    const event = caseEventFor(part.outcome, entry.dunningCase, this.today());
    if (!event) return [];
    try {
      applyEvent(entry.dunningCase, event, this.deps.context);
      return [];
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
      return named(error.message);
    }
  }

  /** Resumes one member's execution with its part; a task that ended first keeps the part as a late outcome. */
  private async resume(part: CallPart, actor: Actor): Promise<'completed' | 'timed-out' | 'conflict'> {
    const completion = await completeTask(
      { tasks: this.deps.tasks, executions: this.deps.executions, now: () => this.deps.clock.businessNow() },
      part.taskId,
      part.outcome,
      actor,
    );
    if (completion.result === 'completed') return 'completed';
    if (completion.result !== 'timed-out') return 'conflict';
    const late = { outcome: part.outcome, by: actor, at: this.deps.clock.businessNow() };
    const kept = await this.deps.tasks.recordLateOutcome(part.taskId, late, true);
    if (kept && !isRefusal(kept)) {
      await this.deps.service.annotate(part.invoiceId, [
        {
          on: this.today(),
          type: 'late-outcome',
          summary: `outcome ${part.outcome.type} recorded by ${actor.name} after the task had timed out`,
          data: { outcome: part.outcome.type, by: actor.name, ...actorFacts(actor) },
        },
      ]);
    }
    return 'timed-out';
  }
}

function toCallRequest(request: OutcomeRequest): CallRequest {
  if (request.parts !== undefined) return { parts: request.parts };
  const outcome = request.outcome ?? null;
  if (!isCallOutcome(outcome)) {
    throw unfit([{ path: ['outcome', 'type'], message: 'a call takes a call outcome' }]);
  }
  return request.allocation === undefined ? { outcome } : { outcome, allocation: request.allocation };
}

function unfit(problems: readonly CallProblem[]): ProblemError {
  const fields = problems.map((problem) => ({
    path: ['body', ...problem.path].join('.'),
    message: problem.message,
  }));
  return new ProblemError(
    422,
    'Outcome does not fit the call',
    fields.map((field) => `${field.path}: ${field.message}`).join('; '),
    fields,
  );
}
