import type { TaskDetail } from '../api.js';
import { html, type SafeHtml } from '../dom.js';
import { count, date, dateTime, label, money, t } from '../i18n.js';
import { statusPill } from './parts.js';

/** The parts of a task's page that only show what the API sent: the facts before dialling, the customer's
 * other open invoices, and an outcome already recorded. */

function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function factsCard(detail: TaskDetail): SafeHtml {
  const { task, customer } = detail;
  const caseView = detail.case;
  return html`
  <section class="card facts wide" aria-labelledby="facts-heading">
    <h3 id="facts-heading">${t(task.kind === 'call' ? 'facts.heading' : 'facts.headingCase')}</h3>
    <p class="phone" data-testid="phone">${
      customer.phone
        ? html`<a href="${telHref(customer.phone)}">${customer.phone}</a>`
        : html`<span class="muted">${t('facts.noPhone')}</span>`
    }</p>
    <dl class="facts-list two-up">
      <dt>${t('facts.contact')}</dt><dd>${customer.contactName ?? t('facts.none')}</dd>
      ${customer.email ? html`<dt>${t('facts.email')}</dt><dd>${customer.email}</dd>` : ''}
      <dt>${t('facts.segment')}</dt><dd>${label('segment', customer.segment)} · ${customer.consumer ? t('facts.consumer') : t('facts.business')}</dd>
      <dt>${t('facts.creditRating')}</dt><dd data-testid="credit-rating">${
        customer.creditRating === null
          ? t('facts.noRating')
          : t('facts.creditRatingValue', { value: customer.creditRating })
      }</dd>
      <dt>${t('facts.salesRep')}</dt><dd>${customer.salesRep ?? t('facts.none')}${
        task.salesRepInvolved ? html`<br><span class="tag-warn">${t('facts.involveSales')}</span>` : ''
      }</dd>
      <dt>${t('facts.invoiceNumber')}</dt><dd>${caseView.invoiceNumber}</dd>
      <dt>${t('facts.orderNumber')}</dt><dd data-testid="order-number">${caseView.orderNumber ?? t('facts.none')}</dd>
      <dt>${t('facts.issueDate')}</dt><dd>${date(caseView.issueDate)}</dd>
      <dt>${t('facts.dueDate')}</dt><dd>${date(caseView.dueDate)}</dd>
      <dt>${t('facts.daysOverdue')}</dt><dd>${count(task.daysOverdue)}</dd>
      <dt>${t('facts.defaultSince')}</dt><dd>${
        caseView.defaultStart
          ? `${date(caseView.defaultStart.date)} (${caseView.defaultStart.legalReference})`
          : t('facts.none')
      }</dd>
      <dt>${t('facts.caseStatus')}</dt><dd>${statusPill(caseView.status)}</dd>
      <dt>${t('facts.levelsDone')}</dt><dd>${
        caseView.levelsDone.length > 0
          ? caseView.levelsDone.map((level) => `${level.levelName} (${date(level.on)})`).join(', ')
          : t('facts.none')
      }</dd>
    </dl>
  </section>`;
}

export function exposureCard(detail: TaskDetail, supervisor: boolean): SafeHtml {
  const { task, exposure } = detail;
  const caseView = detail.case;
  return html`
  <section class="card" aria-labelledby="exposure-heading">
    <h3 id="exposure-heading">${t('exposure.heading')}</h3>
    <table class="data" data-testid="exposure">
      <thead><tr><th scope="col">${t('exposure.invoice')}</th><th scope="col">${t('exposure.status')}</th><th scope="col" class="num">${t('exposure.open')}</th></tr></thead>
      <tbody>${exposure.openCases.map(
        (other) => html`<tr>
          <td>${
            supervisor
              ? html`<a href="#/cases/${encodeURIComponent(other.invoiceId)}">${other.invoiceNumber}</a>`
              : other.invoiceNumber
          }${other.invoiceId === caseView.invoiceId ? html` <span class="muted">(${t('exposure.thisInvoice')})</span>` : ''}</td>
          <td>${statusPill(other.status)}</td>
          <td class="num">${money(other.openCents, task.currency)}</td>
        </tr>`,
      )}</tbody>
      <tfoot><tr><th scope="row" colspan="2">${t('exposure.total')}</th><td class="num">${
        exposure.totalOpenCents === null
          ? t('exposure.totalPending')
          : money(exposure.totalOpenCents, task.currency)
      }</td></tr></tfoot>
    </table>${exposureNote(exposure)}
  </section>`;
}

/** A customer with more open invoices than listed: how many in all, and as of when they were counted. */
function exposureNote(exposure: TaskDetail['exposure']): SafeHtml | string {
  if (!exposure.more) return '';
  const shown = exposure.openCases.length;
  return html`<p class="muted" data-testid="exposure-more">${
    exposure.openCaseCount === null || exposure.totalsAsOf === null
      ? t('exposure.moreUncounted', { shown })
      : t('exposure.more', { shown, total: exposure.openCaseCount, asOf: dateTime(exposure.totalsAsOf) })
  }</p>`;
}

export function outcomeSummary(detail: TaskDetail): SafeHtml {
  const { outcome } = detail.task;
  if (!outcome) return html``;
  const currency = detail.task.currency;
  const facts: [string, string][] = [];
  switch (outcome.type) {
    case 'paid':
      facts.push([t('field.paidOn'), date(outcome.paidOn)]);
      break;
    case 'promise':
      facts.push(
        [t('field.promisedOn'), date(outcome.promisedOn)],
        [t('field.cents'), money(outcome.cents, currency)],
      );
      break;
    case 'installments':
      outcome.rates.forEach((rate, index) => {
        facts.push([
          t('field.rate', { n: index + 1 }),
          `${date(rate.dueDate)}: ${money(rate.cents, currency)}`,
        ]);
      });
      break;
    case 'dispute':
      facts.push([t('field.disputeReason'), outcome.disputeReason]);
      break;
    case 'callback':
      facts.push([t('field.callbackAt'), dateTime(outcome.callbackAt)]);
      break;
    case 'approval':
      facts.push([
        t('field.decision'),
        outcome.decision === 'approve' ? t('field.approve') : t('field.reject'),
      ]);
      break;
    case 'resolution':
      facts.push([
        t('field.resolution'),
        outcome.resolution === 'upheld' ? t('field.upheld') : t('field.rejected'),
      ]);
      break;
    default:
      break;
  }
  if ('reason' in outcome && outcome.reason) facts.push([t('field.reason'), label('reason', outcome.reason)]);
  if ('notes' in outcome && outcome.notes) facts.push([t('field.notes'), outcome.notes]);
  if (detail.task.recordedBy) facts.push([t('field.recordedBy'), detail.task.recordedBy]);
  return html`<div class="recorded" data-testid="recorded-outcome">
    <p><strong>${t('outcome.recorded')}:</strong> ${label('outcomeType', outcome.type)}</p>
    ${facts.length > 0 ? html`<dl class="facts-list">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>` : ''}
  </div>`;
}
