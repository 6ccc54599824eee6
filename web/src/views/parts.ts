import type { CaseStatus } from '../../../functions/domain/case.js';
import { OPEN_CASE_STATUSES } from '../../../functions/domain/case-statuses.js';
import type { CaseDocuments, CaseView } from '../api.js';
import { html, type SafeHtml } from '../dom.js';
import { date, dateTime, label, money, t } from '../i18n.js';

export function amountsTable(caseView: CaseView): SafeHtml {
  const { amounts } = caseView;
  const row = (key: Parameters<typeof t>[0], cents: number, currency: string, total = false) =>
    html`<tr class="${total ? 'total' : ''}"><th scope="row">${t(key)}</th><td class="num">${money(cents, currency)}</td></tr>`;
  return html`<table class="amounts">
    <tbody>
      ${row('amounts.original', amounts.original.cents, amounts.original.currency)}
      ${amounts.credited.cents > 0 ? row('amounts.credited', amounts.credited.cents, amounts.credited.currency) : ''}
      ${row('amounts.paid', amounts.paid.cents, amounts.paid.currency)}
      ${row('amounts.principalOpen', amounts.principalOpen.cents, amounts.principalOpen.currency)}
      ${row('amounts.interestToDate', amounts.interestToDate.cents, amounts.interestToDate.currency)}
      ${row('amounts.costsOpen', amounts.costsOpen.cents, amounts.costsOpen.currency)}
      ${row('amounts.totalOpen', amounts.totalOpen.cents, amounts.totalOpen.currency, true)}
    </tbody>
  </table>
  ${
    caseView.interestLines.length > 0
      ? html`<details class="interest-lines"><summary>${t('amounts.interestLines')}</summary><ul>${caseView.interestLines.map(
          (line) =>
            html`<li>${t('amounts.interestLine', {
              from: date(line.from),
              through: date(line.through),
              rate: line.ratePercent,
            })}: ${money(line.cents, amounts.interestToDate.currency)}</li>`,
        )}</ul></details>`
      : ''
  }`;
}

export function promisesTable(caseView: CaseView): SafeHtml {
  if (caseView.promises.length === 0) return html`<p class="muted">${t('promises.none')}</p>`;
  return html`<table class="data" data-testid="promises">
    <thead><tr><th scope="col">${t('promises.date')}</th><th scope="col" class="num">${t('promises.amount')}</th><th scope="col">${t('promises.status')}</th></tr></thead>
    <tbody>${caseView.promises.map(
      (promise) => html`<tr>
        <td>${date(promise.promisedOn)}</td>
        <td class="num">${money(promise.cents, caseView.amounts.original.currency)}</td>
        <td><span class="pill pill-${promise.status}">${label('promiseStatus', promise.status)}</span></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

/** A case's letters, each with a link that opens its PDF in a new tab (a presigned, short-lived URL). */
export function documentsTable(documents: CaseDocuments['documents']): SafeHtml {
  if (documents.length === 0) return html`<p class="muted">${t('documents.none')}</p>`;
  return html`<table class="data" data-testid="documents">
    <thead><tr><th scope="col">${t('documents.kind')}</th><th scope="col">${t('documents.level')}</th><th scope="col">${t('documents.created')}</th><th scope="col" class="num">${t('documents.pages')}</th><th scope="col"></th></tr></thead>
    <tbody>${documents.map(
      (document) => html`<tr data-document-id="${document.documentId}">
        <td>${t('documents.letter')}</td>
        <td>${document.levelName}</td>
        <td>${dateTime(document.createdAt)}</td>
        <td class="num">${document.pages}</td>
        <td><a href="${document.downloadUrl}" target="_blank" rel="noopener" aria-label="${t('documents.openLabel', { level: document.levelName })}">${t('documents.open')}</a></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

export interface TimelineEntry {
  on: string;
  recordedAt: string;
  type: string;
  summary: string;
}

/** Contacts and promises are what a caller looks for first; they are marked so the eye finds them. */
const CONTACT_TYPES = new Set([
  'task-opened',
  'task-timed-out',
  'promise-recorded',
  'promise-checked',
  'installments-agreed',
  'dispute-raised',
  'dispute-resolved',
  'contact-correction-needed',
  'late-outcome',
]);

export function timelineTable(entries: readonly TimelineEntry[]): SafeHtml {
  // Newest first: the last contact matters most before the next call.
  const newestFirst = [...entries].reverse();
  return html`<table class="data timeline" data-testid="timeline">
    <thead><tr><th scope="col">${t('timeline.date')}</th><th scope="col">${t('timeline.event')}</th><th scope="col">${t('timeline.summary')}</th></tr></thead>
    <tbody>${newestFirst.map(
      (entry) => html`<tr class="${CONTACT_TYPES.has(entry.type) ? 'contact' : ''}" data-type="${entry.type}">
        <td class="nowrap">${date(entry.on)}</td>
        <td>${label('event', entry.type)}</td>
        <td>${entry.summary}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

/** Each hold on its own line with its owner: an ERP dunning block and a supervisor's hold end separately. */
const CUSTOMER_BLOCK = 'customer-block:';

/** Who holds a case, in words; a customer's block is named by its id, which the ERP knows it by. */
function holdOwnerLabel(owner: string): string {
  return owner.startsWith(CUSTOMER_BLOCK)
    ? t('holdOwner.customerBlock', { id: owner.slice(CUSTOMER_BLOCK.length) })
    : label('holdOwner', owner);
}

export function flagsList(caseView: CaseView): SafeHtml {
  const holds = (caseView.hold?.holders ?? []).map(
    (holder) =>
      html`<li data-hold-owner="${holder.owner}">${t(holder.by ? 'flags.holdBy' : 'flags.hold', {
        owner: holdOwnerLabel(holder.owner),
        by: holder.by ?? '',
        since: date(holder.since),
        reason: holder.reason,
      })}</li>`,
  );
  const flags: string[] = [];
  if (caseView.flags.limitationNear) flags.push(t('flags.limitationNear'));
  if (caseView.flags.emailUndeliverable) flags.push(t('flags.emailUndeliverable'));
  if (caseView.flags.baseRateStale) flags.push(t('flags.baseRateStale'));
  if (holds.length === 0 && flags.length === 0) return html``;
  return html`<ul class="flags">${holds}${flags.map((flag) => html`<li>${flag}</li>`)}</ul>`;
}

export function statusPill(status: string): SafeHtml {
  return html`<span class="pill pill-status-${status}">${label('caseStatus', status)}</span>`;
}

/** What is still open on a case: a closed case is not dunned any more, so it shows none (not its last figure). */
export function openAmount(status: CaseStatus, openCents: number): string {
  return OPEN_CASE_STATUSES.includes(status) ? money(openCents) : t('facts.none');
}
