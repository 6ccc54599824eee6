import type { CaseDetail, CaseDocuments } from '../api.js';
import { find, html, type SafeHtml } from '../dom.js';
import { date, label, lang, t } from '../i18n.js';
import { bindCaseActions, caseActions } from './case-actions.js';
import { bindCaseControl, caseControl } from './case-control.js';
import { type CaseFileState, caseFileSection, loadCaseFile } from './case-file.js';
import type { ViewContext } from './context.js';
import {
  amountsTable,
  documentsTable,
  flagsList,
  promisesTable,
  statusPill,
  timelineTable,
} from './parts.js';
import { problemBox } from './problem.js';
import { SearchPanel } from './search.js';

/**
 * The "Fälle" page: the search for everyone; for supervisors also a case looked up by invoice id, to read it
 * and hold, resume or restart its dunning.
 */
export class CaseView {
  private root: HTMLElement | undefined;
  private invoiceId = '';
  private detail: CaseDetail | undefined;
  /** The case's letters; a failed listing leaves the rest of the case readable. */
  private documents: CaseDocuments['documents'] = [];
  private problem: unknown;
  private readonly search: SearchPanel;
  private caseFile: CaseFileState = { kind: 'none' };

  constructor(private readonly context: ViewContext) {
    this.search = new SearchPanel(context, () => this.render());
  }

  async mount(container: HTMLElement, invoiceId: string): Promise<void> {
    this.root = document.createElement('div');
    this.root.className = 'case-view page';
    container.replaceChildren(this.root);
    this.search.bind(this.root);
    this.root.addEventListener('submit', (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.id !== 'case-lookup') return;
      event.preventDefault();
      const value = find<HTMLInputElement>(form, '#case-invoice-id').value.trim();
      if (value) this.context.navigate(`#/cases/${encodeURIComponent(value)}`);
    });
    this.invoiceId = invoiceId;
    this.detail = undefined;
    this.problem = undefined;
    this.render();
    if (invoiceId) await this.load();
    find(this.root, invoiceId ? '#case-heading' : '#search-q').focus();
  }

  /** Re-renders with the current language; a shown case is fetched again for its timeline. */
  rerender(): void {
    this.render();
    if (this.detail && this.root?.isConnected) void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [detail, documents] = await Promise.all([
        this.context.api.getCase(this.invoiceId, lang()),
        this.context.api.getDocuments(this.invoiceId, lang()).catch(() => undefined),
      ]);
      this.detail = detail;
      this.documents = documents?.documents ?? [];
      this.problem = undefined;
      this.caseFile = await loadCaseFile(this.context.api, this.detail);
    } catch (error) {
      this.detail = undefined;
      this.problem = error;
    }
    this.render();
  }

  private render(): void {
    const root = this.root;
    if (!root) return;
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    root.innerHTML = html`${this.search.html()}
      ${this.context.supervisor ? this.lookup() : ''}
      ${this.body()}`.value;
    bindCaseControl(root, this.context, () => this.load());
    bindCaseActions(root, this.context, () => this.load());
    if (focusedId) root.querySelector<HTMLElement>(`#${CSS.escape(focusedId)}`)?.focus();
  }

  private lookup(): SafeHtml {
    return html`<h2 id="case-lookup-heading">${t('case.lookupHeading')}</h2>
      <form class="filters" id="case-lookup" role="search" aria-labelledby="case-lookup-heading">
        <div class="field inline">
          <label for="case-invoice-id">${t('case.invoiceId')}</label>
          <input type="text" id="case-invoice-id" name="invoiceId" value="${this.invoiceId}" autocomplete="off" spellcheck="false">
        </div>
        <button type="submit" class="secondary">${t('case.open')}</button>
      </form>`;
  }

  private body(): SafeHtml {
    const detail = this.detail;
    if (!detail) {
      return this.invoiceId
        ? html`<h2 id="case-heading" tabindex="-1">${t('case.heading', { invoice: this.invoiceId })}</h2>
          ${this.problem ? problemBox(this.problem, { action: 'case' }) : ''}`
        : html``;
    }
    const { customer, timeline } = detail;
    const caseView = detail.case;
    return html`<h2 id="case-heading" tabindex="-1">${t('case.heading', { invoice: caseView.invoiceNumber })} ${statusPill(caseView.status)}</h2>
      ${flagsList(caseView)}
      <div class="detail-grid">
        <section class="card" aria-labelledby="case-customer-heading">
          <h3 id="case-customer-heading">${t('case.customer')}</h3>
          <dl class="facts-list">
            <dt>${t('case.customerName')}</dt><dd>${customer.name} · <a href="#/customers/${encodeURIComponent(customer.id)}">${t('case.viewCustomer')}</a></dd>
            <dt>${t('facts.contact')}</dt><dd>${customer.contactName ?? t('facts.none')}</dd>
            <dt>${t('facts.phone')}</dt><dd>${customer.phone ?? t('facts.none')}</dd>
            <dt>${t('facts.email')}</dt><dd>${customer.email ?? t('facts.none')}</dd>
            <dt>${t('facts.segment')}</dt><dd>${label('segment', customer.segment)}</dd>
            <dt>${t('facts.creditRating')}</dt><dd>${
              customer.creditRating === null
                ? t('facts.noRating')
                : t('facts.creditRatingValue', { value: customer.creditRating })
            }</dd>
            <dt>${t('facts.orderNumber')}</dt><dd>${caseView.orderNumber ?? t('facts.none')}</dd>
            <dt>${t('facts.dueDate')}</dt><dd>${date(caseView.dueDate)}</dd>
            <dt>${t('facts.nextLevel')}</dt><dd>${caseView.nextLevelName ?? t('facts.none')}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="case-amounts-heading">
          <h3 id="case-amounts-heading">${t('amounts.heading')}</h3>
          ${amountsTable(caseView)}
        </section>
        <div class="wide">${caseControl(caseView)}</div>
        ${caseActions(caseView).value ? html`<div class="wide">${caseActions(caseView)}</div>` : ''}
        ${caseFileSection(this.caseFile)}
        <section class="card wide" aria-labelledby="case-promises-heading">
          <h3 id="case-promises-heading">${t('promises.heading')}</h3>
          ${promisesTable(caseView)}
        </section>
        <section class="card wide" aria-labelledby="case-documents-heading">
          <h3 id="case-documents-heading">${t('documents.heading')}</h3>
          ${documentsTable(this.documents)}
        </section>
        <section class="card wide" aria-labelledby="case-timeline-heading">
          <h3 id="case-timeline-heading">${t('timeline.heading')}</h3>
          ${timelineTable(timeline)}
        </section>
      </div>`;
  }
}
