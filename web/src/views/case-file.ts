import type { CaseFileLinks } from '../../../functions/domain/events.js';
import type { Api, CaseDetail } from '../api.js';
import { html, type SafeHtml } from '../dom.js';
import { t } from '../i18n.js';

/** The handed-over case file's links on the case page: none before a handover, or missing when not stored. */
export type CaseFileState = { kind: 'none' } | { kind: 'missing' } | { kind: 'links'; links: CaseFileLinks };

/** Asks for fresh links once a case is handed over; a handover without stored files says so instead. */
export async function loadCaseFile(api: Api, detail: CaseDetail): Promise<CaseFileState> {
  if (detail.case.status !== 'handed-over') return { kind: 'none' };
  try {
    return { kind: 'links', links: await api.caseFileLinks(detail.case.invoiceId) };
  } catch {
    return { kind: 'missing' };
  }
}

export function caseFileSection(state: CaseFileState): SafeHtml {
  if (state.kind === 'none') return html``;
  const body =
    state.kind === 'missing'
      ? html`<p class="hint">${t('case.caseFileMissing')}</p>`
      : html`<p class="actions">
          <a id="case-file-pdf" href="${state.links.pdfUrl}" target="_blank" rel="noopener noreferrer">${t('case.caseFilePdf')}</a>
          <a id="case-file-json" href="${state.links.jsonUrl}" target="_blank" rel="noopener noreferrer">${t('case.caseFileJson')}</a>
        </p>
        <p class="hint">${t('case.caseFileHint')}</p>`;
  return html`<section class="card wide" aria-labelledby="case-file-heading">
      <h3 id="case-file-heading">${t('case.caseFile')}</h3>
      ${body}
    </section>`;
}
