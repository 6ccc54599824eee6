import type { TaskDetail } from '../api.js';
import { find, html, type SafeHtml } from '../dom.js';
import { clock, dateTime, label, lang, t } from '../i18n.js';
import { callCard, callOutcomeBody, syncCallReasons } from './call-card.js';
import { bindCaseControl, caseControl } from './case-control.js';
import type { ViewContext } from './context.js';
import { addRate, outcomeForm, removeRate, syncSections } from './outcome-form.js';
import { clearErrors, markProblemFields, readOutcome, showIssues, validateOutcome } from './outcome-input.js';
import { amountsTable, flagsList, promisesTable, timelineTable } from './parts.js';
import { type Attempt, outcomeFieldProblems, problemBox } from './problem.js';
import { exposureCard, factsCard, outcomeSummary } from './task-sections.js';

export interface TaskViewHooks {
  /** Something changed the queue (claim, release, outcome): refresh it. */
  queueChanged(): void;
  /** Back to the list, focus on this task's row. */
  back(taskId: string): void;
}

/** The task in detail: everything to have at hand before dialling, the claim, and the outcome form. */
export class TaskView {
  private root: HTMLElement | undefined;
  private taskId = '';
  private detail: TaskDetail | undefined;
  /** What went wrong last: loading the task, claiming or releasing it. */
  private problem: { error: unknown; attempt: Attempt } | undefined;
  private notice = '';
  private sequence = 0;
  private watchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly context: ViewContext,
    private readonly hooks: TaskViewHooks,
  ) {}

  get currentTaskId(): string {
    return this.taskId;
  }

  async show(container: HTMLElement, taskId: string): Promise<void> {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.root = document.createElement('div');
    this.root.className = 'task-view';
    this.bind(this.root);
    container.replaceChildren(this.root);
    if (taskId !== this.taskId) {
      this.detail = undefined;
      this.notice = '';
    }
    this.taskId = taskId;
    this.problem = undefined;
    this.render();
    await this.load();
    find(this.root, '#detail-heading').focus({ preventScroll: false });
  }

  /** Re-renders with the current language; a shown task is fetched again for its talking points. */
  rerender(): void {
    this.render();
    if (this.detail && this.root?.isConnected) void this.load();
  }

  private async load(): Promise<void> {
    const sequence = ++this.sequence;
    try {
      const detail = await this.context.api.getTask(this.taskId, lang());
      // A slower answer for a task the person has already left must not replace the newer one.
      if (sequence !== this.sequence) return;
      this.detail = detail;
      this.problem = undefined;
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.problem = { error, attempt: { action: 'task' } };
    }
    this.render();
  }

  private render(): void {
    const root = this.root;
    if (!root) return;
    // Keep the focus where it was across the re-render (same element id), so keyboard users do not lose place.
    const focusedId = root.contains(document.activeElement) ? document.activeElement?.id : undefined;
    root.innerHTML = this.markup().value;
    const form = root.querySelector<HTMLFormElement>('#outcome-form');
    if (form) syncSections(form);
    bindCaseControl(root, this.context, () => this.load());
    if (focusedId)
      root.querySelector<HTMLElement>(`#${CSS.escape(focusedId)}`)?.focus({ preventScroll: true });
  }

  private markup(): SafeHtml {
    const detail = this.detail;
    if (!detail) {
      return this.problem
        ? html`<h2 id="detail-heading" tabindex="-1" class="visually-hidden">${t('detail.empty')}</h2>${problemBox(this.problem.error, this.problem.attempt)}`
        : html`<h2 id="detail-heading" tabindex="-1" class="loading">${t('app.loading')}</h2>`;
    }
    const { task, customer, talkingPoints, timeline } = detail;
    const caseView = detail.case;
    return html`
      <div class="detail-head">
        <button type="button" class="link back" data-action="back">← ${t('detail.back')}</button>
        <h2 id="detail-heading" tabindex="-1">${customer.name}</h2>
        <p class="detail-sub">
          <span class="pill kind-${task.kind}">${label('kind', task.kind)}</span>
          <span>${task.levelName}</span>
          <span>${task.invoiceNumber}</span>
          <span>${label('queueName', task.queue)}</span>
          <span>${t('detail.attempt', { attempt: task.attempt })}</span>
          <span>${t('detail.dueBy', { time: dateTime(task.dueAt) })}</span>
          <span>${t('detail.status', { status: label('taskStatus', task.status) })}</span>
        </p>
        ${this.claimBar(detail)}
        ${this.notice ? html`<p class="notice" id="task-notice" tabindex="-1">${this.notice}</p>` : ''}
        ${this.problem ? problemBox(this.problem.error, this.problem.attempt) : ''}
        ${flagsList(caseView)}
      </div>
      <div class="detail-grid">
        ${factsCard(detail)}
        <section class="card" aria-labelledby="amounts-heading">
          <h3 id="amounts-heading">${t('amounts.heading')}</h3>
          ${amountsTable(caseView)}
        </section>
        ${exposureCard(detail, this.context.supervisor)}
        <section class="card wide" aria-labelledby="points-heading">
          <h3 id="points-heading">${t('points.heading')}</h3>
          <ul class="points">${talkingPoints.map((point) => html`<li>${point}</li>`)}</ul>
        </section>
        <section class="card wide" aria-labelledby="promises-heading">
          <h3 id="promises-heading">${t('promises.heading')}</h3>
          ${promisesTable(caseView)}
        </section>
        ${callCard(detail, this.editable(detail))}
        <section class="card wide outcome-card" aria-labelledby="outcome-heading">
          <h3 id="outcome-heading">${t('outcome.heading')}</h3>
          ${this.outcomePart(detail)}
        </section>
        ${this.context.supervisor ? html`<div class="wide">${caseControl(caseView)}</div>` : ''}
        <section class="card wide" aria-labelledby="timeline-heading">
          <h3 id="timeline-heading">${t('timeline.heading')}</h3>
          ${timelineTable(timeline)}
        </section>
      </div>`;
  }

  private claimBar(detail: TaskDetail): SafeHtml {
    const { task } = detail;
    const reload = html`<button type="button" class="secondary" data-action="reload">${t('detail.reload')}</button>`;
    const customerLink = html`<a class="button secondary" href="#/customers/${encodeURIComponent(task.customerId)}">${t('detail.viewCustomer')}</a>`;
    const caseLink = html`${
      this.context.supervisor
        ? html`<a class="button secondary" href="#/cases/${encodeURIComponent(task.invoiceId)}">${t('detail.viewCase')}</a>`
        : ''
    }${customerLink}`;
    if (task.status !== 'open') return html`<div class="claim-bar">${reload}${caseLink}</div>`;
    const until = task.claimExpiresAt ? clock(task.claimExpiresAt) : '';
    let text: string;
    let button: SafeHtml;
    if (task.claimedBy === null) {
      text = t('detail.claimHint');
      button = html`<button type="button" class="primary" data-action="claim" id="claim-button">${t('detail.claim')}</button>`;
    } else if (task.claimedBy === this.context.session.subject) {
      text = t('detail.claimedByYou', { time: until });
      button = html`<button type="button" class="secondary" data-action="release" id="release-button">${t('detail.release')}</button>`;
    } else {
      text = t('detail.claimedByOther', { who: task.claimedBy, time: until });
      // Supervisors may take a claim back from someone who left it (the API allows them to).
      button = this.context.supervisor
        ? html`<button type="button" class="secondary" data-action="release" id="release-button">${t('detail.release')}</button>`
        : html``;
    }
    return html`<div class="claim-bar" data-testid="claim-bar"><p>${text}</p>${button}${reload}${caseLink}</div>`;
  }

  /** The caller holds the open task and may record its outcome. */
  private editable({ task }: TaskDetail): boolean {
    return task.status === 'open' && !task.outcome && task.claimedBy === this.context.session.subject;
  }

  private outcomePart(detail: TaskDetail): SafeHtml {
    const { task } = detail;
    if (task.status !== 'open' || task.outcome) {
      return html`${outcomeSummary(detail)}${
        this.watchTimer ? html`<p class="muted" aria-live="polite">${t('outcome.waiting')}</p>` : ''
      }`;
    }
    if (task.claimedBy !== this.context.session.subject)
      return html`<p class="muted">${t('outcome.needsClaim')}</p>`;
    return outcomeForm(detail);
  }

  private bind(root: HTMLElement): void {
    root.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const focusLink = target?.closest<HTMLElement>('[data-focus]');
      if (focusLink) {
        // Error-summary links move focus to their field without touching the route in the address bar.
        event.preventDefault();
        const field = root.querySelector<HTMLElement>(`#${CSS.escape(focusLink.dataset.focus ?? '')}`);
        const focusable = field?.matches('input, select, textarea')
          ? field
          : field?.querySelector<HTMLElement>('input, select, textarea');
        (focusable ?? field)?.focus();
        return;
      }
      const action = target?.closest<HTMLElement>('[data-action]')?.dataset.action;
      const form = root.querySelector<HTMLFormElement>('#outcome-form');
      switch (action) {
        case 'back':
          this.hooks.back(this.taskId);
          break;
        case 'reload':
          void this.load();
          break;
        case 'claim':
          void this.claim(true);
          break;
        case 'release':
          void this.claim(false);
          break;
        case 'add-rate':
          if (form) addRate(form);
          break;
        case 'remove-rate': {
          const button = target?.closest<HTMLElement>('[data-action]');
          if (form && button) removeRate(form, button);
          break;
        }
        default:
          break;
      }
    });
    root.addEventListener('change', (event) => {
      const form = root.querySelector<HTMLFormElement>('#outcome-form');
      if (form && event.target instanceof HTMLInputElement && event.target.name === 'type')
        syncSections(form);
      if (event.target instanceof HTMLSelectElement && event.target.dataset.callPart) syncCallReasons(root);
    });
    root.addEventListener('submit', (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.id !== 'outcome-form') return;
      event.preventDefault();
      void this.submit(form);
    });
  }

  private async claim(claim: boolean): Promise<void> {
    const root = this.root;
    if (!root) return;
    this.notice = '';
    try {
      if (claim) await this.context.api.claim(this.taskId);
      else await this.context.api.release(this.taskId);
      this.hooks.queueChanged();
      await this.load();
      // After claiming, the next thing to do is the outcome; after releasing, the claim button is back.
      const next = claim
        ? root.querySelector<HTMLElement>(
            '#outcome-type-first, #outcome-decision-first, #outcome-resolution-first',
          )
        : root.querySelector<HTMLElement>('#claim-button');
      next?.focus();
      const until = this.detail?.task.claimExpiresAt;
      this.context.announce(
        claim ? t('detail.claimedByYou', { time: until ? clock(until) : '' }) : t('detail.claimHint'),
      );
    } catch (error) {
      this.problem = { error, attempt: { action: claim ? 'claim' : 'release' } };
      this.render();
      root.querySelector<HTMLElement>('.problem')?.focus();
    }
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    clearErrors(form);
    const validation = validateOutcome(readOutcome(form));
    if (!validation.ok) {
      showIssues(form, validation.issues);
      return;
    }
    const call =
      this.detail && this.root ? callOutcomeBody(this.root, this.detail, validation.outcome) : undefined;
    if (call && 'message' in call) {
      const slot = find(form, '#outcome-problem');
      slot.innerHTML = html`<p class="problem" role="alert" tabindex="-1">${call.message}</p>`.value;
      this.root?.querySelector<HTMLElement>(`#${CSS.escape(call.focus)}`)?.focus();
      return;
    }
    const button = find<HTMLButtonElement>(form, '#outcome-submit');
    button.disabled = true;
    button.textContent = t('outcome.saving');
    const before = this.detail?.timeline.length ?? 0;
    try {
      if (call && 'parts' in call.body) await this.context.api.recordCallOutcome(this.taskId, call.body);
      else await this.context.api.recordOutcome(this.taskId, validation.outcome);
    } catch (error) {
      button.disabled = false;
      button.textContent = t('outcome.submit');
      const attempt: Attempt = { action: 'outcome', outcomeType: validation.outcome.type };
      const slot = find(form, '#outcome-problem');
      slot.innerHTML = problemBox(error, attempt, 'outcome-problem-box').value;
      markProblemFields(form, outcomeFieldProblems(error, attempt));
      find(slot, '.problem').focus();
      return;
    }
    this.notice = t('outcome.saved');
    this.context.announce(this.notice);
    this.hooks.queueChanged();
    this.watch(before, 8);
    await this.load();
    this.root?.querySelector<HTMLElement>('#task-notice')?.focus();
  }

  /**
   * The workflow records the outcome's effects (promise on the timeline, confirmation letter) a moment after
   * the API accepted it; the detail is fetched again a few times so the caller sees them appear.
   */
  private watch(timelineLengthBefore: number, triesLeft: number): void {
    const taskId = this.taskId;
    this.watchTimer = setTimeout(async () => {
      this.watchTimer = undefined;
      if (taskId !== this.taskId || !this.root?.isConnected) return;
      const settled =
        (this.detail?.timeline.length ?? 0) > timelineLengthBefore && this.detail?.task.status !== 'open';
      if (settled || triesLeft <= 0) {
        this.render();
        return;
      }
      this.watch(timelineLengthBefore, triesLeft - 1);
      await this.load();
    }, 1_000);
  }
}
