import { z } from 'zod';
import { compareDates, daysBetween, type IsoDate } from './calendar.js';

/**
 * The § 31 (2) Nr. 4 BDSG gate: whether an undisputed claim may be reported to a credit bureau. Every condition
 * is reported with its outcome, passed or not, because the case timeline must show why a report was or was
 * not made.
 */
export const MIN_DAYS_FIRST_REMINDER_TO_REPORT = 28;
export const MIN_WRITTEN_REMINDERS = 2;

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
  detail: z.string().min(1),
});
export type CreditBureauCheck = z.infer<typeof creditBureauCheckSchema>;

export const creditBureauGateResultSchema = z
  .object({
    allowed: z.boolean(),
    checks: z.array(creditBureauCheckSchema).length(creditBureauRuleSchema.options.length),
  })
  .refine((gate) => gate.allowed === gate.checks.every((check) => check.passed), {
    path: ['allowed'],
    message: 'must be true exactly when every check passed',
  });
export type CreditBureauGateResult = z.infer<typeof creditBureauGateResultSchema>;

export interface WrittenReminder {
  sentOn: IsoDate;
  /** The reminder told the debtor that the claim may be reported to a credit bureau. */
  creditBureauNotice: boolean;
}

export interface CreditBureauGateInput {
  /** The operator's policy switch (policy.creditBureau.reportingEnabled). */
  reportingEnabled: boolean;
  dueDate: IsoDate;
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

export function creditBureauGate(input: CreditBureauGateInput): CreditBureauGateResult {
  const { reportingEnabled, dueDate, reportOn, disputed } = input;
  // Only reminders after the due date count (Nr. 4 a), and only those sent before the day of the report:
  // a letter sent with the report cannot have warned the debtor.
  const reminders = input.writtenReminders
    .filter(
      (reminder) => compareDates(reminder.sentOn, dueDate) > 0 && compareDates(reminder.sentOn, reportOn) < 0,
    )
    .toSorted((a, b) => compareDates(a.sentOn, b.sentOn));
  const first = reminders[0];
  const firstNotice = reminders.find((reminder) => reminder.creditBureauNotice);
  const daysSinceFirst = first ? daysBetween(first.sentOn, reportOn) : undefined;
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
      detail: `${reminders.length} written reminder(s) sent after the due date ${dueDate} and before ${reportOn}; at least ${MIN_WRITTEN_REMINDERS} required (§ 31 (2) Nr. 4 a BDSG)`,
    },
    {
      rule: 'four-weeks',
      passed: daysSinceFirst !== undefined && daysSinceFirst >= MIN_DAYS_FIRST_REMINDER_TO_REPORT,
      detail: first
        ? `${daysSinceFirst} days from the first reminder on ${first.sentOn} to the report on ${reportOn}; at least ${MIN_DAYS_FIRST_REMINDER_TO_REPORT} required (§ 31 (2) Nr. 4 b BDSG)`
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
