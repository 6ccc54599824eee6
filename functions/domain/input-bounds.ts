import { type IsoDate, instantSchema, isoDateSchema } from './calendar.js';
import { currencySchema, positiveCentsSchema } from './money.js';
import { oncePer } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * The limits every value from outside (bus events, API requests) must keep, one helper per kind, so no field
 * can be forgotten or bounded differently. Values the product derives itself (interest, totals, letters) are
 * not bounded here: they follow from bounded inputs.
 */

/**
 * Dates and instants from outside lie in this window. A year 0001 or 9999 is a typo or a placeholder, and
 * would make interest, limitation and business-day arithmetic run over centuries.
 */
export const DATE_WINDOW = { from: '2000-01-01', through: '2099-12-31' } as const;
const windowMessage = `must lie between ${DATE_WINDOW.from} and ${DATE_WINDOW.through}`;

export const isInDateWindow = (date: IsoDate): boolean =>
  date >= DATE_WINDOW.from && date <= DATE_WINDOW.through;

/** zod runs every check; a text that is no date at all gets only the format's message, not the window's too. */
const outsideWindow = (date: string) => isoDateSchema.safeParse(date).success && !isInDateWindow(date);

/** A calendar date YYYY-MM-DD inside DATE_WINDOW. */
export const inputDateSchema = isoDateSchema.check(
  z.refine((date) => !outsideWindow(date), windowMessage),
  z.meta({ description: `A calendar date YYYY-MM-DD from ${DATE_WINDOW.from} to ${DATE_WINDOW.through}` }),
);

/** An ISO 8601 instant with offset whose (local) date lies inside DATE_WINDOW. */
export const inputInstantSchema = instantSchema.check(
  z.refine(
    (instant) => !instantSchema.safeParse(instant).success || !outsideWindow(instant.slice(0, 10)),
    windowMessage,
  ),
  z.meta({
    description: `An ISO 8601 timestamp with offset on a day from ${DATE_WINDOW.from} to ${DATE_WINDOW.through}`,
  }),
);

/**
 * The largest amount of one invoice, payment, promise or rate: 1 bn EUR. Even with a century of default
 * interest on it (at most about 15x, see test/unit/input-bounds.test.ts) a customer's exposure over
 * MAX_SUMMED_INVOICES such invoices stays a safe integer, so no sum in a response can lose a cent or fail.
 */
export const MAX_AMOUNT_CENTS = 100_000_000_000;
export const MAX_SUMMED_INVOICES = 5_000;

export const inputCentsSchema = positiveCentsSchema.check(
  z.lte(MAX_AMOUNT_CENTS, 'must be at most 1,000,000,000.00 EUR'),
);
export const inputMoneySchema = z.object({ cents: inputCentsSchema, currency: currencySchema });

/**
 * Characters that never belong in an id or a text a person reads: C0 and C1 control characters (and DEL),
 * which break logs, CSV and letters; bidirectional marks, embeddings, overrides and isolates, which make a
 * text display differently from what it is (an invoice number that reads as another one); and unpaired
 * surrogates, which are not text at all. A multi-line note may keep its line feeds.
 */
const CONTROL = /\p{Cc}/u;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const SURROGATE = /\p{Cs}/u;

const codePoint = (character: string) =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a text may not be taken as it is, or undefined when it may. */
export function unsafeCharacterProblem(
  text: string,
  options: { multiline?: boolean } = {},
): string | undefined {
  const checked = options.multiline ? text.replaceAll('\n', '') : text;
  const control = CONTROL.exec(checked)?.[0];
  if (control !== undefined) return `must not contain control character ${codePoint(control)}`;
  const bidi = BIDI.exec(checked)?.[0];
  if (bidi !== undefined) return `must not contain bidirectional control character ${codePoint(bidi)}`;
  if (SURROGATE.test(checked)) return 'must be valid Unicode text';
  return undefined;
}

interface TextOptions {
  /** Minimum length after trimming (default 1, so an empty or blank text is refused). */
  min?: number;
  minMessage?: string;
  /** Line feeds allowed (notes, dispute reasons); every other control character is still refused. */
  multiline?: boolean;
}

/** A trimmed text of at most `max` characters with no unsafe characters. */
export function inputTextSchema(max: number, options?: TextOptions) {
  return options ? boundedText(max, options) : singleLineText(max);
}

/** The common case, one line with the default minimum, shared by every field of the same length. */
const singleLineText = oncePer((max: number) => boundedText(max, {}));

function boundedText(max: number, options: TextOptions) {
  const min = options.min ?? 1;
  const minMessage =
    options.minMessage ?? (min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  return z.string().check(
    z.trim(),
    z.minLength(min, minMessage),
    z.maxLength(max, `must be at most ${max} characters`),
    z.superRefine((text, context) => {
      const message = unsafeCharacterProblem(text, { multiline: options.multiline ?? false });
      if (message) context.addIssue({ code: 'custom', message });
    }),
  );
}

/** An id or document number from outside: 1 to 64 characters, German letters and '/ . _ -' welcome. */
export const inputIdSchema = inputTextSchema(64);
