import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { accountingSystem } from '../../local/accounting-system.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';
import { waitFor } from '../api/support.js';

/**
 * Standard executions may run one year. Here the allowed age is two engine seconds (a few business days at
 * this clock), so the dunning must continue in a fresh execution of the same state machine, and still
 * send each reminder exactly once.
 */
let stack: WorkflowStack;

beforeAll(async () => {
  stack = await startWorkflowStack({
    clockScale: 86_400 / 0.25,
    businessStart: '2026-01-12T08:00:00+01:00',
    maxExecutionAgeDays: 2 / 86_400,
  });
}, 30_000);

afterAll(async () => {
  await stack?.stop();
});

describe('an execution nearing its age limit', () => {
  it('continues as a new execution that carries the case on, without sending anything twice', async () => {
    // Arrange
    const [template] = demoInvoices('2026-01-12');
    if (!template) throw new Error('demo data missing');
    const invoice = {
      ...template,
      invoiceId: 'continue-1',
      invoiceNumber: 'RE-CONT-1',
      issueDate: '2025-12-29',
      dueDate: '2026-01-12',
    };
    const erp = accountingSystem(stack);
    const executionPrefix = `${String(stack.stateMachineArns.DunningStateMachineArn).replace(':stateMachine:', ':execution:')}:`;

    // Act
    await erp.issue(invoice);
    const continued = await waitFor(async () => {
      const all = stack.stepFunctions
        .executions()
        .filter((execution) => execution.executionArn.includes(executionNameFor(invoice.invoiceId)));
      return all.length >= 2 ? all : undefined;
    }, 30_000);
    const { cases } = workflowInstance();
    const reminded = await waitFor(async () => {
      const stored = await cases.get(invoice.invoiceId);
      return stored && stored.case.reminders.length >= 2 ? stored.case : undefined;
    }, 30_000);
    await erp.pay(invoice.invoiceId, 10_000_000, '2026-03-31', 'pay-continue-1');
    erp.close();

    // Assert
    const first = stack.stepFunctions.execution(`${executionPrefix}${executionNameFor(invoice.invoiceId)}`);
    expect(first?.status).not.toBe('FAILED');
    expect(
      continued.some((execution) => execution.executionArn.endsWith(executionNameFor(invoice.invoiceId))),
    ).toBe(true);
    expect(continued.some((execution) => /-c[0-9a-f]{8}$/.test(execution.executionArn))).toBe(true);
    expect(reminded.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1', 'reminder-2']);
    const mails = (await stack.ses.listEmails()).filter((mail) => mail.subject.includes('RE-CONT-1'));
    expect(mails.map((mail) => mail.subject.split(':')[0])).toEqual(['Zahlungserinnerung', 'Mahnung']);
  }, 60_000);
});
