import type { z } from 'zod';
import {
  nonPaymentReasonSchema,
  outcomesByKind,
  type TaskKind,
  type TaskOutcome,
  taskOutcomeSchema,
} from '../../../functions/domain/outcomes.js';
import type { ProblemField, TaskDetail } from '../api.js';
import { find, findAll, html, type SafeHtml } from '../dom.js';
import { amountForInput, label, parseAmount, t } from '../i18n.js';

/**
 * The outcome form: one section per outcome type the task's kind accepts. What it produces is checked with
 * the API's own zod schema (taskOutcomeSchema) before it is sent, so the page and the API cannot disagree
 * about what is well-formed; what only the API can know (policy limits, the case's state) it answers itself.
 */
type OutcomeType = TaskOutcome['type'];

/** Call outcomes that carry the reason for non-payment and the dissatisfaction flag. */
const WITH_CONTEXT: ReadonlySet<OutcomeType> = new Set([
  'paid',
  'promise',
  'installments',
  'dispute',
  'callback',
]);

const fieldId = (path: readonly PropertyKey[]) => `outcome-${path.map(String).join('-')}`;

function field(path: string, labelText: string, control: SafeHtml): SafeHtml {
  const id = fieldId([path]);
  return html`<div class="field">
    <label for="${id}">${labelText}</label>
    ${control}
    <p class="field-error" id="${id}-error" hidden></p>
  </div>`;
}

function dateInput(path: string): SafeHtml {
  return html`<input type="date" id="${fieldId([path])}" name="${path}" aria-describedby="${fieldId([path])}-error">`;
}

function amountInput(path: string, value: string): SafeHtml {
  return html`<input type="text" inputmode="decimal" autocomplete="off" id="${fieldId([path])}" name="${path}" value="${value}" aria-describedby="${fieldId([path])}-error">`;
}

function rateRow(index: number): SafeHtml {
  const due = fieldId(['rates', index, 'dueDate']);
  const cents = fieldId(['rates', index, 'cents']);
  return html`<li class="rate" data-rate="${index}">
    <fieldset class="rate-fields">
      <legend>${t('field.rate', { n: index + 1 })}</legend>
      <div class="field">
        <label for="${due}">${t('field.rateDue')}</label>
        <input type="date" id="${due}" name="rate-dueDate" aria-describedby="${due}-error">
        <p class="field-error" id="${due}-error" hidden></p>
      </div>
      <div class="field">
        <label for="${cents}">${t('field.rateAmount')}</label>
        <input type="text" inputmode="decimal" autocomplete="off" id="${cents}" name="rate-cents" aria-describedby="${cents}-error">
        <p class="field-error" id="${cents}-error" hidden></p>
      </div>
      <button type="button" class="secondary small" data-action="remove-rate" aria-label="${t('field.removeRate', { n: index + 1 })}">×</button>
    </fieldset>
  </li>`;
}

function section(type: OutcomeType, detail: TaskDetail): SafeHtml {
  const openToday = amountForInput(detail.case.amounts.totalOpen.cents);
  const body = (): SafeHtml => {
    switch (type) {
      case 'paid':
        return field('paidOn', t('field.paidOn'), dateInput('paidOn'));
      case 'promise':
        return html`${field('promisedOn', t('field.promisedOn'), dateInput('promisedOn'))}
          ${field('cents', t('field.cents'), amountInput('cents', openToday))}`;
      case 'installments':
        return html`<ol class="rates" id="outcome-rates" tabindex="-1">${rateRow(0)}${rateRow(1)}</ol>
          <p class="field-error" id="${fieldId(['rates'])}-error" hidden></p>
          <button type="button" class="secondary" data-action="add-rate">${t('field.addRate')}</button>`;
      case 'dispute':
        return field(
          'disputeReason',
          t('field.disputeReason'),
          html`<textarea id="${fieldId(['disputeReason'])}" name="disputeReason" rows="3" aria-describedby="${fieldId(['disputeReason'])}-error"></textarea>`,
        );
      case 'callback':
        return field(
          'callbackAt',
          t('field.callbackAt'),
          html`<input type="datetime-local" id="${fieldId(['callbackAt'])}" name="callbackAt" aria-describedby="${fieldId(['callbackAt'])}-error">`,
        );
      case 'approval':
        return choice('decision', [
          ['approve', t('field.approve')],
          ['reject', t('field.reject')],
        ]);
      case 'resolution':
        return choice('resolution', [
          ['upheld', t('field.upheld')],
          ['rejected', t('field.rejected')],
        ]);
      default:
        // not-reached and wrong-contact take notes only; case-closed is the system's, never offered.
        return html``;
    }
  };
  const content = body();
  if (content.value.trim() === '') return html``;
  return html`<fieldset class="outcome-section" data-section="${type}" hidden>
    <legend>${label('outcomeType', type)}</legend>
    ${content}
  </fieldset>`;
}

function choice(name: string, options: [value: string, text: string][]): SafeHtml {
  const id = fieldId([name]);
  return html`<div class="choices" role="radiogroup" aria-labelledby="${id}-label" aria-describedby="${id}-error" id="${id}">
    <p id="${id}-label" class="choices-label">${t(name === 'decision' ? 'field.decision' : 'field.resolution')}</p>
    ${options.map(
      ([value, text], index) =>
        html`<label class="choice"><input type="radio" name="${name}" value="${value}" ${index === 0 ? html`id="${id}-first"` : ''}> ${text}</label>`,
    )}
    <p class="field-error" id="${id}-error" hidden></p>
  </div>`;
}

function typesFor(kind: TaskKind): readonly OutcomeType[] {
  return outcomesByKind[kind];
}

export function outcomeForm(detail: TaskDetail): SafeHtml {
  const types = typesFor(detail.task.kind);
  const single = types.length === 1;
  const typeId = fieldId(['type']);
  return html`<form class="outcome-form" id="outcome-form" novalidate>
    <div class="form-summary" id="outcome-summary" tabindex="-1" hidden></div>
    <div id="outcome-problem"></div>
    ${
      single
        ? html`<input type="hidden" name="type" value="${types[0] ?? ''}">`
        : html`<fieldset class="outcome-types" id="${typeId}" aria-describedby="${typeId}-error">
            <legend>${t('outcome.type')}</legend>
            <div class="type-grid">${types.map(
              (type, index) =>
                html`<label class="choice type-choice"><input type="radio" name="type" value="${type}" ${index === 0 ? html`id="${typeId}-first"` : ''}> ${label('outcomeType', type)}</label>`,
            )}</div>
            <p class="field-error" id="${typeId}-error" hidden></p>
          </fieldset>`
    }
    ${types.map((type) => section(type, detail))}
    <fieldset class="outcome-context" data-context hidden>
      <legend>${t('outcome.context')}</legend>
      ${field(
        'reason',
        t('field.reason'),
        html`<select id="${fieldId(['reason'])}" name="reason" aria-describedby="${fieldId(['reason'])}-error">
          <option value="">${t('field.noReason')}</option>
          ${nonPaymentReasonSchema.options.map((reason) => html`<option value="${reason}">${label('reason', reason)}</option>`)}
        </select>`,
      )}
      <div class="field checkbox">
        <input type="checkbox" id="${fieldId(['dissatisfied'])}" name="dissatisfied">
        <label for="${fieldId(['dissatisfied'])}">${t('field.dissatisfied')}</label>
      </div>
    </fieldset>
    ${field(
      'notes',
      t('field.notes'),
      html`<textarea id="${fieldId(['notes'])}" name="notes" rows="3" maxlength="2000" aria-describedby="${fieldId(['notes'])}-error"></textarea>`,
    )}
    <div class="form-actions">
      <button type="submit" class="primary" id="outcome-submit">${t('outcome.submit')}</button>
    </div>
  </form>`;
}

function selectedType(form: HTMLFormElement): OutcomeType | undefined {
  const value = new FormData(form).get('type');
  const type = typeof value === 'string' ? value : '';
  return (taskOutcomeSchema.options.map((option) => option.shape.type.value) as string[]).includes(type)
    ? (type as OutcomeType)
    : undefined;
}

/** Shows the section of the chosen type (and the call notes where they apply), hides the rest. */
export function syncSections(form: HTMLFormElement): void {
  const type = selectedType(form);
  for (const element of findAll<HTMLFieldSetElement>(form, '[data-section]')) {
    element.hidden = element.dataset.section !== type;
  }
  find<HTMLFieldSetElement>(form, '[data-context]').hidden = !type || !WITH_CONTEXT.has(type);
}

function renumberRates(form: HTMLFormElement): void {
  findAll<HTMLLIElement>(form, 'li.rate').forEach((row, index) => {
    row.dataset.rate = String(index);
    find(row, 'legend').textContent = t('field.rate', { n: index + 1 });
    const [due, cents] = findAll<HTMLInputElement>(row, 'input');
    for (const [input, name] of [
      [due, 'dueDate'],
      [cents, 'cents'],
    ] as const) {
      if (!input) continue;
      const id = fieldId(['rates', index, name]);
      input.id = id;
      input.setAttribute('aria-describedby', `${id}-error`);
      const labelElement = input.previousElementSibling;
      if (labelElement instanceof HTMLLabelElement) labelElement.htmlFor = id;
      const error = input.nextElementSibling;
      if (error instanceof HTMLElement) error.id = `${id}-error`;
    }
    find(row, '[data-action="remove-rate"]').setAttribute(
      'aria-label',
      t('field.removeRate', { n: index + 1 }),
    );
  });
}

export function addRate(form: HTMLFormElement): void {
  const list = find<HTMLOListElement>(form, '#outcome-rates');
  const index = findAll(list, 'li.rate').length;
  list.insertAdjacentHTML('beforeend', rateRow(index).value);
  find<HTMLInputElement>(list, `#${fieldId(['rates', index, 'dueDate'])}`).focus();
}

export function removeRate(form: HTMLFormElement, button: HTMLElement): void {
  button.closest('li.rate')?.remove();
  renumberRates(form);
  find<HTMLButtonElement>(form, '[data-action="add-rate"]').focus();
}

const text = (data: FormData, name: string): string | undefined => {
  const value = data.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

/** A datetime-local value ('2026-03-20T10:30') as an instant with the browser's offset, as the API wants. */
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
      return { type, paidOn: text(data, 'paidOn'), ...context };
    case 'promise':
      return { type, promisedOn: text(data, 'promisedOn'), cents: amount(data.get('cents')), ...context };
    case 'installments': {
      const dueDates = data.getAll('rate-dueDate');
      const amounts = data.getAll('rate-cents');
      const rates = dueDates.map((due, index) => ({
        dueDate: typeof due === 'string' && due !== '' ? due : undefined,
        cents: amount(amounts[index] ?? null),
      }));
      return { type, rates, ...context };
    }
    case 'dispute':
      return { type, disputeReason: text(data, 'disputeReason'), ...context };
    case 'callback': {
      const at = text(data, 'callbackAt');
      return { type, callbackAt: at ? localInstant(at) : undefined, ...context };
    }
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

/** Marks the fields the API named (body.outcome.promisedOn → promisedOn); the problem box lists them all. */
export function markProblemFields(form: HTMLFormElement, errors: readonly ProblemField[]): void {
  for (const error of errors) {
    const path = error.path.replace(/^body\.outcome\.?/, '');
    if (!path) continue;
    const parts = path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const target = targetOf(form, parts);
    const errorElement = form.querySelector<HTMLElement>(`#${fieldId(parts)}-error`);
    target?.setAttribute('aria-invalid', 'true');
    if (errorElement) {
      errorElement.textContent = error.message;
      errorElement.hidden = false;
    }
  }
}
