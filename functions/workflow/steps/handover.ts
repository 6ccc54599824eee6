import { berlinDateOf } from '../../domain/calendar.js';
import { CaseFileError } from '../../domain/case-file.js';
import { handoverBlockedBecause } from '../../domain/handover.js';
import type * as z from '../../domain/zod.js';
import { currentCaseFile } from '../case-file.js';
import type { handoverInputSchema, NextStep } from '../contracts/next-step.js';
import { outboundEvent } from '../outbound.js';
import type { CaseFileDocuments, WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/**
 * How often Handover sends the execution back through RenderCaseFile because the case changed after the file
 * was rendered (a payment in between): more than that means something keeps changing it, and a person looks.
 */
export const MAX_CASE_FILE_RENDERS = 3;

export class CaseFileNotRenderedError extends Error {
  constructor(invoiceId: string) {
    super(`the case file of ${invoiceId} is not stored as it stands after ${MAX_CASE_FILE_RENDERS} renders`);
    this.name = 'Dunning.CaseFileNotRendered';
  }
}

/**
 * handover: gate, § 13a RDG case file, event with links to the file RenderCaseFile stored just before; blocked
 * cases go to their dispute or a hold, time-barred ones to people.
 */
export async function handover(
  deps: WorkflowDeps,
  documents: CaseFileDocuments,
  { invoiceId, next }: z.infer<typeof handoverInputSchema>,
): Promise<NextStep> {
  const { service, clock, context, today, now, nextStep } = stepScope(deps);
  const dunningCase = await service.load(invoiceId);
  const blocked = handoverBlockedBecause(dunningCase, today);
  if (blocked) {
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'handover-blocked',
        summary: `handover blocked: ${blocked.text}`,
        data: { block: blocked.code, status: blocked.status, limitationDate: blocked.limitationDate ?? null },
      },
    ]);
    // Time does not cure limitation: automatic dunning ends and the case stays open for people to decide.
    if (blocked.code === 'time-barred')
      return { route: 'close', at: now, waitUntil: clock.toEngine(now), attempt: 1, later: false };
    return nextStep(dunningCase, { levelIndex: next.levelIndex });
  }
  try {
    // Built again only to learn whether it is complete: RenderCaseFile stores nothing for an incomplete file.
    await currentCaseFile(deps, documents, dunningCase, today, now);
  } catch (error) {
    if (!(error instanceof CaseFileError)) throw error;
    const changed = await service.change(invoiceId, () => ({
      event: {
        type: 'hold-set',
        on: today,
        reason: `Inkasso case file incomplete: ${error.problems.join('; ')}`,
        // Supervisors complete the file and release the case.
        owner: 'supervisor',
      },
    }));
    return nextStep(changed);
  }
  const stored = await documents.stored(invoiceId);
  if (stored?.caseVersion !== dunningCase.version) {
    // The case changed after RenderCaseFile stored its file (a payment in between): render again, so the links
    // show what is handed over.
    if (next.attempt >= MAX_CASE_FILE_RENDERS) throw new CaseFileNotRenderedError(invoiceId);
    return { ...next, attempt: next.attempt + 1, later: false };
  }
  // The stored file is the one the agency gets, and the case is handed over as of the day it was made (moments
  // ago), so the case's account and the file's agree to the day.
  const file = stored.file;
  await deps.storeCaseFile(invoiceId, file);
  const caseFile = await documents.links(invoiceId);
  const handedOver = await service.change(invoiceId, (current) =>
    current.status === 'open'
      ? {
          event: { type: 'handed-over', on: berlinDateOf(file.createdAt) },
          publish: (changed) => [
            outboundEvent('Inkasso Handover Requested', changed, now, {
              agency: context.policy.inkassoAgency,
              openCents: file.account.totalOpenCents,
              currency: changed.invoice.amount.currency,
              creditBureauReportAllowed: file.creditBureau.allowed,
              caseFile,
            }),
          ],
        }
      : undefined,
  );
  return nextStep(handedOver);
}
