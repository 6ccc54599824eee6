import * as z from './zod.js';

/**
 * The timeline's words for a letter that was not posted: the customer's postal address is missing or has a line
 * too long for the window, or a field of the customer holds characters the letter's typeface cannot print.
 */

/** In English the words are the ones the line's summary was written with. */
export { letterProblemEn } from './letters/letter-pdf-error.js';

/** The facts of a `letter-not-rendered` line. */
export const letterNotRendered = z.object({
  levelId: z.string(),
  queue: z.string(),
  /** Lines written before address problems other than a missing address were told apart have none. */
  reason: z.optional(z.enum(['no-postal-address', 'address-too-long', 'unprintable-characters'])),
  field: z.optional(z.string()),
  characters: z.optional(z.string()),
});
type LetterNotRendered = z.output<typeof letterNotRendered>;

const FIELD_DE: Record<string, string> = {
  postalAddress: 'die Postanschrift',
  'postalAddress.street': 'die Straße der Postanschrift',
  'postalAddress.postalCode': 'die Postleitzahl der Postanschrift',
  'postalAddress.city': 'der Ort der Postanschrift',
  'postalAddress.country': 'das Land der Postanschrift',
  customerName: 'der Kundenname',
  contactName: 'der Ansprechpartner',
};

/** The customer's field in German: "Namenszeile 2 der Postanschrift" for postalAddress.nameLines.1. */
function fieldDe(field = 'postalAddress'): string {
  const nameLine = /^postalAddress\.nameLines\.(\d+)$/.exec(field);
  if (nameLine) return `Namenszeile ${Number(nameLine[1]) + 1} der Postanschrift`;
  return FIELD_DE[field] ?? field;
}

/** Why the letter was not posted, in German. */
export function letterProblemDe({ reason, field, characters }: LetterNotRendered): string {
  if (reason === 'address-too-long')
    return 'eine Zeile der Postanschrift passt auch in 8 pt nicht ins Anschriftfeld';
  if (reason === 'unprintable-characters') {
    const named = fieldDe(field);
    return `${named.charAt(0).toUpperCase()}${named.slice(1)} enthält Zeichen, die der Brief nicht drucken kann (${characters ?? ''})`;
  }
  return 'keine Postanschrift des Kunden';
}
