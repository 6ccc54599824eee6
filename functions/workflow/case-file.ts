import { berlinDateOf, type IsoDate } from '../domain/calendar.js';
import type { DunningCase } from '../domain/case.js';
import type { InkassoCaseFile } from '../domain/case-file.js';
import { type CallRecord, inkassoCaseFileFor } from '../domain/handover.js';
import { isCallOutcome, type TaskOutcome } from '../domain/outcomes.js';
import type { CaseFileDocuments, WorkflowDeps } from './ports.js';

function callOutcomeName(outcome: TaskOutcome | null): CallRecord['outcome'] {
  return isCallOutcome(outcome) ? outcome.type : 'not-reached';
}

/** The finished calls of a case, from its tasks (the case itself does not keep them). */
async function callsOf(deps: Pick<WorkflowDeps, 'tasks'>, invoiceId: string): Promise<CallRecord[]> {
  return (await deps.tasks.tasksOfCase(invoiceId))
    .filter((task) => task.kind === 'call' && task.status !== 'open')
    .map((task) => ({
      on: berlinDateOf(task.updatedAt),
      outcome: task.status === 'timed-out' ? 'timeout' : callOutcomeName(task.outcome),
    }));
}

/**
 * The § 13a RDG case file of the case as it stands on `today`, with its calls and the keys of its stored
 * letters. Throws CaseFileError when a field § 13a RDG needs is missing.
 */
export async function currentCaseFile(
  deps: Pick<WorkflowDeps, 'tasks' | 'service'>,
  documents: Pick<CaseFileDocuments, 'letterKeys'>,
  dunningCase: DunningCase,
  today: IsoDate,
  createdAt: string,
): Promise<InkassoCaseFile> {
  const [calls, letterKeys] = await Promise.all([
    callsOf(deps, dunningCase.invoiceId),
    documents.letterKeys(dunningCase.invoiceId),
  ]);
  return inkassoCaseFileFor(dunningCase, calls, today, createdAt, deps.service.context, { letterKeys });
}
