import { afterAll, beforeAll, describe, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { planSchedule } from '../../functions/domain/schedule.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: '2026-03-02T08:00:00+01:00' });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe('the local workflow stack', () => {
  it('routes an issued invoice through the bus to its case and a one-time schedule that starts its execution when the first reminder is due', async ({
    expect,
  }) => {
    // Arrange
    const invoice = h.invoice('smoke-1', { dueDate: addDays(h.today(), 20) });
    const [firstLevel] = planSchedule(invoice, h.context.policy, h.context.calendar);

    // Act
    await h.erp.issue(invoice);
    const schedule = await eventually(() => h.startSchedule(invoice.invoiceId), 'the start schedule');

    // Assert
    const opened = await h.case(invoice.invoiceId);
    // Opened (version 0) and waiting by design: no execution until the invoice is overdue.
    expect(opened).toMatchObject({ status: 'open', nextLevelIndex: 0, reminders: [], version: 0 });
    expect(opened.defaultStart).toMatchObject({ basis: 'calendar-date', date: h.defaultDate(invoice) });
    expect(opened.workflow).toMatchObject({
      executionArn: null,
      restarts: 0,
      endedOn: null,
      startsAt: firstLevel?.at,
    });
    expect(schedule).toMatchObject({
      name: `start-${invoice.invoiceId}`,
      groupName: h.stack.startScheduleGroup,
      at: firstLevel?.at ? new Date(firstLevel.at).toISOString().replace('.000Z', 'Z') : undefined,
      targetArn: expect.stringMatching(/:function:start-overdue$/),
      input: { invoiceId: invoice.invoiceId },
      deleteAfterCompletion: true,
    });
    expect(h.executionsOf(invoice.invoiceId)).toEqual([]);
    expect(await h.mailsTo(invoice)).toEqual([]);
    expect(h.stack.bus.events().map(({ matchedRules }) => matchedRules)).toEqual([['InvoiceIssued']]);
  });
});
