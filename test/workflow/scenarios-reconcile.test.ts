import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { metrics } from '../../functions/observability.js';
import { MAX_AUTOMATIC_RESTARTS, reconcileCase } from '../../functions/workflow/reconcile/reconcile-case.js';
import { sweepOpenCases } from '../../functions/workflow/reconcile/sweep.js';
import { stopAfterCheckingEveryCaseIsWorked, unworkedCases } from './invariants.js';
import { sesError, sesWithFaults } from './ses-faults.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;
let ses: ReturnType<typeof sesWithFaults>;
/** The business metrics the alarms watch, as the handlers count them (EMF is off locally, counting is not). */
const counted = vi.spyOn(metrics, 'addMetric');
const countsOf = (name: string) => counted.mock.calls.filter(([metric]) => metric === name).length;

/** Recipients whose next reminder SES rejects for good (a fault no retry mends): the execution fails. */
const rejectOnce = new Set<string>();
/** Recipients whose every mail SES rejects: every restart fails again. */
const rejectAlways = new Set<string>();

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
  // This file drives reconciliation by hand, as if every status event were lost (AWS delivers them best
  // effort); reconcile-events.test.ts covers the event path.
  h.stack.bus.removeRule('ExecutionEnded', 'default');
  ses = sesWithFaults(h, (input) => {
    const recipient = input.Destination?.ToAddresses?.[0] ?? '';
    return rejectOnce.delete(recipient) || rejectAlways.has(recipient)
      ? sesError('MessageRejected', 'Email address is not verified.')
      : undefined;
  });
});
afterAll(async () => {
  ses?.close();
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

/** Issues an invoice whose first reminder fails for good, and waits until its execution has failed. */
async function failedCase(invoiceId: string) {
  const invoice = h.invoice(invoiceId);
  rejectOnce.add(invoice.customer.email);
  await h.issue(invoice);
  const [failed] = await eventually(() => {
    const executions = h.executionsOf(invoiceId);
    return executions[0]?.status === 'FAILED' ? executions : undefined;
  }, `the execution of ${invoiceId} to fail`);
  return { invoice, failed };
}

describe.concurrent('no open case is left without a running execution', () => {
  it(
    'restarts a case whose execution failed under a fresh name, and the restart works it to the end',
    async ({ expect }) => {
      // Arrange
      const { invoice, failed } = await failedCase('failed-then-restarted');
      const { deps } = workflowInstance();

      // Act
      const result = await reconcileCase(deps, invoice.invoiceId, { cause: 'execution-failed' });
      const again = await reconcileCase(deps, invoice.invoiceId, { cause: 'execution-failed' });
      await h.reminded(invoice.invoiceId, 1);
      const unworked = await unworkedCases(h, [invoice.invoiceId]);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect([result, again]).toEqual(['restarted', 'running']);
      expect(countsOf('CaseRestarted')).toBeGreaterThanOrEqual(1);
      expect(
        h.executionsOf(invoice.invoiceId).map((execution) => [execution.name, execution.status]),
      ).toEqual([
        [failed?.name, 'FAILED'],
        [executionNameFor(invoice.invoiceId, 'r1'), 'SUCCEEDED'],
      ]);
      expect(unworked).toEqual([]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.map((entry) => entry.type)).toEqual(
        expect.arrayContaining(['step-failed', 'workflow-restarted', 'reminder-sent', 'case-closed']),
      );
      const reminders = (await h.mailsTo(invoice)).filter((mail) =>
        mail.subject.startsWith('Zahlungserinnerung'),
      );
      expect(reminders).toHaveLength(1);
      expect((await h.case(invoice.invoiceId)).workflow).toMatchObject({ restarts: 1 });
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'restarts an unworked case when the accounting system issues its invoice again',
    async ({ expect }) => {
      // Arrange
      const { invoice } = await failedCase('failed-then-reissued');

      // Act
      await h.erp.issue(invoice);
      const restarted = await eventually(
        () =>
          h
            .executionsOf(invoice.invoiceId)
            .find((execution) => execution.name === executionNameFor(invoice.invoiceId, 'r1')),
        'the restart after the re-issue',
      );
      await h.reminded(invoice.invoiceId, 1);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(restarted.name).toBe(executionNameFor(invoice.invoiceId, 'r1'));
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.find((entry) => entry.type === 'workflow-restarted')?.data).toMatchObject({
        cause: 'invoice-reissued',
        restarts: 1,
      });
    },
    SCENARIO_MS,
  );

  it(
    'the sweep restarts every open case that no execution works, and leaves worked and ended cases alone',
    async ({ expect }) => {
      // Arrange: one case whose execution failed, one worked normally, one whose automatic dunning ended.
      const { invoice: orphan } = await failedCase('sweep-orphan');
      const worked = h.invoice('sweep-worked');
      const ended = h.invoice('sweep-ended');
      // Both once overdue, when their start schedules have started their executions.
      for (const invoice of [worked, ended]) {
        await h.issue(invoice);
        await eventually(() => h.executionsOf(invoice.invoiceId)[0], `the execution of ${invoice.invoiceId}`);
      }
      const { deps, service } = workflowInstance();
      await service.change(ended.invoiceId, () => ({
        event: { type: 'workflow-ended', on: h.today(), cause: 'workflow-done' },
      }));

      // Act: small pages, so the sweep walks several pages and statuses.
      let sweeps = 0;
      let restarted = 0;
      for (let complete = false; !complete && sweeps < 50; sweeps++) {
        const run = await sweepOpenCases(deps, { pageSize: 2, pages: 3 });
        restarted += run.restarted;
        complete = run.complete;
      }
      const unworked = await unworkedCases(h, [orphan.invoiceId, worked.invoiceId]);

      // Assert
      expect(restarted).toBeGreaterThanOrEqual(1);
      expect(countsOf('OrphanedCaseFound')).toBeGreaterThanOrEqual(1);
      expect(h.executionsOf(orphan.invoiceId).map((execution) => execution.name)).toContain(
        executionNameFor(orphan.invoiceId, 'r1'),
      );
      expect(h.executionsOf(worked.invoiceId).map((execution) => execution.name)).toEqual([
        executionNameFor(worked.invoiceId),
      ]);
      expect(h.executionsOf(ended.invoiceId).map((execution) => execution.name)).toEqual([
        executionNameFor(ended.invoiceId),
      ]);
      expect(unworked).toEqual([]);
      await Promise.all([
        h.payInFull(orphan.invoiceId),
        h.payInFull(worked.invoiceId),
        h.payInFull(ended.invoiceId),
      ]);
    },
    SCENARIO_MS,
  );

  it(
    'stops restarting a case that fails again and again, leaves it to a supervisor and counts it for the alarm',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('fails-every-time');
      rejectAlways.add(invoice.customer.email);
      await h.issue(invoice);
      const { deps } = workflowInstance();
      const failedRuns = (count: number) =>
        eventually(() => {
          const failed = h
            .executionsOf(invoice.invoiceId)
            .filter((execution) => execution.status === 'FAILED');
          return failed.length >= count ? failed : undefined;
        }, `${count} failed executions`);

      // Act
      const results = [];
      for (let run = 1; run <= MAX_AUTOMATIC_RESTARTS + 1; run++) {
        await failedRuns(run);
        results.push(await reconcileCase(deps, invoice.invoiceId, { cause: 'execution-failed' }));
      }
      const unworked = await unworkedCases(h, [invoice.invoiceId]);

      // Assert
      expect(results).toEqual([...Array(MAX_AUTOMATIC_RESTARTS).fill('restarted'), 'ended']);
      expect(countsOf('CaseRestartRepeated')).toBeGreaterThanOrEqual(1);
      const ended = await h.case(invoice.invoiceId);
      expect(ended.workflow).toMatchObject({ restarts: MAX_AUTOMATIC_RESTARTS });
      expect(ended.workflow.endedOn).not.toBeNull();
      expect(unworked).toEqual([]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.find((entry) => entry.type === 'workflow-ended')?.data).toMatchObject({
        cause: 'restart-limit',
      });
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
      rejectAlways.delete(invoice.customer.email);
      await h.erp.cancel(invoice.invoiceId, h.today());
    },
    SCENARIO_MS,
  );
});
