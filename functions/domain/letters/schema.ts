import { compareDates, isoDateSchema } from '../iso-date.js';
import { centsSchema, currencySchema, positiveCentsSchema } from '../money.js';
import { oncePer } from '../shared-schemas.js';
import * as z from '../zod.js';

/**
 * What a letter needs to be rendered. Every amount is integer cents, every date a Europe/Berlin calendar
 * day 'YYYY-MM-DD'. Free text ends up in an email subject or body, so it must be a single line.
 */
export const toneSchema = z.enum(['friendly', 'neutral', 'firm']);
export type Tone = z.infer<typeof toneSchema>;

export const letterKindSchema = z.enum([
  'reminder',
  'final',
  'promise-confirmation',
  'installment-confirmation',
]);
export type LetterKind = z.infer<typeof letterKindSchema>;

export const letterLocaleSchema = z.enum(['de', 'en']);

const line = oncePer((max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(max, `must be at most ${max} characters`),
      z.regex(/^[^\p{Cc}]*$/u, 'must be a single line without control characters'),
    ),
);

/** ISO 13616 check digits (mod 97 = 1), so a typo in the creditor's IBAN never reaches a debtor. */
function hasValidIbanChecksum(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const digits = Number.parseInt(character, 36).toString();
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/**
 * What a posted letter prints besides the email's contact lines: the return address above the window, the
 * contact in the information block and the footer a German company must put on its business letters
 * (§ 35a GmbHG, § 37a HGB: seat, register court and number, managing directors). Optional, so creditors
 * configured for email only stay valid; the PDF leaves out what is not given.
 */
export const letterheadSchema = z.object({
  /** Rücksendeangabe above the address; built from name and address when left out. */
  senderLine: z.optional(line(100)),
  /** Ansprechpartner in the information block: a person or a team. */
  contactName: z.optional(line(100)),
  /** Sitz der Gesellschaft. */
  seat: z.optional(line(100)),
  commercialRegister: z.optional(z.object({ court: line(100), number: line(40) })),
  vatId: z.optional(
    z
      .string()
      .check(z.regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'must be a VAT identification number like DE123456789')),
  ),
  managingDirectors: z.optional(z.array(line(100)).check(z.minLength(1), z.maxLength(8))),
});
export type Letterhead = z.infer<typeof letterheadSchema>;

export const letterCreditorSchema = z.object({
  name: line(200),
  addressLines: z.array(line(200)).check(z.minLength(1, 'needs at least one address line'), z.maxLength(6)),
  iban: z
    .string()
    .check(
      z.regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, 'must be an IBAN without spaces'),
      z.refine(hasValidIbanChecksum, 'IBAN check digits do not match'),
    ),
  bic: z.string().check(z.regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'must be a BIC')),
  bankName: line(200),
  email: z.email('must be an email address'),
  phone: line(40),
  letterhead: z.optional(letterheadSchema),
});

/** A window envelope shows at most six address lines; Deutsche Post reads about 40 characters a line. */
const addressLine = line(60);

/**
 * The recipient of a posted letter as it appears in the window (DIN 5008, Anschriftzone): up to three
 * name lines (company, department, "z. Hd." person), street, postal code and city, and the country for
 * mail abroad.
 */
export const postalAddressSchema = z
  .object({
    nameLines: z.array(addressLine).check(z.minLength(1, 'needs at least one name line'), z.maxLength(3)),
    street: addressLine,
    postalCode: z.string().check(z.trim(), z.regex(/^[A-Z0-9][A-Z0-9 -]{1,9}$/, 'must be a postal code')),
    city: addressLine,
    /** The country's name, printed in capitals as the last line of mail abroad (e.g. "Frankreich"). */
    country: z.optional(addressLine),
    countryCode: z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like DE')),
  })
  .check(
    z.superRefine((address, context) => {
      if (address.countryCode === 'DE' && !/^\d{5}$/.test(address.postalCode)) {
        context.addIssue({
          code: 'custom',
          path: ['postalCode'],
          message: 'must be five digits for an address in Germany',
        });
      }
      if (address.countryCode !== 'DE' && address.country === undefined) {
        context.addIssue({ code: 'custom', path: ['country'], message: 'is required for an address abroad' });
      }
    }),
  );
export type PostalAddress = z.infer<typeof postalAddressSchema>;

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
