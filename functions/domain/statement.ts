import { addDays, type IsoDate } from './calendar.js';
import { type CaseContext, type DunningCase, openCents, pendingInterest } from './case.js';
import type { InterestLine } from './interest.js';
import type { LetterInput, Tone } from './letters/index.js';

/** The itemised account of a case on a day: what a letter, a caller and the Inkasso file all show. */
export interface Statement {
  on: IsoDate;
  originalCents: number;
  interestLines: InterestLine[];
  costLines: DunningCase['charges'];
  paidCents: number;
  /** Open amount including interest up to and including `on`. */
  totalCents: number;
  baseRateStale: boolean;
}

export function statementOn(dunningCase: DunningCase, on: IsoDate, context: CaseContext): Statement {
  const pending = pendingInterest(dunningCase, on, context);
  return {
    on,
    originalCents: dunningCase.invoice.amount.cents,
    interestLines: [...dunningCase.interestLines, ...pending.lines],
    costLines: dunningCase.charges,
    paidCents: dunningCase.paidCents,
    totalCents: openCents(dunningCase) + pending.cents,
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
  | { kind: 'reminder'; reminderNumber: number }
  | { kind: 'final' }
  | { kind: 'promise-confirmation'; promise: { date: IsoDate; cents: number } }
  | { kind: 'installment-confirmation'; installments: { dueDate: IsoDate; cents: number }[] };

/** Everything a letter about this case needs on day `on`, ready for renderLetter. */
export function letterInputFor(
  dunningCase: DunningCase,
  request: LetterRequest,
  on: IsoDate,
  context: CaseContext,
): LetterInput {
  const { invoice } = dunningCase;
  const { policy } = context;
  const statement = statementOn(dunningCase, on, context);
  const isFirstReminder = request.kind === 'reminder' && dunningCase.reminders.length === 0;
  return {
    ...request,
    locale: invoice.customer.language,
    tone: toneFor(dunningCase, context),
    customerName: invoice.customer.name,
    contactName: invoice.customer.contactName,
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
    // § 31 (2) Nr. 4 c BDSG: the notice may come at the earliest with the first reminder; repeat it at the end.
    creditBureauNotice: policy.creditBureau.reportingEnabled && (isFirstReminder || request.kind === 'final'),
    inkassoAgency: request.kind === 'final' ? policy.inkassoAgency : undefined,
  };
}
