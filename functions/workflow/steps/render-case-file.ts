import { CaseFileError, type InkassoCaseFile } from '../../domain/case-file.js';
import { handoverBlockedBecause } from '../../domain/handover.js';
import type * as z from '../../domain/zod.js';
import { currentCaseFile } from '../case-file.js';
import type { handoverInputSchema } from '../contracts/next-step.js';
import type { CaseFileDocuments, WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

export type RenderCaseFilePdf = (file: InkassoCaseFile) => Promise<Uint8Array>;

/** What the render step did; the state machine discards it (ResultPath null) and goes on to Handover. */
export type RenderCaseFileResult = { rendered: true } | { rendered: false; because: string };

/**
 * render-case-file, right before Handover: stores the § 13a RDG case file as PDF and JSON, so the handover's
 * event can link both. A case the handover will not hand over (blocked, or its file incomplete) gets nothing:
 * Handover records why. A file already stored from this version of the case is not stored again (the bucket
 * is versioned and locked, so every put is kept for ten years), which makes a retried step harmless.
 */
export async function renderCaseFile(
  deps: WorkflowDeps,
  documents: CaseFileDocuments,
  renderPdf: RenderCaseFilePdf,
  { invoiceId }: z.infer<typeof handoverInputSchema>,
): Promise<RenderCaseFileResult> {
  const { service, today, now } = stepScope(deps);
  const dunningCase = await service.load(invoiceId);
  const blocked = handoverBlockedBecause(dunningCase, today);
  if (blocked) return { rendered: false, because: blocked.code };
  let file: InkassoCaseFile;
  try {
    file = await currentCaseFile(deps, documents, dunningCase, today, now);
  } catch (error) {
    if (error instanceof CaseFileError) return { rendered: false, because: 'incomplete' };
    throw error;
  }
  const stored = await documents.stored(invoiceId);
  if (stored?.caseVersion === dunningCase.version) return { rendered: false, because: 'stored' };
  await documents.store(invoiceId, { file, caseVersion: dunningCase.version }, await renderPdf(file));
  return { rendered: true };
}
