import { afterAll, beforeAll, describe, it } from 'vitest';
import { z } from 'zod';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { addDays } from '../../functions/domain/calendar.js';
import { planSchedule } from '../../functions/domain/schedule.js';
import { nextStepSchema } from '../../functions/workflow/contracts.js';
import { eventually, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: '2026-03-02T08:00:00+01:00' });
});
afterAll(async () => {
  await h?.stop();
});

describe('the local workflow stack', () => {
  it('routes an issued invoice through the bus to its case and an execution that sleeps until the first reminder', async ({
    expect,
  }) => {
    // Arrange
    const invoice = h.invoice('smoke-1', { dueDate: addDays(h.today(), 20) });
    const [firstLevel] = planSchedule(invoice, h.context.policy, h.context.calendar);

    // Act
    await h.erp.issue(invoice);
    const waiting = await eventually(
      () => h.executionsOf(invoice.invoiceId)[0]?.history.find((event) => event.type === 'WaitStateEntered'),
      'the execution to reach its Wait state',
    );

    // Assert
    const opened = await h.case(invoice.invoiceId);
    // Opened (version 0), then its execution recorded itself as the one working the case (version 1).
    expect(opened).toMatchObject({ status: 'open', nextLevelIndex: 0, reminders: [], version: 1 });
    expect(opened.defaultStart).toMatchObject({ basis: 'calendar-date', date: h.defaultDate(invoice) });
    const [execution] = h.executionsOf(invoice.invoiceId);
    expect(execution).toMatchObject({ name: executionNameFor(invoice.invoiceId), status: 'RUNNING' });
    expect(opened.workflow).toMatchObject({
      executionArn: execution?.executionArn,
      restarts: 0,
      endedOn: null,
    });
    const { next } = z.object({ next: nextStepSchema }).parse(JSON.parse(waiting.input ?? '{}'));
    expect(next).toMatchObject({
      route: 'wait',
      levelIndex: 0,
      at: firstLevel?.at,
      waitUntil: h.stack.clock.toEngine(firstLevel?.at ?? ''),
    });
    expect(await h.mailsTo(invoice)).toEqual([]);
    expect(h.stack.bus.events().map(({ matchedRules }) => matchedRules)).toEqual([['InvoiceIssued']]);
  });
});
