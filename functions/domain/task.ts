import { addMinutes } from 'date-fns';
import { type Actor, actorSchema } from './actor.js';
import { type Instant, instantSchema, isoDateSchema } from './calendar.js';
import { type SharedOutcome, sameRequest, sharedOutcomeSchema } from './customer-call.js';
import { compareInstants, dateOf, utcInstant } from './instant.js';
import { currencySchema } from './money.js';
import { outcomesByKind, type TaskOutcome, taskKindSchema, taskOutcomeSchema } from './outcomes.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * A task for a person (a collection call, a handover approval, a dispute decision, a data correction) and
 * the pure rules of its lifecycle, as domain/case.ts is for cases. Every transition names the state it
 * starts from and returns the changed task or a typed refusal; storage persists a transition only if the
 * stored task is still in the state the transition started from. The task token resumes the waiting
 * execution; it is a secret of the backend and never part of an API response or log.
 */
export const taskStatusSchema = z.enum(['open', 'done', 'timed-out', 'cancelled']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const lateOutcomeSchema = z.object({ outcome: taskOutcomeSchema, by: actorSchema, at: instantSchema });
export type LateOutcome = z.infer<typeof lateOutcomeSchema>;

export const taskSchema = z.object({
  taskId: nonEmptyStringSchema,
  kind: taskKindSchema,
  status: taskStatusSchema,
  queue: nonEmptyStringSchema,
  priority: z.int().check(z.gte(0)),
  /** Business time by which the task should be done (its SLA). */
  dueAt: instantSchema,
  invoiceId: nonEmptyStringSchema,
  invoiceNumber: nonEmptyStringSchema,
  invoiceDueDate: isoDateSchema,
  customerId: nonEmptyStringSchema,
  customerName: nonEmptyStringSchema,
  openCents: z.int().check(z.gte(0)),
  currency: currencySchema,
  levelId: nonEmptyStringSchema,
  attempt: z.int().check(z.gte(1)),
  salesRepInvolved: z.boolean(),
  executionId: nonEmptyStringSchema,
  /** The waiting execution's token; null for tasks no execution waits for (data corrections). */
  taskToken: z.nullable(nonEmptyStringSchema),
  claimedBy: z.nullable(z.string()),
  claimExpiresAt: z.nullable(instantSchema),
  outcome: z.nullable(taskOutcomeSchema),
  /** Who recorded `outcome`: kept after the task finished (null for the system's and older outcomes). */
  recordedBy: z._default(z.nullable(actorSchema), null),
  /** The subject of the last claim; unlike `claimedBy` it is kept when the task finishes (late outcomes). */
  lastClaimedBy: z._default(z.nullable(z.string()), null),
  /** What a person recorded after the task had timed out or was cancelled: once per task. */
  lateOutcome: z._default(z.nullable(lateOutcomeSchema), null),
  /** Set once SendTaskSuccess went through, so a repeated request does not resume the execution again. */
  resumedAt: z._default(z.nullable(instantSchema), null),
  /** A call task that joined its customer's call (see customer-call.ts): that call's task; it is not queued itself. */
  leadTaskId: z._default(z.nullable(nonEmptyStringSchema), null),
  /** The customer's call task: the call tasks of the customer's other cases that joined it, in joining order. */
  members: z._default(z.array(nonEmptyStringSchema), []),
  /** The customer's call task: the outcome recorded for the call, split into each open member's part. */
  sharedOutcome: z._default(z.nullable(sharedOutcomeSchema), null),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type Task = z.infer<typeof taskSchema>;

/** What a task is about, fixed when it is opened; everything else belongs to its lifecycle. */
export type TaskDetails = Omit<Task, keyof ReturnType<typeof unworkedTask>>;

/** How long a claim keeps other callers away from a task (a call plus its notes). */
export const CLAIM_MINUTES = 30;

/** Why a transition does not apply to the task as it is. */
export type TaskRefusal =
  | { refused: 'not-open'; status: Exclude<TaskStatus, 'open'> }
  | { refused: 'claimed-by-another'; claimedBy: string }
  | { refused: 'not-claimed-by-caller' }
  | { refused: 'other-outcome-recorded' }
  | { refused: 'outcome-not-for-kind'; allowed: readonly TaskOutcome['type'][] }
  | { refused: 'still-open' }
  | { refused: 'late-outcome-recorded' }
  | { refused: 'not-last-claim-holder' }
  | { refused: 'not-a-member' }
  | { refused: 'call-changed' };

export const isRefusal = (result: Task | TaskRefusal): result is TaskRefusal => 'refused' in result;

const notOpen = (task: Task): TaskRefusal | undefined =>
  task.status === 'open' ? undefined : { refused: 'not-open', status: task.status };

const sameOutcome = (a: TaskOutcome | null, b: TaskOutcome) => JSON.stringify(a) === JSON.stringify(b);

/** The claim is the caller's and has not run out. */
export function isClaimedBy(task: Task, caller: string, now: Instant): boolean {
  return (
    task.claimedBy === caller && task.claimExpiresAt !== null && compareInstants(task.claimExpiresAt, now) > 0
  );
}

/** The lifecycle fields of a task just opened: open, unclaimed, without an outcome. */
export function unworkedTask(now: Instant) {
  return {
    status: 'open',
    claimedBy: null,
    claimExpiresAt: null,
    outcome: null,
    recordedBy: null,
    lastClaimedBy: null,
    lateOutcome: null,
    resumedAt: null,
    leadTaskId: null,
    members: [],
    sharedOutcome: null,
    createdAt: now,
    updatedAt: now,
  } as const satisfies Partial<Task>;
}

/** Open (from nothing): how every task starts. */
export function openTask(details: TaskDetails, now: Instant): Task {
  return { ...details, ...unworkedTask(now) };
}

/**
 * Refresh (from open, any claim): Step Functions issues a new token when it retries a state; the open task
 * takes the new attempt's token. A finished task is never reopened.
 */
export function refreshAttempt(
  task: Task,
  attempt: Pick<Task, 'taskToken' | 'executionId'>,
  now: Instant,
): Task | TaskRefusal {
  return (
    notOpen(task) ?? {
      ...task,
      taskToken: attempt.taskToken,
      executionId: attempt.executionId,
      updatedAt: now,
    }
  );
}

/**
 * Record the customer call's outcome (from open, on the call's own task, none recorded yet, its members still
 * those the outcome was split over): the parts are stored before any member is resumed. The same parts recorded again change nothing, in any status (the call's
 * own part may have finished it meanwhile); different ones are refused.
 */
export function recordSharedOutcome(
  task: Task,
  shared: SharedOutcome,
  members: readonly string[],
): Task | TaskRefusal {
  if (task.kind !== 'call') return { refused: 'outcome-not-for-kind', allowed: outcomesByKind[task.kind] };
  if (task.sharedOutcome !== null) {
    return sameRequest(task.sharedOutcome, shared) ? task : { refused: 'other-outcome-recorded' };
  }
  if (task.outcome !== null) return { refused: 'other-outcome-recorded' };
  // A case that joined after the outcome was split must not be left without its part: split again.
  if (task.members.join() !== members.join()) return { refused: 'call-changed' };
  return notOpen(task) ?? { ...task, sharedOutcome: shared, updatedAt: shared.at };
}

/**
 * Move (from open, a member of `from`, or of no call when `from` is null): a call task joins its customer's call
 * `to`, or leads it itself (`to` is the task) with `members`. So does a member when the customer's call task ended
 * for its own case's sake (paid, disputed, timed out): the first member takes over the call with the rest as its
 * members, the rest join it. A call others joined never joins another one.
 */
export function moveToCall(
  task: Task,
  from: string | null,
  to: string,
  members: readonly string[],
  now: Instant,
): Task | TaskRefusal {
  const leads = to === task.taskId;
  if (task.leadTaskId !== from || (!leads && task.members.length > 0)) return { refused: 'not-a-member' };
  return (
    notOpen(task) ?? {
      ...task,
      leadTaskId: leads ? null : to,
      members: leads ? [...members] : task.members,
      updatedAt: now,
    }
  );
}

/** Claim (from open; unclaimed, its claim run out, or already the caller's): the caller holds it a while. */
export function claimTask(task: Task, caller: string, now: Instant): Task | TaskRefusal {
  const refusal = notOpen(task);
  if (refusal) return refusal;
  const claimRunOut = task.claimExpiresAt !== null && compareInstants(task.claimExpiresAt, now) < 0;
  if (task.claimedBy !== null && task.claimedBy !== caller && !claimRunOut) {
    return { refused: 'claimed-by-another', claimedBy: task.claimedBy };
  }
  const until = utcInstant(addMinutes(dateOf(now), CLAIM_MINUTES));
  return { ...task, claimedBy: caller, lastClaimedBy: caller, claimExpiresAt: until, updatedAt: now };
}

/**
 * Release (from open, claimed by the caller; with `force`, a supervisor's, any claim): the task goes back
 * to the queue unclaimed.
 */
export function releaseTask(
  task: Task,
  caller: string,
  now: Instant,
  options: { force: boolean },
): Task | TaskRefusal {
  const refusal = notOpen(task);
  if (refusal) return refusal;
  if (!options.force && task.claimedBy !== caller) return { refused: 'not-claimed-by-caller' };
  return { ...task, claimedBy: null, claimExpiresAt: null, updatedAt: now };
}

/**
 * Record outcome (from open, any claim, no outcome yet): stored before the execution is resumed, so a
 * failure in between loses nothing, together with who recorded it. The very outcome recorded again changes
 * nothing (not even who recorded it), in any status; a different one, or one this kind of task does not
 * take, is refused.
 */
export function recordOutcome(
  task: Task,
  outcome: TaskOutcome,
  now: Instant,
  by: Actor | null = null,
): Task | TaskRefusal {
  const allowed = outcomesByKind[task.kind];
  if (!allowed.includes(outcome.type)) return { refused: 'outcome-not-for-kind', allowed };
  if (task.outcome !== null) {
    return sameOutcome(task.outcome, outcome) ? task : { refused: 'other-outcome-recorded' };
  }
  return notOpen(task) ?? { ...task, outcome, recordedBy: by, updatedAt: now };
}

/**
 * Record a late outcome (from timed-out or cancelled, no late outcome yet): what the customer said after the
 * task ended must not be lost, but only the person who last held the claim (or a supervisor) may add it, and
 * only once, so nobody can fill the case's timeline with lines.
 */
export function recordLateOutcome(
  task: Task,
  late: LateOutcome,
  options: { supervisor: boolean },
): Task | TaskRefusal {
  if (task.status === 'open') return { refused: 'still-open' };
  // A task that is done had its outcome applied: there is nothing late about a second one.
  if (task.status === 'done') return { refused: 'not-open', status: 'done' };
  if (task.lateOutcome !== null) return { refused: 'late-outcome-recorded' };
  if (!options.supervisor && task.lastClaimedBy !== late.by.sub) return { refused: 'not-last-claim-holder' };
  return { ...task, lateOutcome: late, updatedAt: late.at };
}

function end(
  task: Task,
  status: Exclude<TaskStatus, 'open'>,
  outcome: TaskOutcome | null,
  now: Instant,
): Task | TaskRefusal {
  return notOpen(task) ?? { ...task, status, outcome, claimedBy: null, claimExpiresAt: null, updatedAt: now };
}

/** Finish (from open, any claim): the workflow applied the outcome; the task is done. */
export const finishTask = (task: Task, outcome: TaskOutcome | null, now: Instant) =>
  end(task, 'done', outcome, now);

/** Time out (from open, any claim): nobody finished it in time, or its token expired before the outcome. */
export const timeOutTask = (task: Task, outcome: TaskOutcome | null, now: Instant) =>
  end(task, 'timed-out', outcome, now);

/** Cancel (from open, any claim): the case closed and no execution waits for the task any more. */
export const cancelTask = (task: Task, outcome: TaskOutcome | null, now: Instant) =>
  end(task, 'cancelled', outcome, now);
