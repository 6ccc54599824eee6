/**
 * The page's language: German by default (the product is for German finance teams), English one click away
 * and remembered in localStorage; the texts of both are in i18n/. Numbers, money and dates are formatted
 * by Intl for the language.
 */
import { de, type MessageKey } from './i18n/de.js';
import { en } from './i18n/en.js';

export type { MessageKey };

export type Lang = 'de' | 'en';
const STORAGE_KEY = 'mahnwesen.lang';
const catalogues: Record<Lang, Record<MessageKey, string>> = { de, en };

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    // Storage can be disabled (private mode, policies): German is the default anyway.
    return 'de';
  }
}

let current: Lang = storedLang();

export const lang = (): Lang => current;

export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but the switch still applies to this page.
  }
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A text for a code from the API (status, reason, event type); unknown codes are shown as they are. */
export function label(prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in de ? t(key as MessageKey) : code;
}

const localeTag = () => (current === 'de' ? 'de-DE' : 'en-GB');

/** Amounts arrive as integer cents; Intl does the grouping and the symbol per language. */
export function money(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(localeTag(), { style: 'currency', currency }).format(cents / 100);
}

export function count(value: number): string {
  return new Intl.NumberFormat(localeTag()).format(value);
}

export function percent(ratio: number): string {
  return new Intl.NumberFormat(localeTag(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** A calendar date 'YYYY-MM-DD' as written in the language; formatted in UTC so no time zone shifts it. */
export function date(iso: string): string {
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

/** A calendar date with its weekday, to confirm a typed date: "Montag, 23. März 2026". */
export function longDate(iso: string): string {
  return new Intl.DateTimeFormat(localeTag(), { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** Instants are shown in Berlin time: the business runs there, wherever the browser is. */
export function dateTime(instant: string): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(localeTag(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(parsed);
}

export function time(instant: string | Date): string {
  const parsed = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat(localeTag(), {
    timeStyle: 'medium',
    timeZone: 'Europe/Berlin',
  }).format(parsed);
}

/** Hours and minutes in Berlin time, for claims that run for half an hour. */
export function clock(instant: string): string {
  const parsed = new Date(instant);
  if (Number.isNaN(parsed.getTime())) return instant;
  return new Intl.DateTimeFormat(localeTag(), { timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    parsed,
  );
}

/** Cents as the amount field shows them for editing: no grouping, the language's decimal mark. */
export function amountForInput(cents: number): string {
  const text = (cents / 100).toFixed(2);
  return current === 'de' ? text.replace('.', ',') : text;
}

/**
 * What a person typed into an amount field, in cents: '1.234,56' in German, '1,234.56' in English, with or
 * without grouping and currency sign. Undefined when empty, NaN when it is not an amount (zod reports both).
 */
export function parseAmount(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0€]|EUR/gi, '');
  if (compact === '') return undefined;
  const [group, decimal] = current === 'de' ? ['.', ','] : [',', '.'];
  const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d{1,2})?$`);
  const plain = new RegExp(`^\\d+(\\${decimal}\\d{1,2})?$`);
  if (!grouped.test(compact) && !plain.test(compact)) return Number.NaN;
  const normal = compact.split(group).join('').replace(decimal, '.');
  return Math.round(Number(normal) * 100);
}
