import { ApiProblem, type PrintBatch } from '../api.js';
import { dateInput, isCalendarDate, readDate } from '../date-input.js';
import { find, html, type SafeHtml } from '../dom.js';
import { count, date, t } from '../i18n.js';
import type { ViewContext } from './context.js';
import { explanation, problemBox } from './problem.js';

/** Today in Berlin as 'YYYY-MM-DD': the business runs there, wherever the browser is. */
function berlinToday(): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** What the API said about a confirmation, in the page's words and naming the date field. */
function postedExplanation(error: unknown, batch: PrintBatch): string {
  if (error instanceof ApiProblem && error.status === 409) return t('problem.batchAssembling');
  const field =
    error instanceof ApiProblem ? error.errors.find((entry) => entry.path === 'body.postedOn') : undefined;
  if (!field) return explanation(error, { action: 'posted' });
  if (/before the batch date/.test(field.message))
    return t('problem.postedBeforeBatch', { date: date(batch.date) });
  if (/after today/.test(field.message)) return t('problem.postedInFuture');
  return t('problem.postedRefused');
}

/**
 * Supervisors' page "Druck": the daily print batches, their PDF and mailing list, and the confirmation that
 * a batch was posted (from that day on its letters count as sent).
 */
export class PrintView {
  private root: HTMLElement | undefined;
  private batches: PrintBatch[] | undefined;
  private problem: unknown;
  /** Per batch: the refused confirmation, the file that did not open, and what was typed into its date field. */
  private readonly postedProblems = new Map<string, unknown>();
  private readonly fileProblems = new Map<string, unknown>();
  private readonly typed = new Map<string, string>();

  constructor(private readonly context: ViewContext) {}

  async mount(container: HTMLElement): Promise<void> {
    this.root = document.createElement('div');
    this.root.className = 'print-view page';
    container.replaceChildren(this.root);
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      if (form instanceof HTMLFormElement && form.dataset.batchId)
        void this.confirm(form, form.dataset.batchId);
    });
    this.root.addEventListener('input', (event) => {
      const input = event.target;
      const batchId = input instanceof HTMLInputElement ? input.closest('form')?.dataset.batchId : undefined;
      if (batchId && input instanceof HTMLInputElement) this.typed.set(batchId, input.value);
    });
    this.root.addEventListener('click', (event) => {
      const button =
        event.target instanceof Element ? event.target.closest<HTMLElement>('[data-open-file]') : null;
      const batchId = button?.closest('tr')?.dataset.batchId;
      if (button && batchId)
        void this.openFile(batchId, button.dataset.openFile === 'pdf' ? 'pdf' : 'manifest');
    });
    this.render();
    find(this.root, '#print-heading').focus();
    await this.load();
  }

  rerender(): void {
    this.render();
  }

  private async load(): Promise<void> {
    try {
      this.batches = (await this.context.api.listPrintBatches()).batches;
      this.problem = undefined;
    } catch (error) {
      this.problem = error;
    }
    this.render();
  }

  private async confirm(form: HTMLFormElement, batchId: string): Promise<void> {
    const batch = this.batches?.find((entry) => entry.batchId === batchId);
    const input = find<HTMLInputElement>(form, 'input[data-date]');
    const error = find(form, '.field-error');
    const postedOn = readDate(input.value);
    const wrong = !isCalendarDate(postedOn);
    error.textContent = wrong ? t('validation.date') : '';
    error.hidden = !wrong;
    if (wrong || !batch) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    find<HTMLButtonElement>(form, 'button[type="submit"]').disabled = true;
    try {
      const posted = await this.context.api.confirmPosted(batchId, postedOn);
      this.batches = this.batches?.map((entry) => (entry.batchId === batchId ? posted : entry));
      this.postedProblems.delete(batchId);
      this.typed.delete(batchId);
      this.render();
      this.context.announce(t('print.confirmed', { date: date(batch.date), postedOn: date(postedOn) }));
      this.root
        ?.querySelector<HTMLElement>(`tr[data-batch-id="${CSS.escape(batchId)}"] .print-status`)
        ?.focus();
    } catch (refused) {
      this.postedProblems.set(batchId, refused);
      this.render();
      this.root?.querySelector<HTMLElement>(`#posted-problem-${CSS.escape(batchId)}`)?.focus();
    }
  }

  /**
   * The API answers a file with a 303 to a short-lived link, which a browser cannot follow with the bearer
   * token; the page asks for fresh links instead. The tab is opened before the request, while the click still
   * counts as the person's: one opened after the answer would be blocked as a pop-up.
   */
  private async openFile(batchId: string, file: 'pdf' | 'manifest'): Promise<void> {
    const tab = window.open('', '_blank');
    try {
      const { files } = await this.context.api.getPrintBatch(batchId);
      if (!files)
        throw new ApiProblem(409, 'Conflict', `print batch ${batchId} is still being assembled`, []);
      const url = file === 'pdf' ? files.pdfUrl : files.manifestUrl;
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else window.location.assign(url);
      if (this.fileProblems.delete(batchId)) this.render();
    } catch (error) {
      tab?.close();
      this.fileProblems.set(batchId, error);
      this.render();
    }
  }

  private render(): void {
    const root = this.root;
    if (!root) return;
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    root.innerHTML = html`<h2 id="print-heading" tabindex="-1">${t('print.heading')}</h2>
      <p class="muted print-intro">${t('print.intro')}</p>
      ${this.problem ? problemBox(this.problem, { action: 'print' }) : ''}
      ${this.body()}`.value;
    if (focusedId) root.querySelector<HTMLElement>(`#${CSS.escape(focusedId)}`)?.focus();
  }

  private body(): SafeHtml {
    if (!this.batches) return this.problem ? html`` : html`<p class="loading">${t('app.loading')}</p>`;
    if (this.batches.length === 0) return html`<p class="muted">${t('print.none')}</p>`;
    const today = berlinToday();
    return html`<table class="data print-batches" data-testid="print-batches">
      <caption class="visually-hidden">${t('print.caption')}</caption>
      <thead><tr>
        <th scope="col">${t('print.colDate')}</th><th scope="col">${t('print.colBatch')}</th>
        <th scope="col" class="num">${t('print.colLetters')}</th><th scope="col" class="num">${t('print.colPages')}</th>
        <th scope="col">${t('print.colStatus')}</th><th scope="col">${t('print.colFiles')}</th><th scope="col">${t('print.colPosting')}</th>
      </tr></thead>
      <tbody>${this.batches.map((batch) => this.row(batch, today))}</tbody>
    </table>`;
  }

  private row(batch: PrintBatch, today: string): SafeHtml {
    return html`<tr data-batch-id="${batch.batchId}">
      <td class="nowrap">${date(batch.date)}</td>
      <td class="nowrap">${batch.batchId}</td>
      <td class="num">${count(batch.letterCount)}</td>
      <td class="num">${count(batch.pageCount)}</td>
      <td>${this.status(batch, today)}</td>
      <td>${this.files(batch)}</td>
      <td>${batch.status === 'ready' ? this.postedForm(batch, today) : ''}</td>
    </tr>`;
  }

  private status(batch: PrintBatch, today: string): SafeHtml {
    const text =
      batch.status === 'posted'
        ? t('print.status.posted', {
            date: batch.postedOn ? date(batch.postedOn) : '',
            name:
              !batch.postedBy || batch.postedBy === 'print service'
                ? t('print.byPrintService')
                : batch.postedBy,
          })
        : t(`print.status.${batch.status}`);
    // The server counts the confirmation days with the creditor's holidays; the page only compares dates.
    const dueOn = batch.status === 'ready' ? batch.confirmationDueOn : undefined;
    return html`<span class="print-status" tabindex="-1">${text}</span>${
      dueOn !== undefined && today > dueOn
        ? html` <br><span class="tag-warn" data-testid="print-overdue">${t('print.overdue', { date: date(dueOn) })}</span>`
        : ''
    }`;
  }

  private files(batch: PrintBatch): SafeHtml {
    if (batch.status === 'assembling') return html``;
    const on = date(batch.date);
    const problem = this.fileProblems.get(batch.batchId);
    return html`<div class="print-files">
        <button type="button" class="link" data-open-file="pdf" aria-label="${t('print.pdfLabel', { date: on })}">${t('print.pdf')}</button>
        <button type="button" class="link" data-open-file="manifest" aria-label="${t('print.manifestLabel', { date: on })}">${t('print.manifest')}</button>
      </div>
      ${problem ? problemBox(problem, { action: 'printFile' }) : ''}`;
  }

  private postedForm(batch: PrintBatch, today: string): SafeHtml {
    const id = `posted-on-${batch.batchId}`;
    const problem = this.postedProblems.get(batch.batchId);
    return html`<form class="posted-form" data-batch-id="${batch.batchId}" novalidate>
        <div class="field">
          <label for="${id}">${t('print.postedOn')}</label>
          ${dateInput(id, 'postedOn', this.typed.get(batch.batchId) ?? today)}
          <p class="field-error" id="${id}-error" hidden></p>
        </div>
        <button type="submit" class="primary small" aria-label="${t('print.confirmLabel', { date: date(batch.date) })}">${t('print.confirm')}</button>
      </form>
      ${
        problem
          ? html`<div class="problem" role="alert" tabindex="-1" id="posted-problem-${batch.batchId}" data-testid="problem">
              <p class="problem-heading">${t('problem.failed.posted')}</p>
              <p class="problem-detail">${postedExplanation(problem, batch)}</p>
            </div>`
          : ''
      }`;
  }
}
