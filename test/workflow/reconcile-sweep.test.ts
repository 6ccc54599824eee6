import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { holidayTableYearsLeft } from '../../functions/domain/calendar.js';
import { HOLIDAY_TABLE_YEARS_LEFT, metrics } from '../../functions/observability.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

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

  it(
    'reports at every run how many years the generated holiday table still covers, for its alarm',
    async () => {
      // Arrange
      const counted = vi.spyOn(metrics, 'addMetric');

      // Act
      const reported = await eventually(
        () => counted.mock.calls.find(([name]) => name === HOLIDAY_TABLE_YEARS_LEFT),
        'a sweep run reporting the holiday table',
      );

      // Assert
      expect(reported?.[2]).toBe(holidayTableYearsLeft(h.today()));
      expect(reported?.[2]).toBeGreaterThanOrEqual(2);
      counted.mockRestore();
    },
    SCENARIO_MS,
  );
});
