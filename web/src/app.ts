import { Api } from './api.js';
import type { Auth } from './auth/index.js';
import { isSupervisor, type Session } from './auth/session.js';
import type { AppConfig } from './config.js';
import { followDateInputs } from './date-input.js';
import { find, html } from './dom.js';
import { type Lang, lang, setLang, t } from './i18n.js';
import { CaseView } from './views/case.js';
import type { ViewContext } from './views/context.js';
import { CustomerView } from './views/customer.js';
import { PrintView } from './views/print.js';
import { QueueView } from './views/queue.js';
import { ReportsView } from './views/reports.js';
import { renderSignIn, signInFailure } from './views/signin.js';
import { TaskView } from './views/task.js';

type Route =
  | { name: 'queue' }
  | { name: 'task'; taskId: string }
  | { name: 'case'; invoiceId: string }
  | { name: 'customer'; customerId: string }
  | { name: 'reports' }
  | { name: 'print' };

function parseRoute(hash: string, supervisor: boolean): Route {
  const path = hash.replace(/^#/, '');
  const task = /^\/tasks\/([^/]+)$/.exec(path);
  if (task?.[1]) return { name: 'task', taskId: decodeURIComponent(task[1]) };
  const customer = /^\/customers\/([^/]+)$/.exec(path);
  if (customer?.[1]) return { name: 'customer', customerId: decodeURIComponent(customer[1]) };
  // Everyone searches on the cases page; only supervisors open a case itself.
  const caseMatch = /^\/cases(?:\/([^/]+))?$/.exec(path);
  if (caseMatch) return { name: 'case', invoiceId: supervisor ? decodeURIComponent(caseMatch[1] ?? '') : '' };
  if (supervisor && path === '/reports') return { name: 'reports' };
  if (supervisor && path === '/print') return { name: 'print' };
  return { name: 'queue' };
}

interface Signed {
  session: Session;
  context: ViewContext;
  queue: QueueView;
  task: TaskView;
  cases: CaseView;
  customers: CustomerView;
  reports: ReportsView;
  print: PrintView;
  route: Route | undefined;
}

/** The page: sign-in, then a header with navigation and the view the address (#/…) names. */
export class App {
  private signed: Signed | undefined;
  private signInMessage = '';
  /** The task whose row gets the focus when the queue shows again (after Back or Escape). */
  private pendingRowFocus = '';
  private readonly header: HTMLElement;
  private readonly main: HTMLElement;
  private readonly announcer: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly config: AppConfig,
    private readonly auth: Auth,
  ) {
    root.innerHTML = html`<a class="skip-link" href="#main" data-skip>${t('app.skip')}</a>
      <header class="topbar"></header>
      <div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
      <main id="main" tabindex="-1"></main>`.value;
    this.header = find(root, 'header');
    this.main = find(root, 'main');
    this.announcer = find(root, '#announcer');
    this.bindGlobal();
  }

  async start(): Promise<void> {
    let session: Session | undefined;
    try {
      session = await this.auth.restore();
    } catch (error) {
      this.signInMessage = signInFailure(error);
    }
    if (session) this.enter(session);
    else this.showSignIn();
  }

  private showSignIn(): void {
    this.signed?.queue.unmount();
    this.signed = undefined;
    this.renderHeader();
    document.title = `${t('signin.heading')} · ${t('app.title')}`;
    renderSignIn(this.main, this.auth, this.signInMessage, (session) => {
      this.signInMessage = '';
      this.enter(session);
    });
  }

  private enter(session: Session): void {
    const api = new Api({
      baseUrl: this.config.apiBaseUrl,
      token: () => this.auth.token(),
      onUnauthorized: () => {
        if (!this.signed) return;
        this.signInMessage = t('signin.expired');
        void this.auth.signOut().then(() => this.showSignIn());
      },
    });
    const context: ViewContext = {
      api,
      config: this.config,
      session,
      supervisor: isSupervisor(session),
      announce: (message) => this.announce(message),
      navigate: (hash) => {
        location.hash = hash;
      },
    };
    const queue = new QueueView(context);
    const task = new TaskView(context, {
      queueChanged: () => void queue.refresh({ quiet: true }),
      back: (taskId) => {
        this.pendingRowFocus = taskId;
        location.hash = '#/queue';
      },
    });
    this.signed = {
      session,
      context,
      queue,
      task,
      cases: new CaseView(context),
      customers: new CustomerView(context),
      reports: new ReportsView(context),
      print: new PrintView(context),
      route: undefined,
    };
    this.main.replaceChildren();
    this.renderHeader();
    void this.route();
  }

  private renderHeader(): void {
    const signed = this.signed;
    const route = signed?.route?.name ?? '';
    const current = (name: string) =>
      route === name || (name === 'queue' && route === 'task') || (name === 'case' && route === 'customer')
        ? 'page'
        : 'false';
    const langButton = (code: Lang, text: string, name: string) =>
      html`<button type="button" class="lang-button" data-lang="${code}" lang="${code}" aria-label="${name}" aria-pressed="${lang() === code ? 'true' : 'false'}">${text}</button>`;
    this.header.innerHTML = html`<span class="brand">${t('app.title')}</span>
      ${
        signed
          ? html`<nav aria-label="${t('nav.label')}"><ul>
              <li><a href="#/queue" aria-current="${current('queue')}">${t('nav.queue')}</a></li>
              <li><a href="#/cases" aria-current="${current('case')}">${t('nav.cases')}</a></li>
              ${
                signed.context.supervisor
                  ? html`<li><a href="#/reports" aria-current="${current('reports')}">${t('nav.reports')}</a></li>
                    <li><a href="#/print" aria-current="${current('print')}">${t('nav.print')}</a></li>`
                  : ''
              }
            </ul></nav>`
          : ''
      }
      <div class="topbar-end">
        <div class="lang-switch" role="group" aria-label="${t('lang.label')}">
          ${langButton('de', 'DE', 'Deutsch')}${langButton('en', 'EN', 'English')}
        </div>
        ${
          signed
            ? html`<span class="user" data-testid="user"><span class="user-name"><span class="user-prefix">${t('user.signedInAs')} </span>${signed.session.name}</span>
                <span class="role">${signed.context.supervisor ? t('role.supervisor') : t('role.caller')}</span></span>
              <button type="button" class="secondary small" data-action="sign-out">${t('user.signOut')}</button>`
            : ''
        }
      </div>`.value;
    find(this.root, '[data-skip]').textContent = t('app.skip');
  }

  private announce(message: string): void {
    // Emptying first makes a repeated message count as a change, so it is read again.
    this.announcer.textContent = '';
    setTimeout(() => {
      this.announcer.textContent = message;
    }, 50);
  }

  private bindGlobal(): void {
    window.addEventListener('hashchange', () => void this.route());
    followDateInputs(this.root);
    this.root.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('[data-skip]')) {
        // The skip link must not become a route (#main): it moves the focus only.
        event.preventDefault();
        this.main.focus();
        return;
      }
      const langButton = target?.closest<HTMLElement>('[data-lang]');
      if (langButton) {
        this.switchLanguage(langButton.dataset.lang === 'en' ? 'en' : 'de');
        return;
      }
      if (target?.closest('[data-action="sign-out"]')) void this.signOut();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || this.signed?.route?.name !== 'task') return;
      const target = event.target;
      // Escape inside a field belongs to the field (clearing, closing a picker); elsewhere it closes the task.
      if (target instanceof HTMLElement && target.closest('input, textarea, select')) return;
      event.preventDefault();
      this.pendingRowFocus = this.signed.task.currentTaskId;
      location.hash = '#/queue';
    });
  }

  private switchLanguage(next: Lang): void {
    if (next === lang()) return;
    setLang(next);
    this.renderHeader();
    find<HTMLElement>(this.header, `[data-lang="${next}"]`).focus();
    const signed = this.signed;
    if (!signed) {
      this.showSignIn();
      return;
    }
    this.updateTitle();
    signed.queue.rerender();
    signed.task.rerender();
    signed.cases.rerender();
    if (signed.route?.name === 'customer') signed.customers.rerender();
    signed.reports.rerender();
    signed.print.rerender();
    const empty = this.main.querySelector('.detail-empty');
    if (empty) empty.innerHTML = this.emptyDetail();
  }

  private async signOut(): Promise<void> {
    this.signInMessage = '';
    this.signed?.queue.unmount();
    this.signed = undefined;
    await this.auth.signOut();
    history.replaceState(null, '', location.pathname);
    this.showSignIn();
  }

  private emptyDetail(): string {
    return html`<h2 id="detail-heading" class="visually-hidden">${t('detail.empty')}</h2><p>${t('detail.empty')}</p>`
      .value;
  }

  private updateTitle(): void {
    const route = this.signed?.route;
    const section =
      route?.name === 'reports'
        ? t('nav.reports')
        : route?.name === 'print'
          ? t('nav.print')
          : route?.name === 'case' || route?.name === 'customer'
            ? t('nav.cases')
            : t('nav.queue');
    document.title = `${section} · ${t('app.title')}`;
  }

  /** The queue and the task share one layout; the queue stays mounted while tasks are opened and closed. */
  private workLayout(signed: Signed): { work: HTMLElement; detail: HTMLElement } {
    let work = this.main.querySelector<HTMLElement>('.work');
    if (!work) {
      this.main.innerHTML = html`<div class="work">
        <section class="queue-pane" aria-labelledby="queue-heading"></section>
        <section class="detail-pane" aria-labelledby="detail-heading"></section>
      </div>`.value;
      work = find(this.main, '.work');
      signed.queue.mount(find(work, '.queue-pane'));
    }
    return { work, detail: find(work, '.detail-pane') };
  }

  private async route(): Promise<void> {
    const signed = this.signed;
    if (!signed) return;
    const previous = signed.route;
    const route = parseRoute(location.hash, signed.context.supervisor);
    signed.route = route;
    this.renderHeader();
    this.updateTitle();
    if (route.name !== 'queue' && route.name !== 'task') signed.queue.unmount();
    switch (route.name) {
      case 'queue': {
        const { work, detail } = this.workLayout(signed);
        work.classList.remove('has-selection');
        signed.queue.select('');
        detail.innerHTML = `<div class="detail-empty">${this.emptyDetail()}</div>`;
        if (this.pendingRowFocus) signed.queue.focusRow(this.pendingRowFocus);
        else if (previous && previous.name !== 'task') find(this.main, '#queue-heading').focus();
        this.pendingRowFocus = '';
        break;
      }
      case 'task': {
        const { work, detail } = this.workLayout(signed);
        work.classList.add('has-selection');
        signed.queue.select(route.taskId);
        await signed.task.show(detail, route.taskId);
        break;
      }
      case 'case':
        await signed.cases.mount(this.main, route.invoiceId);
        break;
      case 'customer':
        await signed.customers.mount(this.main, route.customerId);
        break;
      case 'reports':
        await signed.reports.mount(this.main);
        break;
      case 'print':
        await signed.print.mount(this.main);
        break;
    }
  }
}
