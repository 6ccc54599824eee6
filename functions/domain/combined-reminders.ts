import { compareDates, type IsoDate, isoDateSchema } from './calendar.js';
import type { CaseContext, DunningCase } from './case.js';
import {
  type CombinedInvoice,
  type CombinedLetterInput,
  highestStage,
  MAX_COMBINED_INVOICES,
} from './letters/index.js';
import { nextActionOfCase } from './schedule.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import { letterInputFor, toneFor } from './statement.js';
import * as z from './zod.js';

/**
 * Combined reminders (Sammelmahnung): the pure decisions behind "one mail per customer and day". Which of a
 * customer's cases an email reminder may take along, and the letter that lists them. Who sends and who
 * records is the workflow's (functions/workflow/steps/combined-reminder.ts).
 */

/** A case the customer's mail of a day reminds, at its own level. */
export const combinedEntrySchema = z.object({
  invoiceId: nonEmptyStringSchema,
  levelIndex: z.int().check(z.gte(0)),
});
export type CombinedEntry = z.infer<typeof combinedEntrySchema>;

/**
 * The customer's reminder of one business day: claimed by the first execution due to send one (it lists the
 * cases the mail takes along), then sent with the mail's message id, or withheld when none of them was due any
 * more. The claim carries a lease so that another listed execution takes over from a claimer that died.
 */
export const customerDayReminderSchema = z.object({
  customerId: nonEmptyStringSchema,
  date: isoDateSchema,
  status: z.enum(['claimed', 'sent', 'withheld']),
  /** The invoice whose execution holds the claim. */
  claimedBy: nonEmptyStringSchema,
  /** Engine milliseconds until which nobody else takes the claim over. */
  leaseExpiresAtMs: z.int(),
  entries: z.array(combinedEntrySchema).check(z.minLength(1)),
  messageId: z.nullable(nonEmptyStringSchema),
  /** The invoices the mail listed: the entries still due when it was written. */
  mailed: z.array(z.string()),
});
export type CustomerDayReminder = z.infer<typeof customerDayReminderSchema>;

/**
 * The email reminder level a case is due for on `today` or within the policy's window of business days after
 * it, or undefined. Only open cases at an email reminder or final notice (not worked by phone after a bounce)
 * qualify, and never on or before the due date: such a reminder would have no legal effect (§ 286 (1) BGB).
 */
export function dueEmailReminderLevel(
  dunningCase: DunningCase,
  today: IsoDate,
  context: CaseContext,
): number | undefined {
  const { policy, calendar } = context;
  if (dunningCase.status !== 'open') return undefined;
  const levelIndex = dunningCase.nextLevelIndex;
  const level = policy.levels[levelIndex];
  if (!level || (level.kind !== 'reminder' && level.kind !== 'final') || level.channel !== 'email')
    return undefined;
  // A bounced address goes by phone or by post (policy.bounce), never in a mail.
  if (dunningCase.emailUndeliverable) return undefined;
  if (compareDates(today, calendar.onOrNextBusinessDay(dunningCase.invoice.dueDate)) <= 0) return undefined;
  const action = nextActionOfCase(dunningCase, policy, calendar);
  if (action.type !== 'level' || action.level.index !== levelIndex) return undefined;
  const until = calendar.addBusinessDays(today, policy.combineReminders.windowBusinessDays);
  return compareDates(action.level.date, until) <= 0 ? levelIndex : undefined;
}

/** Cases go into one mail only if it reaches them all the same way: same customer, address, language, currency. */
export function sharesMailWith(one: DunningCase, other: DunningCase): boolean {
  const a = one.invoice;
  const b = other.invoice;
  return (
    a.customer.id === b.customer.id &&
    a.customer.email === b.customer.email &&
    a.customer.language === b.customer.language &&
    a.amount.currency === b.amount.currency
  );
}

/**
 * The entries of the customer's mail of `today`, claimed by `self` at `selfLevel`: itself first, then every other
 * open case of the customer that is due within the window and shares the mail, oldest first, at most
 * MAX_COMBINED_INVOICES. A case left out is reminded in a later day's mail.
 */
export function entriesOfDay(
  self: DunningCase,
  selfLevel: number,
  others: readonly DunningCase[],
  today: IsoDate,
  context: CaseContext,
): CombinedEntry[] {
  const entries: CombinedEntry[] = [{ invoiceId: self.invoiceId, levelIndex: selfLevel }];
  for (const other of others) {
    if (entries.length >= MAX_COMBINED_INVOICES) break;
    if (other.invoiceId === self.invoiceId || !sharesMailWith(self, other)) continue;
    const levelIndex = dueEmailReminderLevel(other, today, context);
    if (levelIndex !== undefined) entries.push({ invoiceId: other.invoiceId, levelIndex });
  }
  return entries;
}

/**
 * The combined letter for cases that each have this day's reminder applied (after `reminder-sent`, so each
 * account shows the fee and lump sum its own reminder triggered). Greeting, tone and wording follow the case
 * at the highest level; every invoice keeps its own level and account.
 */
export function combinedLetterInputFor(
  sent: readonly DunningCase[],
  on: IsoDate,
  context: CaseContext,
): CombinedLetterInput {
  const singles = sent.map((dunningCase) => ({
    dunningCase,
    letter: letterInputFor(dunningCase, on, context),
  }));
  const invoices: CombinedInvoice[] = singles.map(({ letter }) => ({
    kind: letter.kind === 'final' ? 'final' : 'reminder',
    reminderNumber: letter.reminderNumber,
    invoiceNumber: letter.invoiceNumber,
    orderNumber: letter.orderNumber,
    invoiceDate: letter.invoiceDate,
    dueDate: letter.dueDate,
    principalCents: letter.principalCents,
    interestLines: letter.interestLines,
    costLines: letter.costLines,
    paidCents: letter.paidCents,
    totalCents: letter.totalCents,
    rejectedDisputeInterest: letter.rejectedDisputeInterest,
  }));
  const stage = highestStage(invoices);
  const leading = singles.find((_, index) => {
    const invoice = invoices[index];
    return invoice !== undefined && highestStage([invoice]) === stage;
  });
  if (!leading) throw new Error('a combined letter needs at least one case');
  const { letter } = leading;
  return {
    locale: letter.locale,
    tone: toneFor(leading.dunningCase, context),
    customerName: letter.customerName,
    customerNumber: letter.customerNumber,
    letterDate: letter.letterDate,
    contactName: letter.contactName,
    currency: letter.currency,
    payBy: letter.payBy,
    creditor: letter.creditor,
    creditBureauNotice: singles.some(({ letter: single }) => single.creditBureauNotice),
    inkassoAgency: singles.find(({ letter: single }) => single.inkassoAgency)?.letter.inkassoAgency,
    invoices,
    totalCents: invoices.reduce((sum, invoice) => sum + invoice.totalCents, 0),
  };
}
