import {
  addDays,
  type Bundesland,
  type BusinessCalendar,
  compareDates,
  type IsoDate,
  isoDateSchema,
  laterOf,
  section193Calendar,
} from './calendar.js';
import type { Policy } from './policy.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

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

/** Cited instead when § 193 BGB moved the payment date or the end of the 30 days onto the next working day. */
export const LEGAL_REFERENCE_MOVED_BY_193: Readonly<Record<Exclude<DefaultBasis, 'reminder'>, string>> = {
  'calendar-date': '§§ 286 Abs. 2 Nr. 1, 193 BGB',
  'thirty-days': '§§ 286 Abs. 3, 193 BGB',
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
  legalReference: nonEmptyStringSchema,
  date: isoDateSchema,
  interestFrom: isoDateSchema,
}) satisfies z.ZodMiniType<DefaultStart>;

export type ReminderChannel = 'email' | 'letter';

export interface SentReminder {
  sentOn: IsoDate;
  channel: ReminderChannel;
  /** Day a posted letter was handed to the postal service (the print service's confirmation); none for an email. */
  postedOn?: IsoDate | undefined;
}

export interface DefaultStartInput {
  issueDate: IsoDate;
  dueDate: IsoDate;
  paymentDateIsCalendarDate: boolean;
  consumer: boolean;
  consumerNoticeOnInvoice: boolean;
  /** The debtor's Bundesland: the place of performance of a money debt. */
  customer: { state: Bundesland };
  /** Every reminder sent so far, in any order; of those sent after the payment date, the first received counts. */
  reminders?: readonly SentReminder[] | undefined;
}

/**
 * The calendar of the debtor's deadlines under § 193 BGB. The place of performance of a money debt is the debtor's
 * residence or seat (§§ 269 (1), 270 (4) BGB), and a business debtor's money must also reach the creditor in time
 * (policy.state), so a holiday at either place moves a date. Consumers get the same calendar: a wider one never
 * starts default too early. Receipt is counted on it too, so an assumed receipt is never too early either.
 */
export function paymentPlacesCalendar(
  policy: Pick<Policy, 'state'>,
  customer: { state: Bundesland },
): BusinessCalendar {
  return section193Calendar([policy.state, customer.state]);
}

/**
 * Day a reminder counts as received (Zugang, § 130 BGB), after the policy's business days for its channel. No
 * statute presumes when an ordinary letter arrives; the policy assumes the postal standard's 99 % day.
 */
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
 * Day a reminder counts as received, or null while that is unknown: an email counts from sending, a letter from
 * its posting, never from rendering or printing (a letter nobody posted reaches nobody).
 */
export function receiptOf(
  reminder: SentReminder,
  policy: Pick<Policy, 'receipt'>,
  calendar: BusinessCalendar,
): IsoDate | null {
  if (reminder.channel === 'email') return reminderReceivedOn(reminder.sentOn, 'email', policy, calendar);
  return reminder.postedOn ? reminderReceivedOn(reminder.postedOn, 'letter', policy, calendar) : null;
}

/**
 * The receipt a plan may expect: a letter not posted yet is assumed posted on the day it was written. Only for
 * planning a date that is re-checked later, never for a legal consequence (that takes receiptOf).
 */
export function expectedReceiptOf(
  reminder: SentReminder,
  policy: Pick<Policy, 'receipt'>,
  calendar: BusinessCalendar,
): IsoDate {
  const sent = reminder.channel === 'letter' ? (reminder.postedOn ?? reminder.sentOn) : reminder.sentOn;
  return reminderReceivedOn(sent, reminder.channel, policy, calendar);
}

/**
 * The earliest default among the bases that apply so far, or null while none does (e.g. a consumer whose invoice
 * did not point out § 286 (3) and who has not been reminded yet).
 */
export function computeDefaultStart(
  input: DefaultStartInput,
  policy: Pick<Policy, 'receipt' | 'state'>,
): DefaultStart | null {
  const calendar = paymentPlacesCalendar(policy, input.customer);
  // § 193 BGB: a payment date on a weekend or holiday at the place of performance moves to the next working day,
  // and so does the moment the claim can first be reminded.
  const paymentDate = calendar.onOrNextBusinessDay(input.dueDate);
  const candidates: DefaultStart[] = [];

  if (input.paymentDateIsCalendarDate) {
    const firstDay = addDays(paymentDate, 1);
    const moved = paymentDate !== input.dueDate;
    candidates.push(
      start(
        'calendar-date',
        firstDay,
        firstDay,
        moved ? LEGAL_REFERENCE_MOVED_BY_193['calendar-date'] : undefined,
      ),
    );
  }

  // § 286 (1) BGB: any reminder after the claim is due ("nach dem Eintritt der Fälligkeit") puts the debtor in
  // default on its receipt, not only the first one the policy sends; one on or before the payment date has no
  // effect. The earliest receipt wins below, even of a later email that overtakes an earlier letter. A letter
  // counts from its posting: one that is rendered but not posted has reached nobody yet.
  for (const reminder of input.reminders ?? []) {
    if (compareDates(reminder.sentOn, paymentDate) <= 0) continue;
    const received = receiptOf(reminder, policy, calendar);
    if (received === null) continue;
    candidates.push(start('reminder', received, addDays(received, 1)));
  }

  if (!input.consumer || input.consumerNoticeOnInvoice) {
    const invoiceReceived = calendar.addBusinessDays(input.issueDate, policy.receipt.invoiceBusinessDays);
    const base = laterOf(input.dueDate, invoiceReceived);
    // §§ 187 (1), 188 (1) BGB: the period starts the day after the base and ends with its 30th day (§ 193 BGB).
    const thirtiethDay = addDays(base, 30);
    const periodEnd = calendar.onOrNextBusinessDay(thirtiethDay);
    const firstDay = addDays(periodEnd, 1);
    const moved = periodEnd !== thirtiethDay;
    candidates.push(
      start(
        'thirty-days',
        firstDay,
        firstDay,
        moved ? LEGAL_REFERENCE_MOVED_BY_193['thirty-days'] : undefined,
      ),
    );
  }

  return candidates.reduce<DefaultStart | null>((earliest, candidate) => {
    if (!earliest) return candidate;
    const byDate = compareDates(candidate.date, earliest.date);
    if (byDate !== 0) return byDate < 0 ? candidate : earliest;
    return compareDates(candidate.interestFrom, earliest.interestFrom) < 0 ? candidate : earliest;
  }, null);
}

function start(
  basis: DefaultBasis,
  date: IsoDate,
  interestFrom: IsoDate,
  legalReference = LEGAL_REFERENCE[basis],
): DefaultStart {
  return { basis, legalReference, date, interestFrom };
}
