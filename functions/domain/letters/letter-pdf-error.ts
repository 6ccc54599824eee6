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
