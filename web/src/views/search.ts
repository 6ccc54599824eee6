import type { SearchKind } from '../../../functions/domain/search-terms.js';
import type { SearchResult } from '../api.js';
import { find, html, type SafeHtml } from '../dom.js';
import { date, label, t } from '../i18n.js';
import type { ViewContext } from './context.js';
import { openAmount, statusPill } from './parts.js';
import { problemBox } from './problem.js';

const KINDS: readonly SearchKind[] = ['name', 'customer', 'invoice'];

/**
 * The search on the "Fälle" page: a customer name prefix, a customer number or an invoice number, answered a
 * page at a time. Each hit leads to the customer's page, and for supervisors to the case.
 */
export class SearchPanel {
  private q = '';
  private kind: SearchKind | '' = '';
  private result: SearchResult | undefined;
  private problem: unknown;
  private loading = false;

  constructor(
    private readonly context: ViewContext,
    private readonly changed: () => void,
  ) {}

  html(): SafeHtml {
    const option = (value: SearchKind | '', text: string) =>
      html`<option value="${value}" ${this.kind === value ? 'selected' : ''}>${text}</option>`;
    return html`<section class="search" aria-labelledby="search-heading">
      <h2 id="search-heading">${t('search.heading')}</h2>
      <form class="filters" id="customer-search" role="search" aria-labelledby="search-heading">
        <div class="field inline">
          <label for="search-q">${t('search.q')}</label>
          <input type="text" inputmode="search" enterkeyhint="search" id="search-q" name="q" value="${this.q}" autocomplete="off" spellcheck="false" minlength="2" maxlength="100" aria-describedby="search-hint">
        </div>
        <div class="field inline">
          <label for="search-kind">${t('search.kind')}</label>
          <select id="search-kind" name="kind">
            ${option('', t('search.kind.auto'))}${KINDS.map((kind) => option(kind, t(`search.kind.${kind}`)))}
          </select>
        </div>
        <button type="submit" class="primary">${t('search.submit')}</button>
      </form>
      <p class="muted" id="search-hint">${t('search.hint')}</p>
      ${this.problem ? problemBox(this.problem, { action: 'search' }) : ''}
      ${this.resultsTable()}
    </section>`;
  }

  /** Listens on the page's root, which keeps its listeners while its content is rendered anew. */
  bind(root: HTMLElement): void {
    root.addEventListener('submit', (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.id !== 'customer-search') return;
      event.preventDefault();
      this.q = find<HTMLInputElement>(form, '#search-q').value.trim();
      const kind = find<HTMLSelectElement>(form, '#search-kind').value;
      this.kind = KINDS.find((known) => known === kind) ?? '';
      void this.run();
    });
    root.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('[data-action="search-more"]')) void this.run(this.result?.nextCursor ?? undefined);
    });
  }

  private async run(cursor?: string): Promise<void> {
    if (this.loading || this.q.length === 0) return;
    this.loading = true;
    try {
      // A later page continues the kind the first page was answered by.
      const kind = cursor ? (this.result?.kind ?? undefined) : this.kind || undefined;
      const page = await this.context.api.search({ q: this.q, kind, cursor });
      const earlier = cursor ? (this.result?.results ?? []) : [];
      this.result = { ...page, results: [...earlier, ...page.results] };
      this.problem = undefined;
      this.context.announce(t('search.found', { count: this.result.results.length }));
    } catch (error) {
      this.problem = error;
      if (!cursor) this.result = undefined;
    } finally {
      this.loading = false;
    }
    this.changed();
  }

  private resultsTable(): SafeHtml | string {
    const result = this.result;
    if (!result) return '';
    if (result.results.length === 0) return html`<p data-testid="search-empty">${t('search.none')}</p>`;
    const supervisor = this.context.supervisor;
    return html`<table class="data" data-testid="search-results">
      <caption>${t('search.caption', { kind: result.kind ? label('search.by', result.kind) : '' })}</caption>
      <thead><tr>
        <th scope="col">${t('search.colCustomer')}</th>
        <th scope="col">${t('search.colInvoice')}</th>
        <th scope="col">${t('search.colStatus')}</th>
        <th scope="col">${t('facts.dueDate')}</th>
        <th scope="col" class="num">${t('search.colOpen')}</th>
      </tr></thead>
      <tbody>${result.results.map(
        (hit) => html`<tr data-invoice-id="${hit.invoiceId}">
          <td><a href="#/customers/${encodeURIComponent(hit.customerId)}">${hit.customerName}</a> <span class="muted">${hit.customerId}</span></td>
          <td>${
            supervisor
              ? html`<a href="#/cases/${encodeURIComponent(hit.invoiceId)}">${hit.invoiceNumber}</a>`
              : hit.invoiceNumber
          }</td>
          <td>${statusPill(hit.status)}</td>
          <td class="nowrap">${date(hit.dueDate)}</td>
          <td class="num">${openAmount(hit.status, hit.openCents)}</td>
        </tr>`,
      )}</tbody>
    </table>
    ${
      result.nextCursor
        ? html`<button type="button" class="secondary" data-action="search-more">${t('search.more')}</button>`
        : ''
    }`;
  }
}
