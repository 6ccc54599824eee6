/** A letter that cannot be printed as asked, naming the input field to fix (e.g. `postalAddress`). */
export class LetterPdfError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'LetterPdfError';
  }
}

/** The value of a field a posted letter cannot do without. */
export function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new LetterPdfError(field, 'is required to render a posted letter');
  return value;
}
