import { addMinutes, isBefore } from 'date-fns';
import type { Instant } from './calendar.js';
import { type DunningCase, isTerminal } from './case.js';
import { compareInstants, dateOf } from './instant.js';

/**
 * Business minutes after its start time during which a case may still wait for its first execution: the
 * schedule's delivery and Scheduler's retries of a refused invocation take a while. After that the case has
 * lost its start (a deleted or failed schedule) and the reconciler starts it.
 */
export const START_GRACE_MINUTES = 60;

/**
 * Whether the case waits without an execution by design: it was opened before its invoice was overdue, its
 * first execution has not started and its start time (plus the grace) has not passed.
 */
export function waitsForFirstStart(dunningCase: DunningCase, now: Instant): boolean {
  const { workflow } = dunningCase;
  if (isTerminal(dunningCase.status) || workflow.startsAt === null) return false;
  if (workflow.executionArn !== null || workflow.restarts > 0 || workflow.endedOn !== null) return false;
  const lostAfter = addMinutes(dateOf(workflow.startsAt), START_GRACE_MINUTES);
  return isBefore(dateOf(now), lostAfter);
}

/** Whether a planned instant is still ahead: a case whose first step lies ahead waits for it without an execution. */
export function isAhead(at: Instant, now: Instant): boolean {
  return compareInstants(at, now) > 0;
}
