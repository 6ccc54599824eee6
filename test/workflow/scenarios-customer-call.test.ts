import { afterAll, beforeAll, describe, it } from 'vitest';
import * as z from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { apiClient, caseAtCallLevel, waitFor } from '../api/support.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { SCENARIO_START, WorkflowHarness } from './support.js';

/** Three seconds a business day: the call's SLA (three business days) leaves the caller time to work it. */
const DAY_MS = 3_000;

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, dayMs: DAY_MS });
}, 60_000);
afterAll(async () => {
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const detailShape = z.object({ call: z.object({ invoices: z.array(z.object({ invoiceId: z.string() })) }) });

describe('one call per customer', () => {
  it('eight invoices of one customer at the call level make one call task; a paid one leaves it; an outcome per invoice resumes each execution with its part', async ({
    expect,
  }) => {
    // Arrange: eight executions of Stahlbau Nord reach the call level at once
    const [template] = demoInvoices(h.today());
    if (!template) throw new Error('demo data missing');
    const customer = { ...template.customer, id: 'cust-call-stahlbau', name: 'Stahlbau Nord GmbH' };
    const invoiceIds = Array.from({ length: 8 }, (_, index) => `call-stahl-${index + 1}`);
    const opened = await Promise.all(
      invoiceIds.map((invoiceId, index) =>
        caseAtCallLevel(invoiceId, h.today(), { customer, dueDate: addDays(h.today(), -70 + index) }),
      ),
    );
    // Each task is stored first and joins the customer's call a moment later.
    const joined = await waitFor(async () => {
      const stored = await Promise.all(opened.map((task) => h.tasks.get(task.taskId)));
      return stored.filter((task) => task?.leadTaskId !== null).length === 7 ? stored : undefined;
    }, 20_000);
    const queued = (await h.callerQueue('receivables')).filter((task) => task.customerId === customer.id);
    const call = apiClient(h.stack);

    // Act 1: one member's invoice is paid while it waits in the call
    const lead = await h.tasks.get(queued[0]?.taskId ?? '');
    if (!lead) throw new Error('no call task');
    const paid = opened.find((task) => task.taskId !== lead.taskId);
    if (!paid) throw new Error('no member');
    await h.payInFull(paid.invoiceId);
    const detail = detailShape.parse((await call('GET', `/tasks/${lead.taskId}`, { as: 'caller' })).body);

    // Assert 1: one call for the customer, every other case's task a member of it with its own token
    expect(queued).toHaveLength(1);
    expect(joined.filter((task) => task?.leadTaskId === lead.taskId)).toHaveLength(7);
    expect([...lead.members, lead.taskId].sort()).toEqual(opened.map((task) => task.taskId).sort());
    expect(new Set(opened.map((task) => task.taskToken)).size).toBe(8);
    expect((await h.tasks.get(paid.taskId))?.outcome).toEqual({ type: 'case-closed', outcome: 'paid' });
    expect(detail.call.invoices.map((invoice) => invoice.invoiceId).sort()).toEqual(
      invoiceIds.filter((invoiceId) => invoiceId !== paid.invoiceId).sort(),
    );

    // Act 2: the caller claims the call and records one outcome per invoice: a dispute of the oldest, promises
    const staying = detail.call.invoices.map((invoice) => invoice.invoiceId);
    const [disputed, ...promised] = staying;
    await call('POST', `/tasks/${lead.taskId}/claim`, { as: 'caller' });
    const response = await call('POST', `/tasks/${lead.taskId}/outcome`, {
      as: 'caller',
      body: {
        parts: [
          { invoiceId: disputed, outcome: { type: 'dispute', disputeReason: 'Lieferung unvollständig' } },
          ...promised.map((invoiceId) => ({
            invoiceId,
            outcome: { type: 'promise', promisedOn: addDays(h.today(), 5), cents: 50_000 },
          })),
        ],
      },
    });

    // Assert 2: every execution took its own part, and each timeline names the shared call
    expect(response.status).toBe(200);
    for (const invoiceId of staying) {
      const expected = invoiceId === disputed ? 'disputed' : 'promise';
      const found = await h.waitForCase(invoiceId, (c) => c.status === expected, expected, 30_000);
      expect(found.status).toBe(expected);
      const timeline = await h.cases.timeline(invoiceId);
      expect(timeline.find((line) => line.type === 'customer-call')?.data).toMatchObject({
        callTaskId: lead.taskId,
        invoices: 7,
      });
    }
    expect((await h.case(paid.invoiceId)).status).toBe('paid');
    expect(await h.untranslatedLines(lead.invoiceId)).toEqual([]);

    // Cleanup: the customer pays everything, so the file ends with no case left waiting for a caller
    await Promise.all(staying.map((invoiceId) => h.payInFull(invoiceId)));
    await waitFor(
      async () => ((await h.tasks.get(lead.taskId))?.status === 'open' ? undefined : true),
      30_000,
    );
  }, 180_000);
});
