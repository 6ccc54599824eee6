import { LetterPdfError } from '../domain/letters/letter-pdf-error.js';

export { LetterPdfError };

/** The value of a field a posted letter cannot do without. */
export function required<T>(value: T | undefined, field: string): T {
  if (value === undefined)
    throw new LetterPdfError(field, 'is required to render a posted letter', 'missing');
  return value;
}
