import { z } from 'zod';
import {
  addDays,
  type BusinessCalendar,
  compareDates,
  type IsoDate,
  isoDateSchema,
  laterOf,
} from './calendar.js';
import type { Policy } from './policy.js';

/**
 * When the debtor is in default (Verzug, § 286 BGB). Interest, the € 40 lump sum and reminder fees all hang on
 * this date, so it is stored on the case together with the legal basis it rests on.
 */
export const defaultBasisSchema = z.enum(['calendar-date', 'reminder', 'thirty-days']);
export type DefaultBasis = z.infer<typeof defaultBasisSchema>;

export const LEGAL_REFERENCE: Readonly<Record<DefaultBasis, string>> = {
  'calendar-date': '§ 286 Abs. 2 Nr. 1 BGB',
  reminder: '§ 286 Abs. 1 BGB',
  'thirty-days': '§ 286 Abs. 3 BGB',
};

export interface DefaultStart {
  basis: DefaultBasis;
  /** The provision a letter or an Inkasso file cites, e.g. '§ 286 Abs. 2 Nr. 1 BGB'. */
  legalReference: string;
  /** First day the debtor is in default. */
  date: IsoDate;
  /** First day interest runs (§ 187 (1) BGB: the day of an event such as receipt is not counted). */
  interestFrom: IsoDate;
}

export const defaultStartSchema = z.object({
  basis: defaultBasisSchema,
  legalReference: z.string().min(1),
  date: isoDateSchema,
  interestFrom: isoDateSchema,
}) satisfies z.ZodType<DefaultStart>;

export type ReminderChannel = 'email' | 'letter';

export interface DefaultStartInput {
  issueDate: IsoDate;
  dueDate: IsoDate;
  paymentDateIsCalendarDate: boolean;
  consumer: boolean;
  consumerNoticeOnInvoice: boolean;
  firstReminder?: { sentOn: IsoDate; channel: ReminderChannel } | undefined;
}

/** Day a reminder counts as received (Zugang), after the policy's business days for its channel. */
export function reminderReceivedOn(
  sentOn: IsoDate,
  channel: ReminderChannel,
  policy: Pick<Policy, 'receipt'>,
  calendar: BusinessCalendar,
): IsoDate {
  const days = channel === 'email' ? policy.receipt.emailBusinessDays : policy.receipt.letterBusinessDays;
  return calendar.addBusinessDays(sentOn, days);
}

/**
 * The earliest default among the bases that apply so far, or null while none does (e.g. a consumer whose invoice
 * did not point out § 286 (3) and who has not been reminded yet).
 */
export function computeDefaultStart(
  input: DefaultStartInput,
  policy: Pick<Policy, 'receipt'>,
  calendar: BusinessCalendar,
): DefaultStart | null {
  // § 193 BGB: a payment date on a weekend or holiday at the place of payment moves to the next working day,
  // and so does the moment the claim can first be reminded.
  const paymentDate = calendar.onOrNextBusinessDay(input.dueDate);
  const candidates: DefaultStart[] = [];

  if (input.paymentDateIsCalendarDate) {
    const firstDay = addDays(paymentDate, 1);
    candidates.push(start('calendar-date', firstDay, firstDay));
  }

  // A reminder before the claim is due has no effect (§ 286 (1) BGB: "nach dem Eintritt der Fälligkeit").
  const reminder = input.firstReminder;
  if (reminder && compareDates(reminder.sentOn, paymentDate) > 0) {
    const received = reminderReceivedOn(reminder.sentOn, reminder.channel, policy, calendar);
    candidates.push(start('reminder', received, addDays(received, 1)));
  }

  if (!input.consumer || input.consumerNoticeOnInvoice) {
    const invoiceReceived = addDays(input.issueDate, policy.receipt.invoiceDays);
    const base = laterOf(input.dueDate, invoiceReceived);
    // §§ 187 (1), 188 (1) BGB: the period starts the day after the base and ends with its 30th day.
    const periodEnd = calendar.onOrNextBusinessDay(addDays(base, 30));
    const firstDay = addDays(periodEnd, 1);
    candidates.push(start('thirty-days', firstDay, firstDay));
  }

  return candidates.reduce<DefaultStart | null>((earliest, candidate) => {
    if (!earliest) return candidate;
    const byDate = compareDates(candidate.date, earliest.date);
    if (byDate !== 0) return byDate < 0 ? candidate : earliest;
    return compareDates(candidate.interestFrom, earliest.interestFrom) < 0 ? candidate : earliest;
  }, null);
}

function start(basis: DefaultBasis, date: IsoDate, interestFrom: IsoDate): DefaultStart {
  return { basis, legalReference: LEGAL_REFERENCE[basis], date, interestFrom };
}
