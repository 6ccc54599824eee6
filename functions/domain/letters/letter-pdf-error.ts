/**
 * Why a posted letter cannot be printed as asked: a field is missing, an address line does not fit the window, or
 * a field holds characters the letter's typeface has no glyph for (they would print as empty boxes, and the letter
 * might not arrive).
 */
export type UnprintableReason = 'missing' | 'too-long' | 'characters';

/** A letter that cannot be printed as asked, naming the input field to fix (e.g. `postalAddress.street`). */
export class LetterPdfError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    readonly reason: UnprintableReason,
    /** The characters that cannot be printed (reason `characters`). */
    readonly characters: readonly string[] = [],
  ) {
    super(`${field} ${problem}`);
    this.name = 'LetterPdfError';
  }

  /** A problem of the customer's data (address, names), which the master data must correct, not the policy. */
  get isCustomerDataProblem(): boolean {
    return /^(postalAddress|contactName|customerName)(\.|$)/.test(this.field);
  }
}

/** What keeps a letter from the post, which the customer's master data must correct (a timeline line's facts). */
export type AddressProblem =
  | { reason: 'no-postal-address' }
  | { reason: 'address-too-long'; field: string }
  /** `characters`: the characters without a glyph, separated by spaces. */
  | { reason: 'unprintable-characters'; field: string; characters: string };

/** The problem in English, as the timeline states it (lines written before the reasons were told apart have none). */
export function letterProblemEn(facts: { reason?: string; field?: string; characters?: string }): string {
  const field = facts.field ?? 'postalAddress';
  if (facts.reason === 'address-too-long') return `${field} has a line too long for the address window`;
  if (facts.reason === 'unprintable-characters')
    return `${field} contains characters the letter cannot print (${facts.characters ?? ''})`;
  return 'the customer has no postal address';
}
