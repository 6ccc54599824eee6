import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

/**
 * The local stack wires the reconciliation as the CDK app does: Step Functions reports an execution that
 * ended without finishing on the default bus, and the ExecutionEnded rule feeds reconcile-execution.
 */
let h: WorkflowHarness;

beforeAll(async () => {
  // No periodic sweep: a restart here can only come from the status change.
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});

afterAll(async () => {
  // The promise, checked once the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe('an execution that ended without finishing', () => {
  it(
    'gets its open case a fresh execution, from the status change on the default bus',
    async () => {
      // Arrange
      const invoice = h.invoice('reconcile-aborted');
      await h.issue(invoice);

      // Act
      const aborted = await h.abortExecution(invoice.invoiceId);
      const restarted = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.workflow.restarts === 1 && found.workflow.executionArn !== null,
        'its restart recorded',
      );

      // Assert
      expect(restarted.workflow).toMatchObject({
        restartedFrom: aborted,
        executionArn: h.executionArn(invoice.invoiceId, 'r1'),
      });
      expect(h.executionsOf(invoice.invoiceId).map(({ status }) => status)).toEqual(['ABORTED', 'RUNNING']);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'workflow-restarted')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ cause: 'execution-aborted' }) }),
      ]);
      expect(h.stack.bus.events().filter(({ eventBusName }) => eventBusName === 'default')).toEqual([
        expect.objectContaining({ matchedRules: ['ExecutionEnded'] }),
      ]);
    },
    SCENARIO_MS,
  );
});
