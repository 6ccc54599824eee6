import type { AgingReport, PromisesReport, ReasonsReport, RecoveredReport } from '../api.js';
import { dateInput, isCalendarDate, readDate } from '../date-input.js';
import { find, html, type SafeHtml } from '../dom.js';
import { count, date, dateTime, label, money, percent, t } from '../i18n.js';
import { bar, stackedBar } from './charts.js';
import type { ViewContext } from './context.js';
import { problemBox } from './problem.js';

interface Reports {
  aging: AgingReport;
  reasons: ReasonsReport;
  promises: PromisesReport;
  recovered: RecoveredReport;
}

/** Supervisors' reports: aging buckets, reasons for non-payment, promises kept, amounts recovered. */
export class ReportsView {
  private root: HTMLElement | undefined;
  private range: { from?: string; to?: string } = {};
  private reports: Reports | undefined;
  private problem: unknown;

  constructor(private readonly context: ViewContext) {}

  async mount(container: HTMLElement): Promise<void> {
    this.root = document.createElement('div');
    this.root.className = 'reports-view page';
    container.replaceChildren(this.root);
    this.root.addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const from = this.readRangeField(form, 'report-from');
      const to = this.readRangeField(form, 'report-to');
      if (from === null || to === null) {
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      this.range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
      void this.load();
    });
    this.render();
    find(this.root, '#reports-heading').focus();
    await this.load();
  }

  rerender(): void {
    this.render();
  }

  /** A range date as 'YYYY-MM-DD', undefined when empty, null (and the field marked) when it is no date. */
  private readRangeField(form: HTMLFormElement, id: string): string | undefined | null {
    const input = find<HTMLInputElement>(form, `#${id}`);
    const error = find(form, `#${id}-error`);
    const read = readDate(input.value);
    const wrong = read !== undefined && !isCalendarDate(read);
    error.textContent = wrong ? t('validation.date') : '';
    error.hidden = !wrong;
    if (wrong) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    return wrong ? null : read;
  }

  private async load(): Promise<void> {
    try {
      const [aging, reasons, promises, recovered] = await Promise.all([
        this.context.api.agingReport(this.range),
        this.context.api.reasonsReport(this.range),
        this.context.api.promisesReport(this.range),
        this.context.api.recoveredReport(this.range),
      ]);
      this.reports = { aging, reasons, promises, recovered };
      this.problem = undefined;
    } catch (error) {
      this.problem = error;
    }
    this.render();
  }

  private render(): void {
    const root = this.root;
    if (!root) return;
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    root.innerHTML = html`<h2 id="reports-heading" tabindex="-1">${t('reports.heading')}</h2>
      <form class="filters report-range">
        <fieldset>
          <legend>${t('reports.range')}</legend>
          <div class="field inline"><label for="report-from">${t('reports.from')}</label>${dateInput('report-from', 'from', this.range.from)}<p class="field-error" id="report-from-error" hidden></p></div>
          <div class="field inline"><label for="report-to">${t('reports.to')}</label>${dateInput('report-to', 'to', this.range.to)}<p class="field-error" id="report-to-error" hidden></p></div>
          <button type="submit" class="secondary" id="report-show">${t('reports.show')}</button>
        </fieldset>
      </form>
      ${this.problem ? problemBox(this.problem, { action: 'reports' }) : ''}
      ${this.reports ? this.cards(this.reports) : html`<p class="loading">${t('app.loading')}</p>`}`.value;
    if (focusedId) root.querySelector<HTMLElement>(`#${CSS.escape(focusedId)}`)?.focus();
  }

  private cards(reports: Reports): SafeHtml {
    return html`<div class="report-grid">
      ${this.aging(reports.aging)}
      ${this.reasons(reports.reasons)}
      ${this.promises(reports.promises)}
      ${this.recovered(reports.recovered)}
    </div>`;
  }

  private aging(report: AgingReport): SafeHtml {
    const max = Math.max(0, ...report.buckets.map((bucket) => bucket.openCents));
    return html`<section class="card" aria-labelledby="aging-heading" data-testid="report-aging">
      <h3 id="aging-heading">${t('reports.aging')}</h3>
      <p class="muted">${t('reports.asOf', { date: date(report.asOf) })} · ${
        report.computedAt === null
          ? t('reports.notComputed')
          : t('reports.computedAt', { time: dateTime(report.computedAt) })
      }</p>
      <table class="data chart-table">
        <thead><tr><th scope="col">${t('reports.bucket')}</th><th scope="col" class="num">${t('reports.count')}</th><th scope="col" class="num">${t('reports.open')}</th><th scope="col" class="chart-col"><span class="visually-hidden">${t('reports.open')}</span></th></tr></thead>
        <tbody>${report.buckets.map(
          (bucket) => html`<tr>
            <th scope="row">${label('bucket', bucket.label)}</th>
            <td class="num">${count(bucket.count)}</td>
            <td class="num">${money(bucket.openCents)}</td>
            <td class="chart-col">${bar(bucket.openCents, max)}</td>
          </tr>`,
        )}</tbody>
      </table>
    </section>`;
  }

  private reasons(report: ReasonsReport): SafeHtml {
    const max = Math.max(0, ...report.reasons.map((reason) => reason.count));
    return html`<section class="card" aria-labelledby="reasons-heading" data-testid="report-reasons">
      <h3 id="reasons-heading">${t('reports.reasons')}</h3>
      <p class="muted">${t('reports.dissatisfied', { dissatisfied: count(report.dissatisfied), calls: count(report.calls) })}</p>
      ${
        report.reasons.length === 0
          ? html`<p class="muted">${t('reports.noData')}</p>`
          : html`<table class="data chart-table">
            <thead><tr><th scope="col">${t('reports.reason')}</th><th scope="col" class="num">${t('reports.count')}</th><th scope="col" class="chart-col"><span class="visually-hidden">${t('reports.count')}</span></th></tr></thead>
            <tbody>${report.reasons.map(
              (reason) => html`<tr>
                <th scope="row">${label('reason', reason.reason)}</th>
                <td class="num">${count(reason.count)}</td>
                <td class="chart-col">${bar(reason.count, max, 'accent')}</td>
              </tr>`,
            )}</tbody>
          </table>`
      }
    </section>`;
  }

  private promises(report: PromisesReport): SafeHtml {
    return html`<section class="card" aria-labelledby="promises-report-heading" data-testid="report-promises">
      <h3 id="promises-report-heading">${t('reports.promises')}</h3>
      ${
        // A rate of 0 % before any promise fell due would read as "all broken".
        report.kept + report.broken === 0
          ? html`<p class="muted">${t('reports.noneDecided')}</p>`
          : html`<p class="big-number">${t('reports.keptRate', { rate: percent(report.keptRate) })}</p>`
      }
      ${stackedBar([
        { value: report.kept, tone: 'good', label: `${t('reports.kept')}: ${count(report.kept)}` },
        { value: report.broken, tone: 'bad', label: `${t('reports.broken')}: ${count(report.broken)}` },
        {
          value: report.pending,
          tone: 'neutral',
          label: `${t('reports.pending')}: ${count(report.pending)}`,
        },
      ])}
      <table class="data">
        <tbody>
          <tr><th scope="row">${t('reports.kept')}</th><td class="num">${count(report.kept)}</td></tr>
          <tr><th scope="row">${t('reports.broken')}</th><td class="num">${count(report.broken)}</td></tr>
          <tr><th scope="row">${t('reports.pending')}</th><td class="num">${count(report.pending)}</td></tr>
        </tbody>
      </table>
    </section>`;
  }

  private recovered(report: RecoveredReport): SafeHtml {
    const max = Math.max(0, ...report.byOutcome.map((row) => row.recoveredCents));
    const outcomeLabel = (outcome: string) =>
      outcome === 'open' ? t('closing.open') : label('caseStatus', outcome);
    return html`<section class="card" aria-labelledby="recovered-heading" data-testid="report-recovered">
      <h3 id="recovered-heading">${t('reports.recovered')}</h3>
      <p class="muted">${t('reports.recoveredTotal', { amount: money(report.recoveredCents), waived: money(report.waivedCents) })}</p>
      ${
        report.byOutcome.length === 0
          ? html`<p class="muted">${t('reports.noData')}</p>`
          : html`<table class="data chart-table">
            <thead><tr><th scope="col">${t('reports.outcome')}</th><th scope="col" class="num">${t('reports.count')}</th><th scope="col" class="num">${t('reports.recoveredAmount')}</th><th scope="col" class="chart-col"><span class="visually-hidden">${t('reports.recoveredAmount')}</span></th></tr></thead>
            <tbody>${report.byOutcome.map(
              (row) => html`<tr>
                <th scope="row">${outcomeLabel(row.outcome)}</th>
                <td class="num">${count(row.cases)}</td>
                <td class="num">${money(row.recoveredCents)}</td>
                <td class="chart-col">${bar(row.recoveredCents, max, 'good')}</td>
              </tr>`,
            )}</tbody>
          </table>`
      }
    </section>`;
  }
}
