import { addDays, type BusinessCalendar, type Instant, type IsoDate, laterOf } from './calendar.js';
import { pacedInstant } from './pacing.js';
import type { LevelKind, Policy, PolicyLevel } from './policy.js';

/**
 * When each dunning level of a policy is due. Dates are business days at the place of payment; `at` is the
 * instant on that day the state machine waits for: the customer's second in the policy's sending window, so a
 * day's levels wake spread over the window and one customer's levels on a day wake at the same instant.
 */
export interface ScheduledLevel {
  /** Position in policy.levels. */
  index: number;
  levelId: string;
  kind: LevelKind;
  date: IsoDate;
  at: Instant;
}

/**
 * § 31 (2) Nr. 4 b BDSG: at least four weeks between the first reminder and a credit-bureau report. A handover
 * usually comes with such a report, so it keeps the same distance even when a policy's offsets are shorter.
 */
export const MIN_DAYS_FIRST_REMINDER_TO_HANDOVER = 28;

type SchedulePolicy = Pick<Policy, 'levels' | 'sendingWindow'>;

export interface ScheduleLevelInput {
  /** Position of `level` in policy.levels. */
  index: number;
  /** The day the offset counts from: the previous level's date, or the due date for the first level. */
  previousDate: IsoDate;
  level: PolicyLevel;
  /**
   * Day the first written reminder went out. When a handover is scheduled without it, `previousDate` stands in:
   * every reminder lies on or before it, so the four weeks counted from there are never too short.
   */
  firstReminderOn?: IsoDate;
  /** Whose level it is: the key that paces `at` over the sending window. */
  customerId: string;
}

export function scheduleLevel(
  input: ScheduleLevelInput,
  policy: Pick<Policy, 'sendingWindow'>,
  calendar: BusinessCalendar,
): ScheduledLevel {
  const { index, previousDate, level, customerId } = input;
  let date = calendar.addBusinessDays(previousDate, level.offsetBusinessDays);
  if (level.kind === 'handover') {
    const earliest = addDays(input.firstReminderOn ?? previousDate, MIN_DAYS_FIRST_REMINDER_TO_HANDOVER);
    date = laterOf(date, calendar.onOrNextBusinessDay(earliest));
  }
  const at = pacedInstant(date, customerId, policy.sendingWindow);
  return { index, levelId: level.id, kind: level.kind, date, at };
}

/** Written reminders count for § 31 BDSG; a final notice is one too. */
const isWrittenReminder = (kind: LevelKind) => kind === 'reminder' || kind === 'final';

/**
 * The whole plan when the customer never reacts. The first offset counts from the due date moved to the next
 * business day (§ 193 BGB: a payment date on a weekend or holiday moves, so nobody is reminded too early);
 * every later offset counts from the previous level's date.
 */
export function planSchedule(
  invoice: { dueDate: IsoDate; customer: { id: string } },
  policy: SchedulePolicy,
  calendar: BusinessCalendar,
): ScheduledLevel[] {
  const plan: ScheduledLevel[] = [];
  const customerId = invoice.customer.id;
  let previousDate = calendar.onOrNextBusinessDay(invoice.dueDate);
  let firstReminderOn: IsoDate | undefined;
  policy.levels.forEach((level, index) => {
    const scheduled = scheduleLevel(
      { index, previousDate, level, firstReminderOn, customerId },
      policy,
      calendar,
    );
    if (firstReminderOn === undefined && isWrittenReminder(level.kind)) firstReminderOn = scheduled.date;
    plan.push(scheduled);
    previousDate = scheduled.date;
  });
  return plan;
}

export type CaseRunStatus = 'open' | 'on-hold' | 'closed';

export interface NextActionInput {
  status: CaseRunStatus;
  /** Index into policy.levels of the next level to run. */
  nextLevelIndex: number;
  /** Day the last level actually ran; later offsets count from here, not from the plan, after a hold or promise. */
  lastActionOn: IsoDate;
  dueDate: IsoDate;
  firstReminderOn?: IsoDate;
  customerId: string;
}

export type NextAction =
  | { type: 'level'; level: ScheduledLevel }
  | { type: 'wait-for-release' }
  | { type: 'done' };

/**
 * What the workflow does next. The first level counts from the due date exactly as in planSchedule, so a fresh
 * case follows its plan; a later level counts from the day the previous one really ran. A date that already
 * passed (a long hold) simply makes the Wait state continue at once.
 */
export function nextAction(
  input: NextActionInput,
  policy: SchedulePolicy,
  calendar: BusinessCalendar,
): NextAction {
  if (input.status === 'closed') return { type: 'done' };
  if (input.status === 'on-hold') return { type: 'wait-for-release' };
  const { nextLevelIndex } = input;
  if (!Number.isInteger(nextLevelIndex) || nextLevelIndex < 0) {
    throw new RangeError(`nextLevelIndex must be a whole number >= 0, got ${nextLevelIndex}`);
  }
  const level = policy.levels[nextLevelIndex];
  if (!level) return { type: 'done' };
  const previousDate =
    nextLevelIndex === 0 ? calendar.onOrNextBusinessDay(input.dueDate) : input.lastActionOn;
  return {
    type: 'level',
    level: scheduleLevel(
      {
        index: nextLevelIndex,
        previousDate,
        level,
        firstReminderOn: input.firstReminderOn,
        customerId: input.customerId,
      },
      policy,
      calendar,
    ),
  };
}
