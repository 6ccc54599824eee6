import { afterAll, beforeAll, describe, it } from 'vitest';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe('limitation (§§ 195, 199, 214 BGB)', () => {
  it(
    'a time-barred claim is never handed over: the handover is blocked, automatic dunning ends, no lump sum is charged',
    async ({ expect }) => {
      // Arrange: delivered on 20 December 2022, invoiced on 10 January 2023, due on 20 January 2023. Counted
      // conservatively from the year of the delivery, the period ended with 31 December 2025; the scenario runs
      // in January 2026.
      const invoice = h.invoice('time-barred', {
        orderDate: '2022-12-01',
        performanceDate: '2022-12-20',
        issueDate: '2023-01-10',
        dueDate: '2023-01-20',
      });
      await h.issue(invoice);

      // Act
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      await h.complete(approval, { type: 'approval', decision: 'approve' });
      const executions = await h.finished(invoice.invoiceId);

      // Assert
      const stillOpen = await h.case(invoice.invoiceId);
      expect(stillOpen.status).toBe('open');
      expect(stillOpen.workflow.endedOn).not.toBeNull();
      expect(stillOpen.flags.limitationNear).toBe(true);
      expect(stillOpen.charges.filter((charge) => charge.kind === 'lump-sum')).toEqual([]);
      expect(await h.cases.caseFile(invoice.invoiceId)).toBeUndefined();
      expect(h.events(invoice.invoiceId, 'Inkasso Handover Requested')).toEqual([]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(
        timeline.filter((entry) => entry.type === 'handover-blocked').map((entry) => entry.data),
      ).toEqual([{ block: 'time-barred', status: 'open', limitationDate: '2025-12-31' }]);
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );
});
