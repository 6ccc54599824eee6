import { html, type SafeHtml } from './dom.js';
import { lang, longDate, t } from './i18n.js';

/**
 * Dates are typed as text in the page's language (23.03.2026 in German, 23/03/2026 in English), not in
 * native date inputs: Chromium shows those in the browser's locale, whatever the page's language, so a
 * German page in an English browser asked for 03/23/2026. Typed dates are read day first in both
 * languages, with dots, slashes or dashes and two- or four-digit years; ISO dates (2026-03-23) work too.
 * Under each field a line confirms the date as understood, with its weekday.
 */
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})(?:[:.](\d{2}))?$/;

function calendarDate(year: number, month: number, day: number): string | undefined {
  const parsed = new Date(Date.UTC(year, month - 1, day));
  const real =
    parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
  return real ? parsed.toISOString().slice(0, 10) : undefined;
}

/** 'YYYY-MM-DD' for a typed date, undefined when nothing was typed, else the text as typed (no date). */
export function readDate(typed: string): string | undefined {
  const text = typed.trim();
  if (text === '') return undefined;
  const iso = ISO_DATE.exec(text);
  const dayFirst = DAY_FIRST.exec(text);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : dayFirst
      ? [dayFirst[3], dayFirst[2], dayFirst[1]]
      : [];
  if (year === undefined) return text;
  const fullYear = year.length === 2 ? 2000 + Number(year) : Number(year);
  return calendarDate(fullYear, Number(month), Number(day)) ?? text;
}

/** 'HH:MM' for a typed time ('9', '9:30', '14.30'), undefined when nothing was typed, else the text. */
export function readTime(typed: string): string | undefined {
  const text = typed.trim();
  if (text === '') return undefined;
  const match = TIME.exec(text);
  const hours = Number(match?.[1] ?? Number.NaN);
  const minutes = Number(match?.[2] ?? '0');
  if (!(hours <= 23 && minutes <= 59)) return text;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export const isCalendarDate = (value: string | undefined): value is string =>
  value !== undefined && ISO_DATE.test(value);

/** '2026-03-23' as the field shows it: 23.03.2026 in German, 23/03/2026 in English. */
export function dateForInput(iso: string | undefined): string {
  if (!isCalendarDate(iso)) return iso ?? '';
  const [year, month, day] = iso.split('-');
  return lang() === 'de' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}

function hintFor(typed: string): string {
  const read = readDate(typed);
  return isCalendarDate(read) ? longDate(read) : t('date.format');
}

/** A date field: the input (marked data-date) and the line under it that says what was understood. */
export function dateInput(id: string, name: string, iso?: string): SafeHtml {
  const value = dateForInput(iso);
  return html`<input type="text" class="date-input" data-date id="${id}" name="${name}" value="${value}" autocomplete="off" placeholder="${t('date.placeholder')}" aria-describedby="${id}-hint ${id}-error">
    <p class="hint date-hint" id="${id}-hint">${hintFor(value)}</p>`;
}

export function timeInput(id: string, name: string): SafeHtml {
  return html`<input type="text" class="time-input" id="${id}" name="${name}" autocomplete="off" inputmode="numeric" placeholder="${t('time.placeholder')}" aria-describedby="${id}-error">`;
}

/**
 * Keeps the line under each date field in step with what is typed, and writes a date that was understood
 * out in full when the field is left (1.4.26 becomes 01.04.2026). One pair of listeners for the whole page.
 */
export function followDateInputs(root: HTMLElement): void {
  const dateField = (event: Event) => {
    const input = event.target;
    return input instanceof HTMLInputElement && input.matches('[data-date]') ? input : undefined;
  };
  root.addEventListener('input', (event) => {
    const input = dateField(event);
    const hint = input?.parentElement?.querySelector('.date-hint');
    if (input && hint) hint.textContent = hintFor(input.value);
  });
  root.addEventListener('change', (event) => {
    const input = dateField(event);
    const read = input ? readDate(input.value) : undefined;
    if (input && isCalendarDate(read)) input.value = dateForInput(read);
  });
}
