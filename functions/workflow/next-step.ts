import { promiseCheckOn } from '../domain/agreements.js';
import { isWorkedByPhone, slaBusinessDaysFor } from '../domain/assignment.js';
import { berlinDateOf, berlinInstant, compareDates, type Instant, type IsoDate } from '../domain/calendar.js';
import { type CaseContext, type DunningCase, isTerminal } from '../domain/case.js';
import { epochMillisecondsOf } from '../domain/instant.js';
import { pacedInstant } from '../domain/pacing.js';
import { lettersAwaitingPosting } from '../domain/posting-rules.js';
import { nextActionOfCase } from '../domain/schedule.js';
import type { WorkflowClock } from './clock.js';
import type { NextStep } from './contracts/next-step.js';

/** Where the execution is in the policy: the level and call attempt it is working on. */
export interface Position {
  levelIndex?: number;
  attempt?: number;
}

function step(
  route: NextStep['route'],
  at: Instant,
  clock: WorkflowClock,
  extra: Partial<NextStep> = {},
): NextStep {
  return { route, at, waitUntil: clock.toEngine(at), attempt: 1, later: false, ...extra };
}

/** The action time on the next business day after `today` (not paced: a call retry, a held installment plan). */
export function nextBusinessMorning(today: IsoDate, context: CaseContext): Instant {
  return berlinInstant(context.calendar.addBusinessDays(today, 1), context.policy.actionTime);
}

/**
 * Engine seconds a task may stay open: its SLA in business days from the day it opens, at the action time.
 * A task that opens later (after a Wait) counts from its own start, `opensAt`; otherwise from now.
 */
export function taskTimeoutSeconds(
  businessDays: number,
  clock: WorkflowClock,
  context: CaseContext,
  opensAt?: Instant,
): number {
  const opensOn = opensAt ? berlinDateOf(opensAt) : clock.businessToday();
  const until = berlinInstant(
    context.calendar.addBusinessDays(opensOn, businessDays),
    context.policy.actionTime,
  );
  if (!opensAt) return clock.engineSecondsUntil(until);
  const engineMillis = (business: Instant) => epochMillisecondsOf(clock.toEngine(business));
  return Math.max(1, Math.ceil((engineMillis(until) - engineMillis(opensAt)) / 1000));
}

/**
 * What the execution does next for this case. Pure apart from the clock: the same case at the same time
 * always gives the same step, so a retried Lambda returns what the first attempt would have.
 */
export function nextStepFor(
  dunningCase: DunningCase,
  position: Position,
  clock: WorkflowClock,
  context: CaseContext,
): NextStep {
  const now = clock.businessNow();
  const today = clock.businessToday();
  const { policy, calendar } = context;
  const customerId = dunningCase.invoice.customer.id;
  // Held cases look again every business day and promises are checked on one day for many cases: both wake
  // at the customer's paced second like a level, so they neither burst nor split one customer's cases.
  const pacedOn = (date: IsoDate) => pacedInstant(date, customerId, policy.sendingWindow);
  if (isTerminal(dunningCase.status)) return step('close', now, clock);
  if (dunningCase.status === 'on-hold')
    return step('wait', pacedOn(calendar.addBusinessDays(today, 1)), clock, position);
  if (dunningCase.status === 'disputed') {
    return step('dispute', now, clock, {
      taskKind: 'dispute',
      levelIndex: dunningCase.nextLevelIndex,
      attempt: position.attempt ?? 1,
      timeoutSeconds: taskTimeoutSeconds(slaBusinessDaysFor('dispute', undefined, policy), clock, context),
    });
  }
  if (dunningCase.status === 'installments') return step('installments', now, clock);
  if (dunningCase.status === 'promise') {
    const pending = dunningCase.promises.at(-1);
    const checkOn = pending ? promiseCheckOn(pending.promisedOn, context) : today;
    return step('wait', pacedOn(checkOn), clock, {
      levelIndex: dunningCase.nextLevelIndex,
    });
  }

  const action = nextActionOfCase(dunningCase, policy, calendar);
  if (action.type !== 'level') return step('close', now, clock);
  const { level: scheduled } = action;
  const levelIndex = scheduled.index;
  const sameLevel = position.levelIndex === levelIndex;
  const attempt = sameLevel ? (position.attempt ?? 1) : 1;
  // The day decides, not the instant: pacing sets when a waiting execution wakes, and on the level's day a step
  // acts whenever it runs (a retry after the window closed, an execution restarted before its second). A level
  // on a later day is planned as that level's step, later: the execution waits right before the step, which
  // checks the case itself when it runs.
  const isLater = compareDates(scheduled.date, today) > 0;
  const level = policy.levels[levelIndex];
  if (!level) return step('close', now, clock);
  const at = isLater ? scheduled.at : now;
  const opensAt = isLater ? scheduled.at : undefined;
  if (level.kind === 'call' || isWorkedByPhone(level, dunningCase, policy)) {
    return step('call', at, clock, {
      levelIndex,
      attempt,
      later: isLater,
      taskKind: 'call',
      timeoutSeconds: taskTimeoutSeconds(slaBusinessDaysFor('call', level, policy), clock, context, opensAt),
    });
  }
  if (level.kind === 'handover') {
    // A letter written but not posted has not reached the debtor: the handover waits for the print service's
    // confirmation and looks again every business day (the case stays worked, a stuck batch alarms elsewhere).
    if (!isLater && lettersAwaitingPosting(dunningCase).length > 0) {
      return step('wait', pacedOn(calendar.addBusinessDays(today, 1)), clock, { levelIndex, attempt });
    }
    if (level.requireApproval) {
      return step('approval', at, clock, {
        levelIndex,
        attempt,
        later: isLater,
        taskKind: 'approval',
        timeoutSeconds: taskTimeoutSeconds(
          slaBusinessDaysFor('approval', level, policy),
          clock,
          context,
          opensAt,
        ),
      });
    }
    // A handover without approval is rare: it waits and checks like a held case.
    return isLater
      ? step('wait', at, clock, { levelIndex, attempt })
      : step('handover', now, clock, { levelIndex });
  }
  return step('reminder', at, clock, { levelIndex, later: isLater });
}

/**
 * The reminder of `levelIndex` moved to the customer's second on the next business day: the customer's one
 * mail of today went out (or is going out) without this case, so its reminder joins tomorrow's.
 */
export function reminderOnNextBusinessDay(
  dunningCase: DunningCase,
  levelIndex: number,
  clock: WorkflowClock,
  context: CaseContext,
): NextStep {
  const { policy, calendar } = context;
  const tomorrow = calendar.addBusinessDays(clock.businessToday(), 1);
  const at = pacedInstant(tomorrow, dunningCase.invoice.customer.id, policy.sendingWindow);
  return step('reminder', at, clock, { levelIndex, later: true });
}
