import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

/** The local stack runs the sweep of open cases periodically when asked (`npm start` does, tests rarely). */
let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, sweepEverySeconds: 0.2 });
  // AWS delivers execution status changes best effort: here every one of them is lost.
  h.stack.bus.removeRule('ExecutionEnded', 'default');
});

afterAll(async () => {
  // The promise, checked once the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe('the periodic sweep', () => {
  it(
    'restarts an open case whose execution ended unreported',
    async () => {
      // Arrange
      const invoice = h.invoice('reconcile-orphan');
      await h.issue(invoice);

      // Act
      const aborted = await h.abortExecution(invoice.invoiceId);
      const restarted = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.workflow.restarts === 1 && found.workflow.executionArn !== null,
        'its restart recorded',
      );

      // Assert
      expect(restarted.workflow.restartedFrom).toBe(aborted);
      expect(h.executionsOf(invoice.invoiceId).map(({ status }) => status)).toEqual(['ABORTED', 'RUNNING']);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'workflow-restarted')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ cause: 'no-running-execution' }) }),
      ]);
    },
    SCENARIO_MS,
  );
});
