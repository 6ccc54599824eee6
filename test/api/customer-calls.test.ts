import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, TODAY, useApiStack, waitFor } from './support.js';

const { call } = useApiStack();

const detailShape = z.object({
  call: z
    .object({
      invoices: z.array(
        z.object({ invoiceId: z.string(), invoiceNumber: z.string(), openCents: z.number() }),
      ),
      totalOpenCents: z.number(),
    })
    .nullable(),
  talkingPoints: z.array(z.string()),
});
const listShape = z.object({ tasks: z.array(z.object({ taskId: z.string(), customerId: z.string() })) });
const problemFields = z.object({ status: z.number(), errors: z.array(z.object({ path: z.string() })) });

/** Three cases of one customer reach the call level one after the other: one call, two members. */
async function customerCall(customerId: string): Promise<Task[]> {
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  const customer = { ...template.customer, id: customerId, name: 'Stahlbau Nord GmbH' };
  const tasks: Task[] = [];
  for (const [index, cents] of [300_000, 200_000, 100_000].entries()) {
    tasks.push(
      await caseAtCallLevel(`${customerId}-${index}`, TODAY, {
        customer,
        amount: { cents, currency: 'EUR' },
        dueDate: addDays(TODAY, -70 + index),
      }),
    );
  }
  // Each task is stored first and joins the call a moment later.
  const [lead, ...members] = tasks;
  await waitFor(async () => {
    const joined = await Promise.all(members.map((task) => workflowInstance().tasks.get(task.taskId)));
    return joined.every((task) => task?.leadTaskId === lead?.taskId) ? true : undefined;
  });
  return tasks;
}

const done = (taskId: string) =>
  waitFor(async () => {
    const task = await workflowInstance().tasks.get(taskId);
    return task?.status === 'done' ? task : undefined;
  }, 20_000);

describe('one call per customer', () => {
  let tasks: Task[] = [];
  beforeAll(async () => {
    tasks = await customerCall('cust-api-call');
  }, 60_000);

  it('lists the customer once and shows every invoice of the call with the total and a combined talking point', async () => {
    // Arrange
    const [lead] = tasks;

    // Act
    const list = listShape.parse((await call('GET', '/tasks?kind=call&limit=100', { as: 'caller' })).body);
    const detail = detailShape.parse((await call('GET', `/tasks/${lead?.taskId}`, { as: 'caller' })).body);

    // Assess
    expect(
      list.tasks.filter((task) => task.customerId === 'cust-api-call').map((task) => task.taskId),
    ).toEqual([lead?.taskId]);
    expect(detail.call?.invoices.map((invoice) => invoice.invoiceId)).toEqual(
      tasks.map((task) => task.invoiceId),
    );
    expect(detail.call?.totalOpenCents).toBe(
      detail.call?.invoices.reduce((sum, invoice) => sum + invoice.openCents, 0),
    );
    expect(detail.talkingPoints[0]).toContain('Ein Anruf für das ganze Konto: 3 offene Rechnungen');
  });

  it('answers 422 naming the field, and writes nothing, for an unknown or missing invoice or an allocation that does not add up', async () => {
    // Arrange
    const [lead, second, third] = tasks;
    if (!lead || !second || !third) throw new Error('three tasks expected');
    await call('POST', `/tasks/${lead.taskId}/claim`, { as: 'caller' });
    const promise = { type: 'promise', promisedOn: addDays(TODAY, 7), cents: 10_000 };
    const bodies = [
      { parts: [{ invoiceId: 'inv-unknown', outcome: { type: 'not-reached' } }] },
      {
        outcome: promise,
        allocation: [
          { invoiceId: lead.invoiceId, cents: 5_000 },
          { invoiceId: second.invoiceId, cents: 1_000 },
          { invoiceId: third.invoiceId, cents: 1_000 },
        ],
      },
    ];

    // Act
    const responses = await Promise.all(
      bodies.map((body) => call('POST', `/tasks/${lead.taskId}/outcome`, { as: 'caller', body })),
    );

    // Assess
    const problems = responses.map((response) => problemFields.parse(response.body));
    expect(problems.map((problem) => problem.status)).toEqual([422, 422]);
    expect(problems[0]?.errors.map((error) => error.path)).toEqual(['body.parts.0.invoiceId', 'body.parts']);
    expect(problems[1]?.errors.map((error) => error.path)).toEqual(['body.allocation']);
    expect((await workflowInstance().tasks.get(lead.taskId))?.sharedOutcome).toBeNull();
  });

  it('resumes every execution with its own part of per-invoice outcomes and puts the shared call on each timeline', async () => {
    // Arrange
    const [lead, second, third] = tasks;
    if (!lead || !second || !third) throw new Error('three tasks expected');
    await call('POST', `/tasks/${lead.taskId}/claim`, { as: 'caller' });
    const body = {
      parts: [
        {
          invoiceId: lead.invoiceId,
          outcome: { type: 'promise', promisedOn: addDays(TODAY, 7), cents: 100_000 },
        },
        {
          invoiceId: second.invoiceId,
          outcome: { type: 'dispute', disputeReason: 'Lieferung unvollständig' },
        },
        {
          invoiceId: third.invoiceId,
          outcome: { type: 'callback', callbackAt: `${addDays(TODAY, 2)}T09:00:00Z` },
        },
      ],
    };

    // Act
    const response = await call('POST', `/tasks/${lead.taskId}/outcome`, { as: 'caller', body });
    const repeated = await call('POST', `/tasks/${lead.taskId}/outcome`, { as: 'caller', body });

    // Assess
    expect([response.status, repeated.status]).toEqual([200, 200]);
    const finished = await Promise.all(tasks.map((task) => done(task.taskId)));
    expect(finished.map((task) => task.outcome?.type)).toEqual(['promise', 'dispute', 'callback']);
    const { cases } = workflowInstance();
    const statuses = await waitFor(async () => {
      const found = await Promise.all(tasks.map((task) => cases.get(task.invoiceId)));
      const status = found.map((entry) => entry?.case.status);
      return status[0] === 'promise' && status[1] === 'disputed' ? status : undefined;
    }, 20_000);
    expect(statuses.slice(0, 2)).toEqual(['promise', 'disputed']);
    for (const task of tasks) {
      const timeline = await waitFor(async () => {
        const lines = await cases.timeline(task.invoiceId);
        return lines.some((line) => line.type === 'customer-call') ? lines : undefined;
      }, 20_000);
      expect(timeline.find((line) => line.type === 'customer-call')?.data).toMatchObject({
        callTaskId: lead.taskId,
        invoices: 3,
      });
    }
  });
});

describe('a customer call whose outcome is one for the whole account', () => {
  it('allocates a promise for the total to the oldest invoice first', async () => {
    // Arrange
    const tasks = await customerCall('cust-api-account');
    const [lead] = tasks;
    if (!lead) throw new Error('a call expected');
    const detail = detailShape.parse((await call('GET', `/tasks/${lead.taskId}`, { as: 'caller' })).body);
    const total = detail.call?.totalOpenCents ?? 0;
    await call('POST', `/tasks/${lead.taskId}/claim`, { as: 'caller' });

    // Act
    const response = await call('POST', `/tasks/${lead.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'promise', promisedOn: addDays(TODAY, 7), cents: total } },
    });

    // Assess
    expect(response.status).toBe(200);
    const finished = await Promise.all(tasks.map((task) => done(task.taskId)));
    const promised = finished.map((task) => (task.outcome?.type === 'promise' ? task.outcome.cents : 0));
    expect(promised).toEqual(detail.call?.invoices.map((invoice) => invoice.openCents));
  }, 60_000);
});
