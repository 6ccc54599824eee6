import type { CallOutcome, TaskOutcome } from '../../../functions/domain/outcomes.js';
import type { TaskDetail } from '../api.js';
import { html, type SafeHtml } from '../dom.js';
import { date, money, t } from '../i18n.js';

/**
 * A customer call (one call about all of a customer's invoices at a call level): the invoices it covers with the
 * total, and, while the caller holds it, a choice per invoice where that invoice's outcome differs from the one
 * recorded for all of them below.
 */

type CallView = NonNullable<TaskDetail['call']>;
type CallInvoice = CallView['invoices'][number];
const CHOICES = ['same', 'dispute', 'not-reached'] as const;
type Choice = (typeof CHOICES)[number];

export function callCard(detail: TaskDetail, editable: boolean): SafeHtml | string {
  const { call } = detail;
  if (!call) return '';
  return html`<section class="card wide" aria-labelledby="call-heading" data-testid="customer-call">
    <h3 id="call-heading">${t('call.heading')}</h3>
    <p>${t('call.intro', { count: call.invoices.length })}</p>
    <table class="data call-table">
      <thead><tr>
        <th scope="col">${t('call.invoice')}</th><th scope="col">${t('call.level')}</th>
        <th scope="col">${t('call.due')}</th><th scope="col" class="num">${t('call.open')}</th>
        ${editable ? html`<th scope="col" class="call-part">${t('call.part')}</th>` : ''}
      </tr></thead>
      <tbody>${call.invoices.map(
        (invoice, index) => html`<tr data-invoice-id="${invoice.invoiceId}">
          <th scope="row">${invoice.invoiceNumber}</th><td>${invoice.levelName}</td>
          <td>${date(invoice.dueDate)}</td><td class="num">${money(invoice.openCents, call.currency)}</td>
          ${editable ? partCell(invoice, index) : ''}
        </tr>`,
      )}</tbody>
      <tfoot><tr>
        <th scope="row" colspan="3" class="call-part">${t('call.total')}</th>
        <td class="num" data-testid="call-total">${money(call.totalOpenCents, call.currency)}</td>
        ${editable ? html`<td></td>` : ''}
      </tr></tfoot>
    </table>
    ${editable ? html`<p class="muted">${t('call.promiseNote')}</p>` : ''}
  </section>`;
}

function partCell(invoice: CallInvoice, index: number): SafeHtml {
  return html`<td class="call-part">
    <select id="call-part-${index}" data-call-part="${invoice.invoiceId}" aria-label="${t('call.partFor', { invoice: invoice.invoiceNumber })}">
      ${CHOICES.map((choice) => html`<option value="${choice}">${t(`call.part.${choice}`)}</option>`)}
    </select>
    <input type="text" id="call-reason-${index}" data-call-reason="${invoice.invoiceId}" maxlength="2000" hidden
      aria-label="${t('call.reasonFor', { invoice: invoice.invoiceNumber })}" placeholder="${t('call.reason')}">
  </td>`;
}

/** A reason field is shown only beside an invoice the customer disputes. */
export function syncCallReasons(root: HTMLElement): void {
  for (const select of root.querySelectorAll<HTMLSelectElement>('select[data-call-part]')) {
    const reason = select.parentElement?.querySelector<HTMLInputElement>('input[data-call-reason]');
    if (reason) reason.hidden = select.value !== 'dispute';
  }
}

export type CallOutcomeBody =
  | { outcome: TaskOutcome }
  | { parts: { invoiceId: string; outcome: CallOutcome }[] };

/**
 * What to send for the outcome the caller filled in: the outcome for the whole account while no invoice has one
 * of its own, else one part per invoice (the others take the outcome below; a promise then covers each of them in
 * full). Refused here with a message and the field to focus when an invoice's own outcome lacks something.
 */
export function callOutcomeBody(
  root: HTMLElement,
  detail: TaskDetail,
  outcome: TaskOutcome,
): { body: CallOutcomeBody } | { message: string; focus: string } {
  const { call } = detail;
  const choices = [...root.querySelectorAll<HTMLSelectElement>('select[data-call-part]')];
  if (!call || choices.every((select) => select.value === 'same')) return { body: { outcome } };
  if (outcome.type === 'installments') {
    return { message: t('call.installmentsForAll'), focus: choices[0]?.id ?? 'outcome-form' };
  }
  const parts: { invoiceId: string; outcome: CallOutcome }[] = [];
  for (const invoice of call.invoices) {
    const select = choices.find((candidate) => candidate.dataset.callPart === invoice.invoiceId);
    const choice = (select?.value ?? 'same') as Choice;
    const reason = select?.parentElement?.querySelector<HTMLInputElement>('input[data-call-reason]');
    if (choice === 'dispute' && (reason?.value.trim().length ?? 0) < 3) {
      return { message: t('call.needsReason', { invoice: invoice.invoiceNumber }), focus: reason?.id ?? '' };
    }
    const own = ownOutcome(choice, reason?.value.trim() ?? '', outcome, invoice);
    if (own) parts.push({ invoiceId: invoice.invoiceId, outcome: own });
  }
  return { body: { parts } };
}

function ownOutcome(choice: Choice, reason: string, outcome: TaskOutcome, invoice: CallInvoice) {
  if (choice === 'dispute') return { type: 'dispute', disputeReason: reason, dissatisfied: false } as const;
  if (choice === 'not-reached') return { type: 'not-reached' } as const;
  if (outcome.type === 'promise') return { ...outcome, cents: invoice.openCents };
  return isCallOutcome(outcome) ? outcome : undefined;
}

const isCallOutcome = (outcome: TaskOutcome): outcome is CallOutcome =>
  !['approval', 'resolution', 'contact-corrected', 'case-closed'].includes(outcome.type);
