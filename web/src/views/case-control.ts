import type { CaseView } from '../api.js';
import { find, html, type SafeHtml } from '../dom.js';
import { t } from '../i18n.js';
import type { ViewContext } from './context.js';
import { problemBox } from './problem.js';

const TERMINAL = new Set(['paid', 'cancelled', 'handed-over', 'written-off']);

type ReasonAction = 'hold' | 'restart';

/** Hold and restart both ask why; the reason goes on the timeline with the supervisor's name. */
function reasonForm(action: ReasonAction, hint: string): SafeHtml {
  return html`<form class="reason-form" data-form="${action}" novalidate>
      <p class="hint">${hint}</p>
      <div class="field">
        <label for="${action}-reason">${t(`case.${action}Reason`)}</label>
        <input type="text" id="${action}-reason" name="reason" maxlength="500" aria-describedby="${action}-reason-error">
        <p class="field-error" id="${action}-reason-error" hidden></p>
      </div>
      <button type="submit" class="secondary">${t(`case.${action}`)}</button>
    </form>`;
}

/**
 * A supervisor lifts only the supervisor's own hold: with an ERP dunning block alone there is nothing to
 * resume here (the ERP lifts its block), but the supervisor may hold the case as well.
 */
function holdPart(caseView: CaseView): SafeHtml {
  const owners = new Set(caseView.hold?.holders.map((holder) => holder.owner));
  if (owners.has('supervisor')) {
    return html`<div class="case-control-part">
      ${owners.has('erp') ? html`<p class="hint">${t('case.resumeKeepsErpBlock')}</p>` : ''}
      <button type="button" class="primary" data-action="resume">${t('case.resume')}</button>
    </div>`;
  }
  return html`<div class="case-control-part">
    ${owners.has('erp') ? html`<p>${t('case.erpBlockOnly')}</p>` : ''}
    ${reasonForm('hold', t('case.holdHint'))}
  </div>`;
}

/**
 * Supervisors pause a case (insolvency check, sales talks) and resume it, and restart one whose automatic
 * dunning stopped. Whether a restart is needed only the server knows (it refuses while an execution runs),
 * so it is offered for every case that is not closed.
 */
export function caseControl(caseView: CaseView): SafeHtml {
  const body = TERMINAL.has(caseView.status)
    ? html`<p class="muted">${t('case.closed')}</p>`
    : html`<div class="case-control-parts">
        ${holdPart(caseView)}
        <div class="case-control-part">${reasonForm('restart', t('case.restartHint'))}</div>
      </div>`;
  return html`<section class="card" aria-labelledby="case-control-heading" data-case-control="${caseView.invoiceId}">
    <h3 id="case-control-heading">${t('case.actions')}</h3>
    <div class="case-control-problem"></div>
    ${body}
  </section>`;
}

/** The reason typed into `form`, or undefined after saying at the field what is wrong with it. */
export function reasonOf(form: HTMLFormElement): string | undefined {
  const input = find<HTMLInputElement | HTMLTextAreaElement>(form, '[name="reason"]');
  const error = find(form, '.field-error');
  const reason = input.value.trim();
  // The same rule as the API's schema (at least 3 characters), said before the round trip.
  if (reason.length < 3) {
    error.textContent = reason === '' ? t('validation.required') : t('validation.tooShort', { min: 3 });
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return undefined;
  }
  error.hidden = true;
  input.removeAttribute('aria-invalid');
  return reason;
}

/** Wires the hold and restart forms and the resume button inside `root`; `changed` re-renders the case. */
export function bindCaseControl(root: HTMLElement, context: ViewContext, changed: () => Promise<void>): void {
  const section = root.querySelector<HTMLElement>('[data-case-control]');
  if (!section) return;
  const invoiceId = section.dataset.caseControl ?? '';
  const problemSlot = find(section, '.case-control-problem');
  const run = async (
    attempt: 'hold' | 'resume' | 'restart',
    action: () => Promise<unknown>,
    done: string,
  ) => {
    problemSlot.replaceChildren();
    try {
      await action();
      context.announce(done);
      await changed();
    } catch (error) {
      problemSlot.innerHTML = problemBox(error, { action: attempt }).value;
      problemSlot.querySelector<HTMLElement>('.problem')?.focus();
    }
  };
  section.querySelector('[data-action="resume"]')?.addEventListener('click', () => {
    void run('resume', () => context.api.resume(invoiceId), t('case.resumed'));
  });
  const actions: Record<ReasonAction, { call: (reason: string) => Promise<unknown>; done: string }> = {
    hold: { call: (reason) => context.api.hold(invoiceId, reason), done: t('case.held') },
    restart: { call: (reason) => context.api.restart(invoiceId, reason), done: t('case.restarted') },
  };
  for (const attempt of ['hold', 'restart'] as const) {
    const { call, done } = actions[attempt];
    const form = section.querySelector<HTMLFormElement>(`[data-form="${attempt}"]`);
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      const reason = reasonOf(form);
      if (reason !== undefined) void run(attempt, () => call(reason), done);
    });
  }
}
