import type { z } from 'zod';
import { type TaskOutcome, taskOutcomeSchema } from '../../../functions/domain/outcomes.js';
import { readDate, readTime } from '../date-input.js';
import { find, findAll, html, type SafeHtml } from '../dom.js';
import { parseAmount, t } from '../i18n.js';
import { fieldId, selectedType } from './outcome-form.js';

/**
 * What the outcome form says, shaped like the outcome the API takes, and what is wrong with it. It is
 * checked with the API's own zod schema (taskOutcomeSchema) before it is sent, so the page and the API
 * cannot disagree about what is well-formed; what only the API can know (policy limits, the case's state)
 * it answers itself, and markProblemFields puts that at the fields concerned.
 */

const text = (data: FormData, name: string): string | undefined => {
  const value = data.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

const date = (data: FormData, name: string): string | undefined => readDate(text(data, name) ?? '');

/** Day and time of a callback as one instant; anything incomplete stays a text the schema refuses. */
function callbackInstant(day: string | undefined, typedTime: FormDataEntryValue | null): string | undefined {
  const time = typeof typedTime === 'string' ? readTime(typedTime) : undefined;
  if (day === undefined && time === undefined) return undefined;
  const local = `${day ?? ''}T${time ?? ''}`;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? localInstant(local) : local;
}

/** A local date and time ('2026-03-20T10:30') as an instant with the browser's offset, as the API wants. */
export function localInstant(value: string): string {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  const pad = (number: number) => String(Math.abs(number)).padStart(2, '0');
  const offset = -parsed.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** What the form says, shaped like the outcome the API takes; zod decides whether it is one. */
export function readOutcome(form: HTMLFormElement): unknown {
  const data = new FormData(form);
  const type = selectedType(form);
  const notes = text(data, 'notes');
  const context = {
    reason: text(data, 'reason'),
    dissatisfied: data.get('dissatisfied') === 'on',
    notes,
  };
  const amount = (value: FormDataEntryValue | null) =>
    typeof value === 'string' ? parseAmount(value) : undefined;
  switch (type) {
    case 'paid':
      return { type, paidOn: date(data, 'paidOn'), ...context };
    case 'promise':
      return { type, promisedOn: date(data, 'promisedOn'), cents: amount(data.get('cents')), ...context };
    case 'installments': {
      const dueDates = data.getAll('rate-dueDate');
      const amounts = data.getAll('rate-cents');
      const rates = dueDates.map((due, index) => ({
        dueDate: typeof due === 'string' ? readDate(due) : undefined,
        cents: amount(amounts[index] ?? null),
      }));
      return { type, rates, ...context };
    }
    case 'dispute':
      return { type, disputeReason: text(data, 'disputeReason'), ...context };
    case 'callback':
      return {
        type,
        callbackAt: callbackInstant(date(data, 'callbackAt'), data.get('callbackTime')),
        ...context,
      };
    case 'not-reached':
    case 'wrong-contact':
      return { type, notes };
    case 'approval':
      return { type, decision: text(data, 'decision'), notes };
    case 'resolution':
      return { type, resolution: text(data, 'resolution'), notes };
    default:
      return { type, notes };
  }
}

export type Validation = { ok: true; outcome: TaskOutcome } | { ok: false; issues: z.core.$ZodIssue[] };

export function validateOutcome(raw: unknown): Validation {
  const result = taskOutcomeSchema.safeParse(raw);
  return result.success ? { ok: true, outcome: result.data } : { ok: false, issues: result.error.issues };
}

interface FieldError {
  path: readonly PropertyKey[];
  message: string;
}

function isEmpty(form: HTMLFormElement, path: readonly PropertyKey[]): boolean {
  const element = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${fieldId(path)}`);
  return element !== null && 'value' in element && element.type !== 'radio' && element.value.trim() === '';
}

/** zod's issue in the page's language; the schema's own text where there is no better one. */
function messageFor(form: HTMLFormElement, issue: z.core.$ZodIssue): string {
  const last = issue.path.at(-1);
  if (issue.path.length === 0 || (issue.path.length === 1 && last === 'type')) return t('validation.choose');
  if (last === 'decision' || last === 'resolution') return t('validation.choose');
  if (issue.code !== 'too_small' && isEmpty(form, issue.path)) return t('validation.required');
  switch (issue.code) {
    case 'invalid_format':
      return last === 'callbackAt' ? t('validation.instant') : t('validation.date');
    case 'invalid_type':
      if (last === 'cents') return t('validation.amount');
      if (last === 'callbackAt') return t('validation.instant');
      if (last === 'paidOn' || last === 'promisedOn' || last === 'dueDate') return t('validation.date');
      return isEmpty(form, issue.path) ? t('validation.required') : issue.message;
    case 'too_small':
      if (issue.origin === 'array') return t('validation.minRates', { min: Number(issue.minimum) });
      if (issue.origin === 'number') return t('validation.amountPositive');
      if (isEmpty(form, issue.path)) return t('validation.required');
      return t('validation.tooShort', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string'
        ? t('validation.tooLong', { max: Number(issue.maximum) })
        : issue.message;
    default:
      return issue.message;
  }
}

/** The element an error belongs to: the field, or the group for choices and the rate list. */
function targetOf(form: HTMLFormElement, path: readonly PropertyKey[]): HTMLElement | undefined {
  const key = path.length === 0 ? ['type'] : path;
  return form.querySelector<HTMLElement>(`#${fieldId(key)}`) ?? undefined;
}

export function clearErrors(form: HTMLFormElement): void {
  for (const element of findAll(form, '.field-error')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const element of findAll(form, '[aria-invalid]')) element.removeAttribute('aria-invalid');
  const summary = find(form, '#outcome-summary');
  summary.hidden = true;
  summary.replaceChildren();
  find(form, '#outcome-problem').replaceChildren();
}

function showErrors(form: HTMLFormElement, errors: FieldError[]): void {
  const summaryItems: SafeHtml[] = [];
  for (const error of errors) {
    const path = error.path.length === 0 ? ['type'] : error.path;
    const target = targetOf(form, path);
    const errorElement = form.querySelector<HTMLElement>(`#${fieldId(path)}-error`);
    if (errorElement) {
      errorElement.textContent = errorElement.textContent
        ? `${errorElement.textContent} ${error.message}`
        : error.message;
      errorElement.hidden = false;
    }
    target?.setAttribute('aria-invalid', 'true');
    const labelText = target ? labelOf(form, target) : '';
    summaryItems.push(
      html`<li><a href="#${fieldId(path)}" data-focus="${fieldId(path)}">${labelText ? `${labelText}: ` : ''}${error.message}</a></li>`,
    );
  }
  const summary = find(form, '#outcome-summary');
  summary.innerHTML = html`<p>${t('outcome.invalid')}</p><ul>${summaryItems}</ul>`.value;
  summary.hidden = false;
}

function labelOf(form: HTMLFormElement, target: HTMLElement): string {
  if (target instanceof HTMLFieldSetElement) return target.querySelector('legend')?.textContent?.trim() ?? '';
  const byFor = target.id ? form.querySelector(`label[for="${target.id}"]`) : null;
  // Every rate has the same field labels; the rate's own legend ("Rate 2") tells them apart.
  const rate = target.closest('li.rate')?.querySelector('legend')?.textContent?.trim();
  if (byFor) return rate ? `${rate}, ${byFor.textContent?.trim() ?? ''}` : (byFor.textContent?.trim() ?? '');
  const labelledBy = target.getAttribute('aria-labelledby');
  return labelledBy ? (form.querySelector(`#${labelledBy}`)?.textContent?.trim() ?? '') : '';
}

export function showIssues(form: HTMLFormElement, issues: readonly z.core.$ZodIssue[]): void {
  showErrors(
    form,
    issues.map((issue) => ({ path: issue.path, message: messageFor(form, issue) })),
  );
  find(form, '#outcome-summary').focus();
}

/** Marks the fields the API's refusal concerns (views/problem.ts says which, and what to say there). */
export function markProblemFields(form: HTMLFormElement, errors: readonly FieldError[]): void {
  for (const error of errors) {
    const target = targetOf(form, error.path);
    const errorElement = form.querySelector<HTMLElement>(`#${fieldId(error.path)}-error`);
    target?.setAttribute('aria-invalid', 'true');
    if (errorElement) {
      errorElement.textContent = error.message;
      errorElement.hidden = false;
    }
  }
}
