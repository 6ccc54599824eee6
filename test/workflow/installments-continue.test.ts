import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

/**
 * An installment plan outlives one execution when its rates stretch further than the age limit. Here the
 * limit is three engine seconds (about fifteen business days at this clock), so the plan must continue
 * in a fresh execution per rate and still end paid.
 */
let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, maxExecutionAgeDays: 3 / 86_400 });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe('an installment plan longer than an execution may live', () => {
  it(
    'continues as a new plan execution and ends paid when every rate is paid',
    async () => {
      // Arrange
      const invoice = h.invoice('plan-continues');
      await h.issue(invoice);
      const call = await h.openTask(invoice.invoiceId, 'call');
      const open = h.amountDueOn(await h.case(invoice.invoiceId), addDays(h.today(), 5));
      const first = Math.floor(open / 2);
      const rates = [
        { dueDate: addDays(h.today(), 5), cents: first },
        { dueDate: addDays(h.today(), 21), cents: open - first },
      ];
      const completion = await h.complete(call, { type: 'installments', rates, dissatisfied: false });

      // Act
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'installments', 'the plan');
      await h.erp.pay(invoice.invoiceId, first, h.today(), 'plan-rate-1');
      await eventually(
        () => (compareDates(h.today(), rates[1]?.dueDate ?? '') >= 0 ? true : undefined),
        'the second due date',
        SCENARIO_MS,
      );
      await h.erp.pay(invoice.invoiceId, open - first, h.today(), 'plan-rate-2');
      await h.settled(invoice.invoiceId);

      // Assert
      expect(completion.result).toBe('completed');
      expect((await h.case(invoice.invoiceId)).status).toBe('paid');
      const planExecutions = h.stack.stepFunctions
        .executions()
        .filter((execution) => execution.name.startsWith('inv-plan-continues-plan'));
      expect(planExecutions.length).toBeGreaterThanOrEqual(2);
      expect(planExecutions.some((execution) => /-plan-\d+-[0-9a-f]{8}$/.test(execution.name))).toBe(true);
      expect(planExecutions.every((execution) => execution.status === 'SUCCEEDED')).toBe(true);
    },
    SCENARIO_MS,
  );
});
