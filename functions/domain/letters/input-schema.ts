import { compareDates, isoDateSchema } from '../iso-date.js';
import { centsSchema, currencySchema, positiveCentsSchema } from '../money.js';
import * as z from '../zod.js';
import {
  letterCreditorSchema,
  letterKindSchema,
  letterLocaleSchema,
  line,
  postalAddressSchema,
  toneSchema,
} from './schema.js';

/**
 * A letter's full input, which only the functions that render letters parse: apart from ./schema.js (tone,
 * creditor, postal address), which the case, the policy and the events use, so the other functions do not build it.
 */
export const interestLineSchema = z
  .object({
    from: isoDateSchema,
    through: isoDateSchema,
    /** Yearly rate in percent as a decimal string, e.g. "10.27" (base rate + 9 points). */
    ratePercent: z.string().check(z.regex(/^\d{1,3}(\.\d{1,4})?$/, 'must be a percentage like "10.27"')),
    cents: centsSchema,
  })
  .check(
    z.refine((interest) => compareDates(interest.from, interest.through) <= 0, {
      path: ['through'],
      message: 'must not be before from',
    }),
  );

export const costLineSchema = z.object({
  /** 'lump-sum': the € 40 of § 288 (5) BGB (B2B); 'reminder-fee': real costs of a posted reminder. */
  kind: z.enum(['lump-sum', 'reminder-fee']),
  cents: positiveCentsSchema,
});

export const letterInputSchema = z
  .object({
    kind: letterKindSchema,
    /** For kind 'reminder': 1 = first, polite payment reminder; 2 = Mahnung; 3 and more = further Mahnung. */
    reminderNumber: z.optional(
      z.number().check(z.int('must be a whole number'), z.gte(1, 'must be at least 1')),
    ),
    locale: letterLocaleSchema,
    tone: toneSchema,
    customerName: line(200),
    /** Where a posted letter goes; an email needs none, the PDF renderer refuses to print without it. */
    postalAddress: z.optional(postalAddressSchema),
    /** The creditor's number for the customer, printed in a letter's information block. */
    customerNumber: z.optional(line(64)),
    /** The day the letter is written (its date line); a posted letter needs it. */
    letterDate: z.optional(isoDateSchema),
    contactName: z.optional(line(200)),
    invoiceNumber: line(64),
    orderNumber: z.optional(line(64)),
    invoiceDate: isoDateSchema,
    dueDate: isoDateSchema,
    currency: currencySchema,
    /** Principal of the claim as listed in the account; payments received are deducted in their own line. */
    principalCents: centsSchema,
    interestLines: z.array(interestLineSchema).check(z.maxLength(40)),
    costLines: z.array(costLineSchema).check(z.maxLength(20)),
    paidCents: centsSchema,
    /** Amount now due: principal + interest + costs - payments received. */
    totalCents: positiveCentsSchema,
    payBy: isoDateSchema,
    creditor: letterCreditorSchema,
    /** § 31 (2) Nr. 4 BDSG: tell the debtor beforehand that an undisputed claim may be reported. */
    creditBureauNotice: z.boolean(),
    inkassoAgency: z.optional(line(200)),
    promise: z.optional(z.object({ date: isoDateSchema, cents: positiveCentsSchema })),
    installments: z.optional(
      z.array(z.object({ dueDate: isoDateSchema, cents: positiveCentsSchema })).check(z.maxLength(60)),
    ),
    /** An installment confirmation states whether the plan carries an acceleration clause (Verfallklausel). */
    accelerationClause: z.optional(z.boolean()),
    /**
     * The first reminder after a rejected dispute says what became of the interest for the dispute period:
     * charged because default continued (§ 286 (4) BGB) or waived as goodwill.
     */
    rejectedDisputeInterest: z.optional(z.enum(['charged', 'waived'])),
  })
  .check(
    z.superRefine((letter, context) => {
      const issue = (path: string[], message: string) => context.addIssue({ code: 'custom', path, message });
      if (letter.kind === 'reminder' && letter.reminderNumber === undefined) {
        issue(['reminderNumber'], 'reminderNumber is required for a reminder letter');
      }
      if (letter.kind === 'promise-confirmation') {
        if (!letter.promise) issue(['promise'], 'promise is required for a promise-confirmation letter');
        else if (letter.promise.cents > letter.totalCents) {
          issue(['promise', 'cents'], 'promise.cents must not exceed totalCents');
        }
      }
      if (letter.kind === 'installment-confirmation' && !letter.installments?.length) {
        issue(
          ['installments'],
          'installments must list at least one rate for an installment-confirmation letter',
        );
      }
      const expected =
        letter.principalCents +
        letter.interestLines.reduce((sum, interest) => sum + interest.cents, 0) +
        letter.costLines.reduce((sum, cost) => sum + cost.cents, 0) -
        letter.paidCents;
      if (expected !== letter.totalCents) {
        issue(
          ['totalCents'],
          `totalCents must equal principalCents + interest + costs - paidCents (${expected}), so the itemised account adds up`,
        );
      }
    }),
  );
export type LetterInput = z.infer<typeof letterInputSchema>;
