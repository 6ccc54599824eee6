import type { TaskKind } from '../../../functions/domain/outcomes.js';
import type { TaskSummary } from '../api.js';
import { queuesFor } from '../config.js';
import { find, findAll, html, type SafeHtml } from '../dom.js';
import { clock, count, label, lang, money, t, time } from '../i18n.js';
import type { ViewContext } from './context.js';
import { problemBox } from './problem.js';

const PAGE_SIZE = 25;
const MAX_PAGE = 100;
const AUTO_REFRESH_MS = 20_000;
const FILTER_KEY = 'mahnwesen.queueFilter';
const KINDS: readonly TaskKind[] = ['call', 'approval', 'dispute', 'data-correction'];

interface Filter {
  queue: string;
  kind: TaskKind | '';
}

function storedFilter(): Filter {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}');
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const kind = KINDS.find((candidate) => candidate === record.kind) ?? '';
    return { queue: typeof record.queue === 'string' ? record.queue : '', kind };
  } catch {
    return { queue: '', kind: '' };
  }
}

/**
 * The prioritised queue. It refreshes itself every 20 seconds and on demand without losing the person's
 * place: the filter stays, the selected row stays marked, the scroll position and the focused row survive.
 */
export class QueueView {
  private root: HTMLElement | undefined;
  private tasks: TaskSummary[] = [];
  private nextCursor: string | null = null;
  private loadedAt: Date | undefined;
  private problem: unknown;
  private loaded = false;
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private filter: Filter = storedFilter();
  private selected = '';

  constructor(private readonly context: ViewContext) {
    const queues = this.queues();
    if (this.filter.queue && !queues.includes(this.filter.queue)) this.filter.queue = '';
  }

  private queues(): string[] {
    return queuesFor(this.context.config, this.context.session.groups);
  }

  mount(container: HTMLElement): void {
    this.root = document.createElement('div');
    this.root.className = 'queue-view';
    container.replaceChildren(this.root);
    this.root.innerHTML = this.skeleton().value;
    this.bind(this.root);
    this.renderRows();
    if (!this.loaded) void this.refresh();
    else void this.refresh({ quiet: true });
    this.startTimer();
  }

  unmount(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.root = undefined;
  }

  /** Re-renders in the current language from what is loaded, then loads the level names in it. */
  rerender(): void {
    if (!this.root) return;
    this.root.innerHTML = this.skeleton().value;
    this.renderRows();
    // After a load already under way, which asked in the previous language.
    void (this.inFlight ?? Promise.resolve()).then(() => this.refresh({ quiet: true }));
  }

  select(taskId: string): void {
    this.selected = taskId;
    if (!this.root) return;
    for (const row of findAll<HTMLTableRowElement>(this.root, 'tbody tr[data-task-id]')) {
      const isSelected = row.dataset.taskId === taskId;
      row.classList.toggle('selected', isSelected);
      const link = row.querySelector('a');
      if (isSelected) link?.setAttribute('aria-current', 'true');
      else link?.removeAttribute('aria-current');
    }
  }

  focusRow(taskId: string): void {
    const link = this.root?.querySelector<HTMLElement>(`tr[data-task-id="${CSS.escape(taskId)}"] a`);
    if (link) link.focus();
    else this.root?.querySelector<HTMLElement>('#queue-heading')?.focus();
  }

  private startTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      // Nobody looks at a hidden tab; it catches up when it becomes visible again.
      if (document.visibilityState === 'visible') void this.refresh({ quiet: true });
    }, AUTO_REFRESH_MS);
  }

  private skeleton(): SafeHtml {
    const queues = this.queues();
    return html`<div class="queue-head">
      <h2 id="queue-heading" tabindex="-1">${t('queue.heading')}</h2>
      <form class="filters" id="queue-filters" aria-label="${t('queue.filters')}">
        <div class="field inline">
          <label for="filter-queue">${t('queue.queue')}</label>
          <select id="filter-queue" name="queue">
            <option value="">${t('queue.allQueues')}</option>
            ${queues.map(
              (queue) =>
                html`<option value="${queue}" ${queue === this.filter.queue ? 'selected' : ''}>${label('queueName', queue)}</option>`,
            )}
          </select>
        </div>
        <div class="field inline">
          <label for="filter-kind">${t('queue.kind')}</label>
          <select id="filter-kind" name="kind">
            <option value="">${t('queue.allKinds')}</option>
            ${KINDS.map(
              (kind) =>
                html`<option value="${kind}" ${kind === this.filter.kind ? 'selected' : ''}>${label('kind', kind)}</option>`,
            )}
          </select>
        </div>
        <button type="button" class="secondary" data-action="refresh" id="queue-refresh">${t('queue.refresh')}</button>
      </form>
      <p class="queue-status muted" id="queue-status"></p>
    </div>
    <div class="queue-problem"></div>
    <div class="queue-scroll" id="queue-scroll">
      <table class="queue-table" data-testid="queue">
        <caption class="visually-hidden">${t('queue.caption')}</caption>
        <thead><tr>
          <th scope="col" class="num">${t('queue.colRank')}</th>
          <th scope="col">${t('queue.colCustomer')}</th>
          <th scope="col" class="num">${t('queue.colAmount')}</th>
          <th scope="col" class="num">${t('queue.colOverdue')}</th>
          <th scope="col" class="claim-col">${t('queue.colClaim')}</th>
        </tr></thead>
        <tbody></tbody>
      </table>
      <p class="queue-empty muted" hidden>${t('queue.empty')}</p>
      <button type="button" class="secondary more" data-action="more" hidden>${t('queue.more')}</button>
    </div>`;
  }

  private claimText(task: TaskSummary): SafeHtml {
    if (!task.claimedBy) return html`<span class="claim free">${t('claim.free')}</span>`;
    const until = task.claimExpiresAt ? clock(task.claimExpiresAt) : '';
    return task.claimedBy === this.context.session.subject
      ? html`<span class="claim mine">${t('claim.mine', { time: until })}</span>`
      : html`<span class="claim other" title="${task.claimedBy}">${t('claim.other', { time: until })}</span>`;
  }

  private row(task: TaskSummary, index: number): SafeHtml {
    const isSelected = task.taskId === this.selected;
    return html`<tr data-task-id="${task.taskId}" class="${isSelected ? 'selected' : ''}">
      <td class="num rank">${index + 1}</td>
      <td class="customer">
        <a href="#/tasks/${encodeURIComponent(task.taskId)}" ${isSelected ? html`aria-current="true"` : ''}>${task.customerName}</a>
        <span class="invoice">${task.invoiceNumber}
          <span class="pill kind-${task.kind}">${label('kind', task.kind)}</span>
          <span class="level">${task.levelName}</span>
          ${
            task.salesRepInvolved
              ? html`<span class="pill warn"><span aria-hidden="true">${t('queue.sales')}</span><span class="visually-hidden">${t('facts.involveSales')}</span></span>`
              : ''
          }
        </span>
      </td>
      <td class="num amount">${money(task.openCents, task.currency)}</td>
      <td class="num">${count(task.daysOverdue)}</td>
      <td class="claim-col">${this.claimText(task)}</td>
    </tr>`;
  }

  private renderRows(): void {
    const root = this.root;
    if (!root) return;
    const scroller = find(root, '#queue-scroll');
    const scrollTop = scroller.scrollTop;
    const windowScroll = window.scrollY;
    const focusedTask = document.activeElement?.closest<HTMLElement>('tr[data-task-id]')?.dataset.taskId;

    find(root, 'tbody').innerHTML = html`${this.tasks.map((task, index) => this.row(task, index))}`.value;
    find(root, '.queue-empty').hidden = !this.loaded || this.tasks.length > 0;
    find(root, '[data-action="more"]').hidden = this.nextCursor === null;
    find(root, '#queue-status').textContent = this.loadedAt
      ? t(this.tasks.length === 1 ? 'queue.statusOne' : 'queue.status', {
          time: time(this.loadedAt),
          count: count(this.tasks.length),
        })
      : t('app.loading');
    const problemSlot = find(root, '.queue-problem');
    problemSlot.innerHTML = this.problem ? problemBox(this.problem, { action: 'tasks' }).value : '';

    scroller.scrollTop = scrollTop;
    if (window.scrollY !== windowScroll) window.scrollTo({ top: windowScroll });
    if (focusedTask) {
      root
        .querySelector<HTMLElement>(`tr[data-task-id="${CSS.escape(focusedTask)}"] a`)
        ?.focus({ preventScroll: true });
    }
  }

  /**
   * Loads the first page again, as many rows as were shown (up to the API's maximum), so a refresh does not
   * shrink a list the person has paged through.
   */
  refresh(options: { quiet?: boolean } = {}): Promise<void> {
    // A refresh asked for by the person (filter change, button) must see the current filter: it waits for the
    // running one and goes again; an automatic one is satisfied by the running one.
    if (this.inFlight) return options.quiet ? this.inFlight : this.inFlight.then(() => this.refresh(options));
    this.inFlight = (async () => {
      try {
        const page = await this.context.api.listTasks(
          {
            queue: this.filter.queue || undefined,
            kind: this.filter.kind || undefined,
            limit: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.tasks.length)),
          },
          lang(),
        );
        this.tasks = page.tasks;
        this.nextCursor = page.nextCursor;
        this.loadedAt = new Date();
        this.problem = undefined;
        this.loaded = true;
      } catch (error) {
        this.problem = error;
      } finally {
        this.inFlight = undefined;
      }
      this.renderRows();
      const status = this.root?.querySelector('#queue-status')?.textContent;
      if (!options.quiet && status) this.context.announce(status);
    })();
    return this.inFlight;
  }

  private async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    try {
      const page = await this.context.api.listTasks(
        {
          queue: this.filter.queue || undefined,
          kind: this.filter.kind || undefined,
          limit: PAGE_SIZE,
          cursor: this.nextCursor,
        },
        lang(),
      );
      const known = new Set(this.tasks.map((task) => task.taskId));
      this.tasks = [...this.tasks, ...page.tasks.filter((task) => !known.has(task.taskId))];
      this.nextCursor = page.nextCursor;
      this.problem = undefined;
    } catch (error) {
      this.problem = error;
    }
    this.renderRows();
  }

  private bind(root: HTMLElement): void {
    root.addEventListener('change', (event) => {
      const target = event.target;
      if (!(target instanceof HTMLSelectElement)) return;
      if (target.name === 'queue') this.filter.queue = target.value;
      if (target.name === 'kind') this.filter.kind = KINDS.find((kind) => kind === target.value) ?? '';
      try {
        sessionStorage.setItem(FILTER_KEY, JSON.stringify(this.filter));
      } catch {
        // The filter still applies; it is only not remembered for the next visit.
      }
      this.tasks = [];
      this.nextCursor = null;
      void this.refresh();
    });
    root.addEventListener('submit', (event) => event.preventDefault());
    root.addEventListener('click', (event) => {
      const action =
        event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]') : null;
      if (action?.dataset.action === 'refresh') void this.refresh();
      if (action?.dataset.action === 'more') void this.loadMore();
    });
    // Arrow keys walk the rows, Home/End jump; Enter opens the focused task (it is a link).
    root.addEventListener('keydown', (event) => {
      const row = event.target instanceof Element ? event.target.closest('tr[data-task-id]') : null;
      if (!row) return;
      const rows = findAll<HTMLTableRowElement>(root, 'tbody tr[data-task-id]');
      const index = rows.indexOf(row as HTMLTableRowElement);
      const targets: Record<string, number> = {
        ArrowDown: index + 1,
        ArrowUp: index - 1,
        Home: 0,
        End: rows.length - 1,
      };
      const next = targets[event.key];
      if (next === undefined) return;
      const link = rows[Math.max(0, Math.min(rows.length - 1, next))]?.querySelector<HTMLElement>('a');
      if (!link) return;
      event.preventDefault();
      link.focus();
    });
  }
}
