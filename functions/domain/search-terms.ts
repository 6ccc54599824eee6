import * as z from './zod.js';

/**
 * How names and numbers are compared when a person searches: the same text a person types and the text stored
 * in the search keys go through the same normalisation, so "Müller", "MUELLER" and "mueller  " find each other.
 */

/** What a person searches by: a customer name prefix, a customer number, an invoice number. */
export const searchKindSchema = z.enum(['name', 'customer', 'invoice']);
export type SearchKind = z.infer<typeof searchKindSchema>;

/** A name search needs this many normalised characters: the search partition is named by them. */
export const NAME_PREFIX_LENGTH = 2;

/** German letters a person may type either way (ä or ae); folded before other accents are dropped. */
const FOLDS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Lower case with umlauts and ß spelled out and every other accent dropped (é -> e, ł stays). */
function folded(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => FOLDS[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/**
 * A customer name as the search compares it: folded, punctuation dropped ("B.V." and "BV" are one), blanks
 * collapsed to one space. The result holds letters, digits and single spaces only, so it never contains the
 * key separator `#`.
 */
export function normaliseName(name: string): string {
  return folded(name)
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * An invoice or customer number as the search compares it: folded, letters and digits only, so "RE-2026-1001",
 * "re 2026/1001" and "RE20261001" are one number.
 */
export function normaliseNumber(number: string): string {
  return folded(number).replace(/[^\p{L}\p{N}]/gu, '');
}

/** The partition a normalised name is filed under: its first NAME_PREFIX_LENGTH characters. */
export const namePrefixOf = (normalisedName: string): string =>
  Array.from(normalisedName).slice(0, NAME_PREFIX_LENGTH).join('');

/** A name search needs at least NAME_PREFIX_LENGTH characters left after normalisation ("&&" has none). */
export const isSearchableName = (term: string): boolean =>
  Array.from(normaliseName(term)).length >= NAME_PREFIX_LENGTH;
