import type { CustomerDetail } from '../api.js';
import { html, type SafeHtml } from '../dom.js';
import { count, date, dateTime, label, lang, money, t } from '../i18n.js';
import type { ViewContext } from './context.js';
import { openAmount, statusPill } from './parts.js';
import { problemBox } from './problem.js';

type CustomerCase = CustomerDetail['openCases'][number];
type Contact = CustomerDetail['contacts'][number];

/**
 * A customer: master data, open cases with the exposure, closed cases a page at a time, promises kept and
 * broken, and the contact history of the customer's tasks in the reader's queues.
 */
export class CustomerView {
  private root: HTMLElement | undefined;
  private customerId = '';
  private detail: CustomerDetail | undefined;
  private closed: CustomerCase[] = [];
  private problem: unknown;

  constructor(private readonly context: ViewContext) {}

  async mount(container: HTMLElement, customerId: string): Promise<void> {
    this.root = document.createElement('div');
    this.root.className = 'customer-view page';
    container.replaceChildren(this.root);
    this.root.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('[data-action="closed-more"]')) void this.loadMoreClosed();
    });
    this.customerId = customerId;
    this.detail = undefined;
    this.problem = undefined;
    this.render();
    await this.load();
    this.root.querySelector<HTMLElement>('#customer-heading')?.focus();
  }

  /** Re-renders with the current language; the contact history's level names are fetched again. */
  rerender(): void {
    this.render();
    if (this.detail && this.root?.isConnected) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.detail = await this.context.api.getCustomer(this.customerId, lang());
      this.closed = this.detail.closedCases.cases;
      this.problem = undefined;
    } catch (error) {
      this.detail = undefined;
      this.problem = error;
    }
    this.render();
  }

  private async loadMoreClosed(): Promise<void> {
    const cursor = this.detail?.closedCases.nextCursor;
    if (!this.detail || !cursor) return;
    try {
      const next = await this.context.api.getCustomer(this.customerId, lang(), cursor);
      this.closed = [...this.closed, ...next.closedCases.cases];
      this.detail = { ...this.detail, closedCases: next.closedCases };
    } catch (error) {
      this.problem = error;
    }
    this.render();
  }

  private render(): void {
    const root = this.root;
    if (!root) return;
    const detail = this.detail;
    root.innerHTML = (
      detail
        ? this.body(detail)
        : html`<h2 id="customer-heading" tabindex="-1">${t('customer.heading', { name: this.customerId })}</h2>
          ${this.problem ? problemBox(this.problem, { action: 'customer' }) : html`<p>${t('app.loading')}</p>`}`
    ).value;
  }

  private body(detail: CustomerDetail): SafeHtml {
    const { customer, exposure, promises } = detail;
    return html`<p><a href="#/cases">${t('customer.backToSearch')}</a></p>
      <h2 id="customer-heading" tabindex="-1">${t('customer.heading', { name: customer.name })}</h2>
      ${this.problem ? problemBox(this.problem, { action: 'customer' }) : ''}
      <div class="detail-grid">
        <section class="card" aria-labelledby="customer-facts-heading">
          <h3 id="customer-facts-heading">${t('customer.facts')}</h3>
          <dl class="facts-list">
            <dt>${t('customer.number')}</dt><dd>${customer.id}</dd>
            <dt>${t('facts.contact')}</dt><dd>${customer.contactName ?? t('facts.none')}</dd>
            <dt>${t('facts.phone')}</dt><dd>${customer.phone ?? t('facts.none')}</dd>
            ${customer.email ? html`<dt>${t('facts.email')}</dt><dd>${customer.email}</dd>` : ''}
            <dt>${t('facts.segment')}</dt><dd>${label('segment', customer.segment)} · ${customer.consumer ? t('facts.consumer') : t('facts.business')}</dd>
            <dt>${t('facts.creditRating')}</dt><dd>${
              customer.creditRating === null
                ? t('facts.noRating')
                : t('facts.creditRatingValue', { value: customer.creditRating })
            }</dd>
            <dt>${t('facts.salesRep')}</dt><dd>${customer.salesRep ?? t('facts.none')}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="customer-exposure-heading">
          <h3 id="customer-exposure-heading">${t('customer.exposure')}</h3>
          <dl class="facts-list" data-testid="customer-exposure">
            <dt>${t('customer.openCount')}</dt><dd>${exposure.openCaseCount === null ? t('exposure.totalPending') : count(exposure.openCaseCount)}</dd>
            <dt>${t('exposure.total')}</dt><dd>${exposure.totalOpenCents === null ? t('exposure.totalPending') : money(exposure.totalOpenCents)}</dd>
            <dt>${t('customer.promisesKept')}</dt><dd>${count(promises.kept)}</dd>
            <dt>${t('customer.promisesBroken')}</dt><dd>${count(promises.broken)}</dd>
            <dt>${t('customer.promisesPending')}</dt><dd>${count(promises.pending)}</dd>
          </dl>
          ${promises.complete ? '' : html`<p class="muted">${t('customer.promisesPartial')}</p>`}
        </section>
        <section class="card wide" aria-labelledby="customer-open-heading">
          <h3 id="customer-open-heading">${t('customer.openCases')}</h3>
          ${this.casesTable(detail.openCases, 'open-cases', t('customer.noOpenCases'))}
          ${exposure.more ? html`<p class="muted">${t('customer.moreOpen', { shown: detail.openCases.length })}</p>` : ''}
        </section>
        <section class="card wide" aria-labelledby="customer-contacts-heading">
          <h3 id="customer-contacts-heading">${t('customer.contacts')}</h3>
          ${this.contactsTable(detail.contacts)}
        </section>
        <section class="card wide" aria-labelledby="customer-closed-heading">
          <h3 id="customer-closed-heading">${t('customer.closedCases')}</h3>
          ${this.casesTable(this.closed, 'closed-cases', t('customer.noClosedCases'))}
          ${
            detail.closedCases.nextCursor
              ? html`<button type="button" class="secondary" data-action="closed-more">${t('customer.moreClosed')}</button>`
              : ''
          }
        </section>
      </div>`;
  }

  private invoiceCell(invoiceId: string, invoiceNumber: string): SafeHtml | string {
    return this.context.supervisor
      ? html`<a href="#/cases/${encodeURIComponent(invoiceId)}">${invoiceNumber}</a>`
      : invoiceNumber;
  }

  private casesTable(cases: readonly CustomerCase[], testId: string, empty: string): SafeHtml {
    if (cases.length === 0) return html`<p class="muted" data-testid="${testId}">${empty}</p>`;
    return html`<table class="data" data-testid="${testId}">
      <thead><tr>
        <th scope="col">${t('exposure.invoice')}</th><th scope="col">${t('exposure.status')}</th>
        <th scope="col">${t('facts.dueDate')}</th><th scope="col" class="num">${t('amounts.paid')}</th>
        <th scope="col" class="num">${t('exposure.open')}</th><th scope="col">${t('customer.promises')}</th>
      </tr></thead>
      <tbody>${cases.map(
        (listed) => html`<tr data-invoice-id="${listed.invoiceId}">
          <td>${this.invoiceCell(listed.invoiceId, listed.invoiceNumber)}</td>
          <td>${statusPill(listed.status)}</td>
          <td class="nowrap">${date(listed.dueDate)}</td>
          <td class="num">${money(listed.paidCents)}</td>
          <td class="num">${openAmount(listed.status, listed.openCents)}</td>
          <td>${promisesCell(listed)}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  }

  private contactsTable(contacts: readonly Contact[]): SafeHtml {
    if (contacts.length === 0)
      return html`<p class="muted" data-testid="contacts">${t('customer.noContacts')}</p>`;
    return html`<table class="data" data-testid="contacts">
      <thead><tr>
        <th scope="col">${t('customer.contactOpened')}</th><th scope="col">${t('exposure.invoice')}</th>
        <th scope="col">${t('customer.contactTask')}</th><th scope="col">${t('customer.contactOutcome')}</th>
        <th scope="col">${t('field.recordedBy')}</th>
      </tr></thead>
      <tbody>${contacts.map(
        (contact) => html`<tr data-task-id="${contact.taskId}">
          <td class="nowrap">${dateTime(contact.openedAt)}</td>
          <td>${this.invoiceCell(contact.invoiceId, contact.invoiceNumber)}</td>
          <td>${
            contact.status === 'open'
              ? html`<a href="#/tasks/${encodeURIComponent(contact.taskId)}">${contact.levelName}</a>`
              : contact.levelName
          } <span class="muted">(${label('taskStatus', contact.status)})</span></td>
          <td>${outcomeText(contact)}</td>
          <td>${contact.recordedBy ?? t('facts.none')}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  }
}

function promisesCell(listed: CustomerCase): string {
  const parts = [
    [listed.promisesKept, 'promiseStatus.kept'],
    [listed.promisesBroken, 'promiseStatus.broken'],
    [listed.promisesPending, 'promiseStatus.pending'],
  ] as const;
  const said = parts.filter(([number]) => number > 0).map(([number, key]) => `${number} ${t(key)}`);
  return said.length > 0 ? said.join(', ') : t('facts.none');
}

function outcomeText(contact: Contact): string {
  const { outcome } = contact;
  if (!outcome) return t('facts.none');
  const type = label('outcomeType', outcome.type);
  if (outcome.type === 'promise') return `${type}: ${date(outcome.promisedOn)}`;
  const reason = 'reason' in outcome && outcome.reason ? ` (${label('reason', outcome.reason)})` : '';
  return `${type}${reason}`;
}
