import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';
import { accountingSystem } from './support.js';

let stack: WorkflowStack;

beforeAll(async () => {
  stack = await startWorkflowStack({
    clockScale: 86_400 / 0.2,
    businessStart: '2026-03-02T08:00:00+01:00',
    logLevel: 'ERROR',
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe('smoke', () => {
  it('runs an invoice paid after the first reminder to a paid case with one mail', async () => {
    const [template] = demoInvoices('2026-03-02');
    if (!template) throw new Error('no demo');
    const invoice = {
      ...template,
      invoiceId: 'smoke-1',
      issueDate: '2026-02-16',
      dueDate: '2026-03-02',
      paymentDateIsCalendarDate: false,
    };
    const erp = accountingSystem(stack);
    await erp.issue(invoice);
    const arn = `${String(stack.stateMachineArns.DunningStateMachineArn).replace(':stateMachine:', ':execution:')}:inv-smoke-1`;
    for (let i = 0; i < 100 && (await stack.ses.listEmails()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const mails = await stack.ses.listEmails();
    console.log(
      mails.map((m) => m.subject),
      stack.clock.businessNow(),
    );
    await erp.pay('smoke-1', invoice.amount.cents + 4000 + 5000, addDays('2026-03-02', 6));
    const done = await stack.stepFunctions.waitForExecution(arn, { timeoutMs: 15_000 });
    console.log(done.status, stack.stepFunctions.transitionCount(arn));
    expect(done.status).toBe('SUCCEEDED');
  });
});
