import { addDays, type Bundesland, compareDates, type IsoDate } from './calendar.js';
import { expectedReceiptOf, paymentPlacesCalendar, receiptOf, type SentReminder } from './default-date.js';
import type { Policy } from './policy.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * The § 31 (2) Nr. 4 BDSG gate: whether an undisputed claim may be reported to a credit bureau. Every condition
 * is reported with its outcome, passed or not, because the case timeline must show why a report was or was
 * not made.
 */
export const MIN_WRITTEN_REMINDERS = 2;

/**
 * § 31 (2) Nr. 4 b BDSG: at least four weeks must lie between the first reminder and the report. The period starts
 * with the reminder's receipt, an event, so that day is not counted (§ 187 (1) BGB); it ends with the end of the
 * same weekday four weeks later (§ 188 (2) BGB), and the report is allowed from the day after. Receipt is assumed
 * as for default (policy.receipt, on the § 193 calendar of both places), so it is never assumed too early; a
 * letter counts from its posting (a plan expects a letter not posted yet to be posted the day it was written).
 */
export function fourWeeksAfterFirstReminder(
  reminder: SentReminder,
  policy: Pick<Policy, 'receipt' | 'state'>,
  customer: { state: Bundesland },
): { receivedOn: IsoDate; periodEndsOn: IsoDate; reportFrom: IsoDate } {
  const calendar = paymentPlacesCalendar(policy, customer);
  const receivedOn = expectedReceiptOf(reminder, policy, calendar);
  const periodEndsOn = addDays(receivedOn, 4 * 7);
  return { receivedOn, periodEndsOn, reportFrom: addDays(periodEndsOn, 1) };
}

/** The reminders that count for Nr. 4 a and b: sent after the due date (and before `before`), oldest first. */
export function remindersAfterDueDate<T extends { sentOn: IsoDate }>(
  reminders: readonly T[],
  dueDate: IsoDate,
  before?: IsoDate,
): T[] {
  return reminders
    .filter(
      (reminder) =>
        compareDates(reminder.sentOn, dueDate) > 0 &&
        (before === undefined || compareDates(reminder.sentOn, before) < 0),
    )
    .toSorted((a, b) => compareDates(a.sentOn, b.sentOn));
}

export const creditBureauRuleSchema = z.enum([
  'enabled',
  'two-reminders',
  'four-weeks',
  'pre-notice',
  'undisputed',
]);
export type CreditBureauRule = z.infer<typeof creditBureauRuleSchema>;

export const creditBureauCheckSchema = z.object({
  rule: creditBureauRuleSchema,
  passed: z.boolean(),
  detail: nonEmptyStringSchema,
});
export type CreditBureauCheck = z.infer<typeof creditBureauCheckSchema>;

export const creditBureauGateResultSchema = z
  .object({
    allowed: z.boolean(),
    checks: z.array(creditBureauCheckSchema).check(z.length(creditBureauRuleSchema.options.length)),
  })
  .check(
    z.refine((gate) => gate.allowed === gate.checks.every((check) => check.passed), {
      path: ['allowed'],
      message: 'must be true exactly when every check passed',
    }),
  );
export type CreditBureauGateResult = z.infer<typeof creditBureauGateResultSchema>;

export interface WrittenReminder extends SentReminder {
  /** The reminder told the debtor that the claim may be reported to a credit bureau. */
  creditBureauNotice: boolean;
}

export interface CreditBureauGateInput {
  /** The operator's policy switch (policy.creditBureau.reportingEnabled). */
  reportingEnabled: boolean;
  dueDate: IsoDate;
  /** The debtor's Bundesland: its holidays delay the assumed receipt of a reminder. */
  customer: { state: Bundesland };
  writtenReminders: readonly WrittenReminder[];
  /** Day the report would be transmitted. */
  reportOn: IsoDate;
  /** A dispute is open now. */
  disputed: boolean;
  /**
   * The debtor disputed the claim at some point, even if the dispute was later rejected. Nr. 4 d asks whether
   * the debtor "has disputed" the claim; once that happened, only a title or an acknowledgement (Nr. 1 to 3)
   * allows a report, and this product does not decide those automatically.
   */
  disputeEverRaised?: boolean;
}

export function creditBureauGate(
  input: CreditBureauGateInput,
  policy: Pick<Policy, 'receipt' | 'state'>,
): CreditBureauGateResult {
  const { reportingEnabled, dueDate, reportOn, disputed } = input;
  // Only reminders after the due date count (Nr. 4 a), and only those sent before the day of the report:
  // a letter sent with the report cannot have warned the debtor. A letter that was never posted warned nobody.
  const calendar = paymentPlacesCalendar(policy, input.customer);
  const sent = remindersAfterDueDate(input.writtenReminders, dueDate, reportOn);
  const reminders = sent.filter((reminder) => receiptOf(reminder, policy, calendar) !== null);
  const unposted = sent.length - reminders.length;
  const unpostedNote = unposted > 0 ? `; ${unposted} letter(s) not posted yet do not count` : '';
  const first = reminders[0];
  const firstNotice = reminders.find((reminder) => reminder.creditBureauNotice);
  const fourWeeks = first && fourWeeksAfterFirstReminder(first, policy, input.customer);
  const disputedEver = disputed || input.disputeEverRaised === true;

  const checks: CreditBureauCheck[] = [
    {
      rule: 'enabled',
      passed: reportingEnabled,
      detail: reportingEnabled
        ? 'credit-bureau reporting is enabled in the policy'
        : 'credit-bureau reporting is disabled in the policy',
    },
    {
      rule: 'two-reminders',
      passed: reminders.length >= MIN_WRITTEN_REMINDERS,
      detail: `${reminders.length} written reminder(s) sent after the due date ${dueDate} and before ${reportOn}${unpostedNote}; at least ${MIN_WRITTEN_REMINDERS} required (§ 31 (2) Nr. 4 a BDSG)`,
    },
    {
      rule: 'four-weeks',
      passed: fourWeeks !== undefined && compareDates(reportOn, fourWeeks.reportFrom) >= 0,
      detail:
        first && fourWeeks
          ? `first reminder sent ${first.sentOn} by ${first.channel}${first.postedOn ? `, posted ${first.postedOn}` : ''}, received ${fourWeeks.receivedOn}; four weeks end ${fourWeeks.periodEndsOn}, a report is allowed from ${fourWeeks.reportFrom}, this one is on ${reportOn} (§ 31 (2) Nr. 4 b BDSG, §§ 187 (1), 188 (2) BGB)`
          : `no written reminder after the due date ${dueDate} before ${reportOn} to count four weeks from (§ 31 (2) Nr. 4 b BDSG)`,
    },
    {
      rule: 'pre-notice',
      passed: firstNotice !== undefined,
      detail: firstNotice
        ? `the debtor was told about the possible report in the reminder of ${firstNotice.sentOn} (§ 31 (2) Nr. 4 c BDSG)`
        : `no reminder sent after the due date and before ${reportOn} told the debtor about the possible report (§ 31 (2) Nr. 4 c BDSG)`,
    },
    {
      rule: 'undisputed',
      passed: !disputedEver,
      detail: disputed
        ? 'the claim is disputed (§ 31 (2) Nr. 4 d BDSG)'
        : disputedEver
          ? 'the debtor disputed the claim earlier; a report then needs a title or an acknowledgement (§ 31 (2) Nr. 1 to 3 BDSG)'
          : 'the debtor has not disputed the claim (§ 31 (2) Nr. 4 d BDSG)',
    },
  ];
  return { allowed: checks.every((check) => check.passed), checks };
}
