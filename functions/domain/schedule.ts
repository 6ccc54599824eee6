import {
  type Bundesland,
  type BusinessCalendar,
  compareDates,
  type Instant,
  type IsoDate,
  laterOf,
} from './calendar.js';
import type { DunningCase } from './case-model.js';
import { fourWeeksAfterFirstReminder, remindersAfterDueDate } from './credit-bureau.js';
import { paymentPlacesCalendar, receiptOf, type SentReminder } from './default-date.js';
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

type LevelPolicy = Pick<Policy, 'sendingWindow' | 'receipt' | 'state'>;
type SchedulePolicy = LevelPolicy & Pick<Policy, 'levels'>;

export interface ScheduleLevelInput {
  /** Position of `level` in policy.levels. */
  index: number;
  /** The day the offset counts from: the previous level's date, or the due date for the first level. */
  previousDate: IsoDate;
  level: PolicyLevel;
  /**
   * The first written reminder sent after the due date. When a handover is scheduled without it, `previousDate`
   * stands in, received as late as by the slower channel: every reminder went out on or before it, so the four
   * weeks counted from there are never too short.
   */
  firstReminder?: SentReminder | undefined;
  /** Whose level it is: the key that paces `at` over the sending window. */
  customerId: string;
  /** The debtor's Bundesland: its holidays delay the assumed receipt of the first reminder. */
  customerState: Bundesland;
  /** When the last letter posted so far reached the debtor: a handover waits for it (its deadline must have run). */
  lastLetterReceivedOn?: IsoDate | undefined;
}

export function scheduleLevel(
  input: ScheduleLevelInput,
  policy: LevelPolicy,
  calendar: BusinessCalendar,
): ScheduledLevel {
  const { index, previousDate, level, customerId } = input;
  let date = calendar.addBusinessDays(previousDate, level.offsetBusinessDays);
  if (level.kind === 'handover') {
    // A handover usually comes with a credit-bureau report, so it keeps the distance § 31 (2) Nr. 4 b BDSG asks of
    // the report (four weeks from the first reminder's receipt, §§ 187 (1), 188 (2) BGB) even when a policy's
    // offsets are shorter.
    date = laterOf(date, calendar.onOrNextBusinessDay(earliestHandoverOn(input, policy)));
    // A final notice posted late moves the handover: it counts from the letter's receipt, not from its date.
    if (input.lastLetterReceivedOn)
      date = laterOf(date, calendar.addBusinessDays(input.lastLetterReceivedOn, 1));
  }
  const at = pacedInstant(date, customerId, policy.sendingWindow);
  return { index, levelId: level.id, kind: level.kind, date, at };
}

function earliestHandoverOn(input: ScheduleLevelInput, policy: LevelPolicy): IsoDate {
  const customer = { state: input.customerState };
  if (input.firstReminder)
    return fourWeeksAfterFirstReminder(input.firstReminder, policy, customer).reportFrom;
  const fromPrevious = (channel: SentReminder['channel']) =>
    fourWeeksAfterFirstReminder({ sentOn: input.previousDate, channel }, policy, customer).reportFrom;
  return laterOf(fromPrevious('email'), fromPrevious('letter'));
}

/**
 * The whole plan when the customer never reacts. The first offset counts from the due date moved to the next
 * business day (§ 193 BGB: a payment date on a weekend or holiday moves, so nobody is reminded too early);
 * every later offset counts from the previous level's date.
 */
export function planSchedule(
  invoice: { dueDate: IsoDate; customer: { id: string; state: Bundesland } },
  policy: SchedulePolicy,
  calendar: BusinessCalendar,
): ScheduledLevel[] {
  const plan: ScheduledLevel[] = [];
  const { id: customerId, state: customerState } = invoice.customer;
  let previousDate = calendar.onOrNextBusinessDay(invoice.dueDate);
  let firstReminder: SentReminder | undefined;
  policy.levels.forEach((level, index) => {
    const scheduled = scheduleLevel(
      { index, previousDate, level, firstReminder, customerId, customerState },
      policy,
      calendar,
    );
    // Written reminders count for § 31 BDSG (a final notice is one too), but only after the due date (Nr. 4 a).
    if (
      firstReminder === undefined &&
      (level.kind === 'reminder' || level.kind === 'final') &&
      compareDates(scheduled.date, invoice.dueDate) > 0
    ) {
      firstReminder = { sentOn: scheduled.date, channel: level.channel };
    }
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
  /** Every written reminder sent so far; the first one after the due date sets the handover's earliest day. */
  writtenReminders: readonly SentReminder[];
  customerId: string;
  customerState: Bundesland;
}

export type NextAction =
  | { type: 'level'; level: ScheduledLevel }
  | { type: 'wait-for-release' }
  | { type: 'done' };

function lastLetterReceivedOn(input: NextActionInput, policy: LevelPolicy): IsoDate | undefined {
  const calendar = paymentPlacesCalendar(policy, { state: input.customerState });
  return input.writtenReminders
    .map((reminder) => (reminder.channel === 'letter' ? receiptOf(reminder, policy, calendar) : null))
    .filter((received): received is IsoDate => received !== null)
    .reduce<IsoDate | undefined>(
      (latest, received) => (latest ? laterOf(latest, received) : received),
      undefined,
    );
}

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
        firstReminder: remindersAfterDueDate(input.writtenReminders, input.dueDate)[0],
        customerId: input.customerId,
        customerState: input.customerState,
        lastLetterReceivedOn: lastLetterReceivedOn(input, policy),
      },
      policy,
      calendar,
    ),
  };
}

/**
 * The next level of a case that is being dunned, as its execution plans it: the first level counts from the
 * due date, every later one from the day the previous level ran. Whether the case is dunned at all (open, not
 * held or promised) is the caller's question.
 */
export function nextActionOfCase(
  dunningCase: Pick<DunningCase, 'nextLevelIndex' | 'lastActionOn' | 'invoice' | 'reminders'>,
  policy: SchedulePolicy,
  calendar: BusinessCalendar,
): NextAction {
  const { invoice } = dunningCase;
  return nextAction(
    {
      status: 'open',
      nextLevelIndex: dunningCase.nextLevelIndex,
      lastActionOn: dunningCase.lastActionOn ?? invoice.dueDate,
      dueDate: invoice.dueDate,
      writtenReminders: dunningCase.reminders,
      customerId: invoice.customer.id,
      customerState: invoice.customer.state,
    },
    policy,
    calendar,
  );
}
