import { z } from 'zod';
import { OPEN_CASE_STATUSES } from '../../functions/domain/case-statuses.js';
import { waitsForFirstStart } from '../../functions/domain/first-start.js';
import type { WorkflowHarness } from './support.js';
import { eventually } from './timing.js';

/**
 * A case that breaks the promise: open, not ended by design, not waiting for its first start by design, and
 * not worked by exactly one execution.
 */
export interface UnworkedCase {
  invoiceId: string;
  status: string;
  running: string[];
}

const executionInputSchema = z.object({ invoiceId: z.string() });

/**
 * The product's promise, checked on the local stack: every open case whose automatic dunning did not end
 * by design is worked by exactly one RUNNING execution (a dunning execution, or its installment plan's).
 * Handing over between executions takes a moment, so the check looks again for a few seconds.
 */
export async function unworkedCases(
  h: WorkflowHarness,
  invoiceIds?: readonly string[],
): Promise<UnworkedCase[]> {
  const check = async () => {
    const open = (
      await Promise.all(OPEN_CASE_STATUSES.map((status) => h.cases.casesInStatus(status)))
    ).flat();
    const running = new Map<string, string[]>();
    for (const execution of h.stack.stepFunctions.executions()) {
      if (execution.status !== 'RUNNING') continue;
      const input = executionInputSchema.safeParse(JSON.parse(execution.input));
      if (!input.success) continue;
      running.set(input.data.invoiceId, [...(running.get(input.data.invoiceId) ?? []), execution.name]);
    }
    return (
      open
        .filter((dunningCase) => invoiceIds === undefined || invoiceIds.includes(dunningCase.invoiceId))
        .filter((dunningCase) => dunningCase.workflow.endedOn === null)
        // Not overdue yet: no execution by design until its start schedule fires.
        .filter((dunningCase) => !waitsForFirstStart(dunningCase, h.stack.clock.businessNow()))
        .map((dunningCase) => ({
          invoiceId: dunningCase.invoiceId,
          status: dunningCase.status,
          running: running.get(dunningCase.invoiceId) ?? [],
        }))
        .filter((found) => found.running.length !== 1)
    );
  };
  try {
    return await eventually(
      async () => {
        const unworked = await check();
        return unworked.length === 0 ? unworked : undefined;
      },
      'every open case to be worked by exactly one execution',
      5_000,
    );
  } catch {
    return check();
  }
}

/** Fails naming every open case that no execution, or more than one, works (see unworkedCases). */
export async function assertEveryOpenCaseWorked(h: WorkflowHarness): Promise<void> {
  const unworked = await unworkedCases(h);
  if (unworked.length > 0) {
    throw new Error(`open cases not worked by exactly one execution: ${JSON.stringify(unworked)}`);
  }
}

/** Ends a test file: checks the promise over every case the file left, then stops the stack either way. */
export async function stopAfterCheckingEveryCaseIsWorked(h: WorkflowHarness | undefined): Promise<void> {
  try {
    if (h) await assertEveryOpenCaseWorked(h);
  } finally {
    await h?.stop();
  }
}
