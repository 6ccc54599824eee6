import type * as z from 'zod';
import { berlinDateOf } from '../../domain/calendar.js';
import { CaseFileError, type InkassoCaseFile } from '../../domain/case-file.js';
import {
  type CallRecord,
  creditBureauGateFor,
  handoverBlockedBecause,
  inkassoCaseFileFor,
} from '../../domain/handover.js';
import { isCallOutcome, type TaskOutcome } from '../../domain/outcomes.js';
import type { handoverInputSchema, NextStep } from '../contracts.js';
import { outboundEvent } from '../outbound.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/** handover: gate, § 13a RDG case file, event; blocked cases go to their dispute or a hold, time-barred ones to people. */
export async function handover(
  deps: WorkflowDeps,
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
  const calls: CallRecord[] = (await deps.tasks.tasksOfCase(invoiceId))
    .filter((task) => task.kind === 'call' && task.status !== 'open')
    .map((task) => ({
      on: berlinDateOf(task.updatedAt),
      outcome: task.status === 'timed-out' ? 'timeout' : callOutcomeName(task.outcome),
    }));
  let file: InkassoCaseFile;
  try {
    file = inkassoCaseFileFor(dunningCase, calls, today, now, context);
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
  await deps.storeCaseFile(invoiceId, file);
  const gate = creditBureauGateFor(dunningCase, today, context);
  const handedOver = await service.change(invoiceId, (current) =>
    current.status === 'open'
      ? {
          event: { type: 'handed-over', on: today },
          publish: (changed) => [
            outboundEvent('Inkasso Handover Requested', changed, now, {
              agency: context.policy.inkassoAgency,
              openCents: file.account.totalOpenCents,
              currency: changed.invoice.amount.currency,
              creditBureauReportAllowed: gate.allowed,
            }),
          ],
        }
      : undefined,
  );
  return nextStep(handedOver);
}

function callOutcomeName(outcome: TaskOutcome | null): CallRecord['outcome'] {
  return isCallOutcome(outcome) ? outcome.type : 'not-reached';
}
