import { afterAll, beforeAll, describe, it } from 'vitest';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { startScheduleNameFor } from '../../functions/adapters/start-schedules.js';
import { addDays, compareDates, type Instant } from '../../functions/domain/calendar.js';
import { isAhead, START_GRACE_MINUTES } from '../../functions/domain/first-start.js';
import { planSchedule } from '../../functions/domain/schedule.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { reconcileCase } from '../../functions/workflow/reconcile/reconcile-case.js';
import { sweepOpenCases } from '../../functions/workflow/reconcile/sweep.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

/** Waits until the scaled business clock has passed `instant` plus `minutes`. */
function passed(instant: Instant, minutes = 0) {
  const until = new Date(new Date(instant).getTime() + minutes * 60_000).toISOString();
  return eventually(
    () => (isAhead(until, h.stack.clock.businessNow()) ? undefined : true),
    `${until} to pass`,
  );
}

describe('the execution starts when the invoice becomes overdue', () => {
  it(
    'paid on time: no execution ever starts, and the start schedule is deleted',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('start-paid-on-time', { dueDate: addDays(h.today(), 30) });
      const opened = await h.issue(invoice);
      const scheduled = h.startSchedule(invoice.invoiceId);

      // Act
      await h.erp.pay(invoice.invoiceId, invoice.amount.cents, h.today());
      const paid = await h.waitForCase(invoice.invoiceId, (found) => found.status === 'paid', 'paid');
      await eventually(() => (h.startSchedule(invoice.invoiceId) ? undefined : true), 'the schedule deleted');
      await passed(opened.workflow.startsAt ?? '', START_GRACE_MINUTES);

      // Assert
      expect(scheduled?.name).toBe(startScheduleNameFor(invoice.invoiceId));
      expect(h.startScheduleFired(invoice.invoiceId)).toBe(false);
      expect(h.executionsOf(invoice.invoiceId)).toEqual([]);
      expect(paid.workflow).toMatchObject({ executionArn: null, restarts: 0 });
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.map((entry) => entry.type)).toEqual(['case-opened', 'payment-received', 'case-closed']);
      expect(await h.mailsTo(invoice)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'becomes overdue: the start schedule fires when the first reminder is due and its execution sends it',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('start-overdue');
      const [firstLevel, secondLevel] = planSchedule(invoice, h.context.policy, h.context.calendar);
      const opened = await h.issue(invoice);
      const waitingExecutions = h.executionsOf(invoice.invoiceId).length;

      // Act
      const reminded = await h.reminded(invoice.invoiceId, 1);

      // Assert
      expect(waitingExecutions).toBe(0);
      expect(opened.workflow.startsAt).toBe(firstLevel?.at);
      expect(h.startScheduleFired(invoice.invoiceId)).toBe(true);
      expect(h.startSchedule(invoice.invoiceId)).toBeUndefined();
      // The scaled clock runs a business day in 200 ms, so the start may take the reminder past midnight.
      const sentOn = reminded.reminders[0]?.sentOn ?? '';
      expect(compareDates(sentOn, firstLevel?.date ?? '')).toBeGreaterThanOrEqual(0);
      expect(compareDates(sentOn, secondLevel?.date ?? '')).toBeLessThan(0);
      expect(h.executionsOf(invoice.invoiceId).map(({ name, status }) => [name, status])).toEqual([
        [executionNameFor(invoice.invoiceId), 'RUNNING'],
      ]);
      await h.payInFull(invoice.invoiceId);
    },
    SCENARIO_MS,
  );

  it(
    'an invoice overdue at issue starts its execution at once, without a schedule',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('start-at-issue', {
        issueDate: addDays(h.today(), -60),
        dueDate: addDays(h.today(), -45),
      });

      // Act
      const opened = await h.issue(invoice);

      // Assert
      expect(opened.workflow.startsAt).toBeNull();
      expect(h.startSchedule(invoice.invoiceId)).toBeUndefined();
      expect(h.executionsOf(invoice.invoiceId).map(({ name }) => name)).toEqual([
        executionNameFor(invoice.invoiceId),
      ]);
      await h.reminded(invoice.invoiceId, 1);
      await h.payInFull(invoice.invoiceId);
    },
    SCENARIO_MS,
  );

  it(
    'schedule lost: the sweep leaves the case alone until its start time has passed, then starts it',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('start-schedule-lost', { dueDate: addDays(h.today(), 10) });
      const opened = await h.issue(invoice);
      const lost = h.stack.scheduler.lose(
        h.stack.startScheduleGroup,
        startScheduleNameFor(invoice.invoiceId),
      );
      const { deps } = workflowInstance();

      // Act
      const beforeDue = await reconcileCase(deps, invoice.invoiceId, { cause: 'no-running-execution' });
      const earlySweep = await sweepOpenCases(deps, { pageSize: 100, pages: 10 });
      const executionsBeforeDue = h.executionsOf(invoice.invoiceId).length;
      await passed(opened.workflow.startsAt ?? '', START_GRACE_MINUTES);
      const lateSweep = await sweepOpenCases(deps, { pageSize: 100, pages: 10 });
      const reminded = await h.reminded(invoice.invoiceId, 1);

      // Assert
      expect(lost).toBe(true);
      expect(beforeDue).toBe('waiting');
      expect(earlySweep.restarted).toBe(0);
      expect(executionsBeforeDue).toBe(0);
      expect(lateSweep.restarted).toBe(1);
      expect(h.startScheduleFired(invoice.invoiceId)).toBe(false);
      expect(reminded.reminders).toHaveLength(1);
      expect(h.executionsOf(invoice.invoiceId).map(({ name }) => name)).toEqual([
        executionNameFor(invoice.invoiceId),
      ]);
      await h.payInFull(invoice.invoiceId);
    },
    SCENARIO_MS,
  );

  it(
    'a start that crashed after starting the execution is retried by Scheduler and starts nothing twice',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('start-crashed');
      h.stack.faults.arm({
        functionName: 'start-overdue',
        errorName: 'Runtime.ExitError',
        matches: (event) => JSON.stringify(event).includes(`"${invoice.invoiceId}"`),
      });

      // Act
      await h.issue(invoice);
      const reminded = await h.reminded(invoice.invoiceId, 1);

      // Assert
      expect(h.startScheduleFired(invoice.invoiceId)).toBe(true);
      expect(reminded.reminders).toHaveLength(1);
      expect(h.executionsOf(invoice.invoiceId).map(({ name }) => name)).toEqual([
        executionNameFor(invoice.invoiceId),
      ]);
      expect(await h.mailsTo(invoice)).toHaveLength(1);
      await h.payInFull(invoice.invoiceId);
    },
    SCENARIO_MS,
  );
});
