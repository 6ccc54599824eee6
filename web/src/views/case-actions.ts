import type { CaseView } from '../api.js';
import { find, html, type SafeHtml } from '../dom.js';
import { t } from '../i18n.js';
import { reasonOf } from './case-control.js';
import type { ViewContext } from './context.js';
import { problemBox } from './problem.js';

const TERMINAL = new Set(['paid', 'cancelled', 'handed-over', 'written-off']);
const TONES = ['friendly', 'neutral', 'firm'] as const;

type Action = 'dispute' | 'tone' | 'writeOff';

/** The reason field every action asks for: it goes on the timeline with the supervisor's name. */
function reasonField(id: string, labelKey: Parameters<typeof t>[0], multiline = false): SafeHtml {
  const control = multiline
    ? html`<textarea id="${id}" name="reason" rows="2" maxlength="2000" aria-describedby="${id}-error"></textarea>`
    : html`<input type="text" id="${id}" name="reason" maxlength="500" aria-describedby="${id}-error">`;
  return html`<div class="field">
      <label for="${id}">${t(labelKey)}</label>
      ${control}
      <p class="field-error" id="${id}-error" hidden></p>
    </div>`;
}

function disputeForm(): SafeHtml {
  return html`<form class="reason-form" data-form="dispute" novalidate>
      <p class="hint">${t('case.disputeHint')}</p>
      ${reasonField('dispute-reason', 'case.disputeReason', true)}
      <div class="field">
        <label for="dispute-note">${t('case.disputeNote')}</label>
        <input type="text" id="dispute-note" name="note" maxlength="2000">
      </div>
      <button type="submit" class="secondary">${t('case.dispute')}</button>
    </form>`;
}

function toneForm(caseView: CaseView): SafeHtml {
  const current = caseView.toneOverride ?? '';
  return html`<form class="reason-form" data-form="tone" novalidate>
      <p class="hint">${t('case.toneHint')} <span data-testid="tone-current">${t('case.toneCurrent', { tone: t(`tone.${caseView.tone}`) })}</span></p>
      <div class="field">
        <label for="tone-choice">${t('case.tone')}</label>
        <select id="tone-choice" name="tone">
          <option value="" ${current === '' ? 'selected' : ''}>${t('case.toneSegment')}</option>
          ${TONES.map((tone) => html`<option value="${tone}" ${current === tone ? 'selected' : ''}>${t(`tone.${tone}`)}</option>`)}
        </select>
      </div>
      ${reasonField('tone-reason', 'case.toneReason')}
      <button type="submit" class="secondary">${t('case.toneSave')}</button>
    </form>`;
}

function writeOffForm(): SafeHtml {
  return html`<form class="reason-form" data-form="writeOff" novalidate>
      <p class="hint">${t('case.writeOffHint')}</p>
      <div class="field">
        <label for="write-off-scope">${t('case.writeOffScope')}</label>
        <select id="write-off-scope" name="scope">
          <option value="all">${t('case.writeOffScope.all')}</option>
          <option value="rest">${t('case.writeOffScope.rest')}</option>
        </select>
      </div>
      ${reasonField('write-off-reason', 'case.writeOffReason')}
      <button type="submit" class="secondary">${t('case.writeOff')}</button>
    </form>`;
}

/**
 * A supervisor's decisions on an open case beside holding it: record a dispute the customer raised outside a
 * call, set the tone of the case's next letters, write the claim off. A closed case offers none of them.
 */
export function caseActions(caseView: CaseView): SafeHtml {
  if (TERMINAL.has(caseView.status)) return html``;
  return html`<section class="card" aria-labelledby="case-actions-heading" data-case-actions="${caseView.invoiceId}">
    <h3 id="case-actions-heading">${t('case.more')}</h3>
    <div class="case-actions-problem"></div>
    <div class="case-control-parts">
      ${caseView.status === 'disputed' ? '' : html`<div class="case-control-part">${disputeForm()}</div>`}
      <div class="case-control-part">${toneForm(caseView)}</div>
      <div class="case-control-part">${writeOffForm()}</div>
    </div>
  </section>`;
}

const fieldValue = (form: HTMLFormElement, name: string) =>
  find<HTMLInputElement | HTMLSelectElement>(form, `[name="${name}"]`).value.trim();

/** What each form sends, and what the page announces once it went through. */
function requests(context: ViewContext, invoiceId: string) {
  const tone = (value: string) => TONES.find((known) => known === value) ?? null;
  return {
    dispute: {
      done: t('case.disputed'),
      send: (form: HTMLFormElement, reason: string) => {
        const note = fieldValue(form, 'note');
        return context.api.dispute(invoiceId, note ? { reason, note } : { reason });
      },
    },
    tone: {
      done: t('case.toneSaved'),
      send: (form: HTMLFormElement, reason: string) =>
        context.api.setTone(invoiceId, { tone: tone(fieldValue(form, 'tone')), reason }),
    },
    writeOff: {
      done: t('case.writtenOff'),
      send: (form: HTMLFormElement, reason: string) =>
        context.api.writeOff(invoiceId, {
          scope: fieldValue(form, 'scope') === 'rest' ? 'rest' : 'all',
          reason,
        }),
    },
  } satisfies Record<
    Action,
    { done: string; send: (form: HTMLFormElement, reason: string) => Promise<unknown> }
  >;
}

/** Wires the forms inside `root`; `changed` re-renders the case with its new timeline. */
export function bindCaseActions(root: HTMLElement, context: ViewContext, changed: () => Promise<void>): void {
  const section = root.querySelector<HTMLElement>('[data-case-actions]');
  if (!section) return;
  const problemSlot = find(section, '.case-actions-problem');
  const actions = requests(context, section.dataset.caseActions ?? '');
  for (const action of ['dispute', 'tone', 'writeOff'] as const) {
    const form = section.querySelector<HTMLFormElement>(`[data-form="${action}"]`);
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      const reason = reasonOf(form);
      if (reason === undefined) return;
      problemSlot.replaceChildren();
      void actions[action]
        .send(form, reason)
        .then(async () => {
          context.announce(actions[action].done);
          await changed();
        })
        .catch((error: unknown) => {
          problemSlot.innerHTML = problemBox(error, { action }).value;
          problemSlot.querySelector<HTMLElement>('.problem')?.focus();
        });
    });
  }
}
