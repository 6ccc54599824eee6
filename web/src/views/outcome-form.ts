import {
  nonPaymentReasonSchema,
  outcomesByKind,
  type TaskKind,
  type TaskOutcome,
  taskOutcomeSchema,
} from '../../../functions/domain/outcomes.js';
import type { TaskDetail } from '../api.js';
import { dateInput, timeInput } from '../date-input.js';
import { find, findAll, html, type SafeHtml } from '../dom.js';
import { amountForInput, label, t } from '../i18n.js';

/**
 * The outcome form's markup: one section per outcome type the task's kind accepts, shown when chosen, and
 * the rate list of an installment plan. Reading and checking what it says is in outcome-input.ts.
 */
export type OutcomeType = TaskOutcome['type'];

/** Call outcomes that carry the reason for non-payment and the dissatisfaction flag. */
const WITH_CONTEXT: ReadonlySet<OutcomeType> = new Set([
  'paid',
  'promise',
  'installments',
  'dispute',
  'callback',
]);

export const fieldId = (path: readonly PropertyKey[]) => `outcome-${path.map(String).join('-')}`;

function field(path: string, labelText: string, control: SafeHtml): SafeHtml {
  const id = fieldId([path]);
  return html`<div class="field">
    <label for="${id}">${labelText}</label>
    ${control}
    <p class="field-error" id="${id}-error" hidden></p>
  </div>`;
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
        ${dateInput(due, 'rate-dueDate')}
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
        return field('paidOn', t('field.paidOn'), dateInput(fieldId(['paidOn']), 'paidOn'));
      case 'promise':
        return html`${field('promisedOn', t('field.promisedOn'), dateInput(fieldId(['promisedOn']), 'promisedOn'))}
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
        return html`<div class="field-row">
          ${field('callbackAt', t('field.callbackAt'), dateInput(fieldId(['callbackAt']), 'callbackAt'))}
          ${field('callbackTime', t('field.callbackTime'), timeInput(fieldId(['callbackTime']), 'callbackTime'))}
        </div>`;
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

export function selectedType(form: HTMLFormElement): OutcomeType | undefined {
  const value = new FormData(form).get('type');
  const type = typeof value === 'string' ? value : '';
  return (
    taskOutcomeSchema.def.options.flatMap((option) => option.shape.type.def.values) as string[]
  ).includes(type)
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
    for (const input of findAll<HTMLInputElement>(row, 'input')) {
      const id = fieldId(['rates', index, input.name === 'rate-dueDate' ? 'dueDate' : 'cents']);
      const container = input.closest('.field');
      const hint = container?.querySelector('.hint');
      input.id = id;
      input.setAttribute('aria-describedby', `${hint ? `${id}-hint ` : ''}${id}-error`);
      container?.querySelector('label')?.setAttribute('for', id);
      if (hint) hint.id = `${id}-hint`;
      const error = container?.querySelector('.field-error');
      if (error) error.id = `${id}-error`;
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
