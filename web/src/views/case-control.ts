import type { CaseView } from '../api.js';
import { find, html, type SafeHtml } from '../dom.js';
import { date, t } from '../i18n.js';
import type { ViewContext } from './context.js';
import { problemBox } from './problem.js';

const TERMINAL = new Set(['paid', 'cancelled', 'handed-over', 'written-off']);

/** Supervisors pause a case (insolvency check, sales talks) and resume it; the reason goes on the timeline. */
export function caseControl(caseView: CaseView): SafeHtml {
  const body = (): SafeHtml => {
    if (TERMINAL.has(caseView.status)) return html`<p class="muted">${t('case.closed')}</p>`;
    if (caseView.hold) {
      return html`<p>${t('flags.hold', { since: date(caseView.hold.since), reason: caseView.hold.reason })}</p>
        <button type="button" class="primary" data-action="resume">${t('case.resume')}</button>`;
    }
    return html`<form class="hold-form" data-form="hold" novalidate>
      <p class="hint">${t('case.holdHint')}</p>
      <div class="field">
        <label for="hold-reason">${t('case.holdReason')}</label>
        <input type="text" id="hold-reason" name="reason" maxlength="500" aria-describedby="hold-reason-error">
        <p class="field-error" id="hold-reason-error" hidden></p>
      </div>
      <button type="submit" class="secondary">${t('case.hold')}</button>
    </form>`;
  };
  return html`<section class="card" aria-labelledby="case-control-heading" data-case-control="${caseView.invoiceId}">
    <h3 id="case-control-heading">${t('case.actions')}</h3>
    <div class="case-control-problem"></div>
    ${body()}
  </section>`;
}

/** Wires the hold form and resume button inside `root`; `changed` re-renders with the new case. */
export function bindCaseControl(root: HTMLElement, context: ViewContext, changed: () => Promise<void>): void {
  const section = root.querySelector<HTMLElement>('[data-case-control]');
  if (!section) return;
  const invoiceId = section.dataset.caseControl ?? '';
  const problemSlot = find(section, '.case-control-problem');
  const run = async (attempt: 'hold' | 'resume', action: () => Promise<unknown>, done: string) => {
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
  const form = section.querySelector<HTMLFormElement>('[data-form="hold"]');
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = find<HTMLInputElement>(form, '#hold-reason');
    const error = find(form, '#hold-reason-error');
    // The same rule as the API's hold schema (at least 3 characters), said before the round trip.
    if (input.value.trim().length < 3) {
      error.textContent =
        input.value.trim() === '' ? t('validation.required') : t('validation.tooShort', { min: 3 });
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    error.hidden = true;
    input.removeAttribute('aria-invalid');
    void run('hold', () => context.api.hold(invoiceId, input.value.trim()), t('case.held'));
  });
}
