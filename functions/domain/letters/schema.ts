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

/** One line of letter text, at most `max` characters. */
export const line = oncePer((max: number) =>
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
