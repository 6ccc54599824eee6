import * as z from './zod.js';

/**
 * The timeline's words for a letter that was not posted: the customer's postal address is missing, has a line
 * too long for the window, or holds characters the letter's typeface cannot print (naming the field).
 */

/** The facts of a `letter-not-rendered` line. */
export const letterNotRendered = z.object({
  levelId: z.string(),
  queue: z.string(),
  /** Lines written before address problems other than a missing address were told apart have none. */
  reason: z.optional(z.enum(['no-postal-address', 'address-too-long', 'address-characters'])),
  field: z.optional(z.string()),
  characters: z.optional(z.string()),
});
type LetterNotRendered = z.output<typeof letterNotRendered>;

const ADDRESS_FIELD_DE: Record<string, string> = {
  postalAddress: 'Postanschrift',
  'postalAddress.street': 'Straße',
  'postalAddress.postalCode': 'Postleitzahl',
  'postalAddress.city': 'Ort',
  'postalAddress.country': 'Land',
};

/** The address field in German: "Namenszeile 2" for postalAddress.nameLines.1. */
function addressFieldDe(field = 'postalAddress'): string {
  const nameLine = /^postalAddress\.nameLines\.(\d+)$/.exec(field);
  if (nameLine) return `Namenszeile ${Number(nameLine[1]) + 1}`;
  return ADDRESS_FIELD_DE[field] ?? field;
}

/** Why the letter was not posted, in German. */
export function letterProblemDe({ reason, field, characters }: LetterNotRendered): string {
  if (reason === 'address-too-long') {
    const which = field === undefined || field === 'postalAddress' ? '' : ` (${addressFieldDe(field)})`;
    return `eine Zeile der Postanschrift${which} passt auch in 8 pt nicht ins Anschriftfeld`;
  }
  if (reason === 'address-characters')
    return `${addressFieldDe(field)} der Postanschrift enthält Zeichen, die der Brief nicht drucken kann (${characters ?? ''})`;
  return 'keine Postanschrift des Kunden';
}

/** Why the letter was not posted, in English. */
export function letterProblemEn({ reason, field, characters }: LetterNotRendered): string {
  if (reason === 'address-too-long')
    return `${field ?? 'postalAddress'} has a line too long for the address window`;
  if (reason === 'address-characters')
    return `${field ?? 'postalAddress'} contains characters the letter cannot print (${characters ?? ''})`;
  return 'the customer has no postal address';
}
