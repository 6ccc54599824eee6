import { addDays, compareDates, type IsoDate } from './calendar.js';
import {
  type CaseContext,
  type Charge,
  creditedCents,
  type DunningCase,
  isTerminal,
  openCents,
  pendingInterest,
} from './case.js';
import { lumpSumCents } from './fees.js';
import type { InterestLine } from './interest.js';
import type { LetterInput, Tone } from './letters/index.js';
import { isTimeBarred } from './limitation.js';

/** The itemised account of a case on a day: what a letter, a caller and the Inkasso file all show. */
export interface Statement {
  on: IsoDate;
  originalCents: number;
  interestLines: InterestLine[];
  costLines: DunningCase['charges'];
  paidCents: number;
  /** Open amount including interest up to and including `on`. */
  totalCents: number;
  /** Of `totalCents`, the interest owed through `on` but not yet booked on the case. */
  pendingInterestCents: number;
  /** Of `totalCents`, the costs owed on `on` but not yet booked (the lump sum before a step books it). */
  pendingCostsCents: number;
  baseRateStale: boolean;
}

export function statementOn(dunningCase: DunningCase, on: IsoDate, context: CaseContext): Statement {
  const pending = pendingInterest(dunningCase, on, context);
  const { defaultStart, charges, invoice } = dunningCase;
  // The € 40 lump sum is owed from the first day in default, even before a step books it on the case, and
  // never on a time-barred claim (§§ 214, 217 BGB).
  const lumpSum =
    isTerminal(dunningCase.status) || isTimeBarred(invoice, on)
      ? 0
      : lumpSumCents(
          {
            consumer: invoice.customer.consumer,
            inDefault: defaultStart !== null && compareDates(defaultStart.date, on) <= 0,
            alreadyCharged: charges.some((charge) => charge.kind === 'lump-sum'),
          },
          context.policy,
        );
  const pendingCharges: Charge[] = lumpSum > 0 ? [{ kind: 'lump-sum', cents: lumpSum, on }] : [];
  return {
    on,
    // Credit notes take back part of the invoice itself: the account starts from what is left of it.
    originalCents: invoice.amount.cents - creditedCents(dunningCase),
    interestLines: [...dunningCase.interestLines, ...pending.lines],
    costLines: [...charges, ...pendingCharges],
    paidCents: dunningCase.paidCents,
    totalCents: openCents(dunningCase) + pending.cents + lumpSum,
    pendingInterestCents: pending.cents,
    pendingCostsCents: lumpSum,
    baseRateStale: pending.baseRateStale || dunningCase.flags.baseRateStale,
  };
}

/** Tone follows the customer segment unless a person adjusted it for this one case. */
export function toneFor(dunningCase: DunningCase, context: CaseContext): Tone {
  return dunningCase.toneOverride ?? context.policy.toneBySegment[dunningCase.invoice.customer.segment];
}

export function payByDate(on: IsoDate, context: CaseContext): IsoDate {
  return context.calendar.onOrNextBusinessDay(addDays(on, context.policy.paymentPeriodDays));
}

type LetterRequest =
  /** A recorded level's letter written again later (a posted letter rendered after the step). */
  | { kind: 'final' }
  | { kind: 'reminder'; reminderNumber: number }
  | { kind: 'promise-confirmation'; promise: { date: IsoDate; cents: number } }
  | { kind: 'installment-confirmation'; installments: { dueDate: IsoDate; cents: number }[] };

/**
 * The letter for the reminder or final notice the case just recorded (after `reminder-sent`, so the letter
 * shows the fee and lump sum it triggered), or a confirmation of a promise or an installment plan.
 */
export function letterInputFor(
  dunningCase: DunningCase,
  on: IsoDate,
  context: CaseContext,
  request?: LetterRequest,
): LetterInput {
  const { invoice } = dunningCase;
  const { policy } = context;
  const statement = statementOn(dunningCase, on, context);
  const sent = dunningCase.reminders.at(-1);
  if (!request && !sent) throw new Error(`case ${dunningCase.invoiceId} has sent no reminder to write`);
  const kind =
    request ??
    (sent?.kind === 'final'
      ? ({ kind: 'final' } as const)
      : ({
          kind: 'reminder',
          reminderNumber: dunningCase.reminders.filter((reminder) => reminder.kind === 'reminder').length,
        } as const));
  return {
    ...kind,
    locale: invoice.customer.language,
    tone: toneFor(dunningCase, context),
    customerName: invoice.customer.name,
    customerNumber: invoice.customer.id,
    postalAddress: invoice.customer.postalAddress,
    letterDate: on,
    // A consumer is the person the letter speaks to: greeted by name, not as "Damen und Herren".
    contactName:
      invoice.customer.contactName ?? (invoice.customer.consumer ? invoice.customer.name : undefined),
    invoiceNumber: invoice.invoiceNumber,
    orderNumber: invoice.orderNumber,
    invoiceDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: invoice.amount.currency,
    principalCents: statement.originalCents,
    interestLines: statement.interestLines.map(({ from, through, ratePercent, cents }) => ({
      from,
      through,
      ratePercent,
      cents,
    })),
    costLines: statement.costLines.map(({ kind, cents }) => ({ kind, cents })),
    paidCents: statement.paidCents,
    totalCents: statement.totalCents,
    payBy: payByDate(on, context),
    creditor: policy.creditor,
    creditBureauNotice: !request && sent?.creditBureauNotice === true,
    inkassoAgency: kind.kind === 'final' ? policy.inkassoAgency : undefined,
    accelerationClause:
      kind.kind === 'installment-confirmation'
        ? (dunningCase.installmentPlan?.accelerationClause ?? policy.installments.accelerationClause)
        : undefined,
    rejectedDisputeInterest: request ? undefined : rejectedSincePreviousReminder(dunningCase)?.interest,
  };
}

/** A dispute rejected between the previous reminder and the one just sent: this letter is the first to tell. */
function rejectedSincePreviousReminder(dunningCase: DunningCase) {
  const sent = dunningCase.reminders.at(-1)?.sentOn;
  const previous = dunningCase.reminders.at(-2)?.sentOn;
  return dunningCase.disputes.findLast(
    ({ resolution, resolvedOn }) =>
      resolution === 'rejected' &&
      resolvedOn !== undefined &&
      sent !== undefined &&
      compareDates(resolvedOn, sent) <= 0 &&
      (previous === undefined || compareDates(resolvedOn, previous) > 0),
  );
}
