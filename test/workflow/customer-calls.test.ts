import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { CallerTaskRepository } from '../../functions/adapters/caller-tasks.js';
import { openTask, type Task } from '../../functions/domain/task.js';
import { openCallTask } from '../../functions/workflow/customer-call.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { clientConfig } from './emulators-support.js';

const NOW = '2026-03-16T09:00:00Z';

let dynamo: LocalDynamoDb;
let documents: DocumentClient;
let tasks: CallerTaskRepository;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  documents = new DocumentClient(clientConfig(dynamo.endpoint));
  tasks = new CallerTaskRepository(documents, dynamo.tableNames.DunningTable ?? '');
});

afterAll(async () => {
  await dynamo.stop();
});

function callTask(customerId: string, index: number): Task {
  return openTask(
    {
      taskId: `call-${customerId}-${index}`,
      kind: 'call',
      queue: 'receivables',
      priority: 100,
      dueAt: NOW,
      invoiceId: `inv-${customerId}-${index}`,
      invoiceNumber: `RE-${customerId}-${index}`,
      invoiceDueDate: '2026-01-15',
      customerId,
      customerName: 'Stahlbau Nord GmbH',
      openCents: 1_000,
      currency: 'EUR',
      levelId: 'call',
      attempt: 1,
      salesRepInvolved: false,
      executionId: `exec-${index}`,
      taskToken: `token-${index}`,
    },
    NOW,
  );
}

const ports = () => ({ tasks, calls: tasks.calls });
const queued = async (customerId: string) =>
  (await tasks.listQueue('receivables', { limit: 100, kind: 'call' })).tasks.filter(
    (task) => task.customerId === customerId,
  );

describe('one call per customer', () => {
  it('makes every call task of a customer opening at once a member of one call, each keeping its own token', async () => {
    // Arrange
    const opening = Array.from({ length: 8 }, (_, index) => callTask('cust-race', index));

    // Act
    await Promise.all(opening.map((task) => openCallTask(ports(), task, NOW)));

    // Assess
    const listed = await queued('cust-race');
    expect(listed).toHaveLength(1);
    const lead = await tasks.get(listed[0]?.taskId ?? '');
    const stored = await Promise.all(opening.map((task) => tasks.get(task.taskId)));
    expect([...(lead?.members ?? [])].sort()).toEqual(
      opening
        .map((task) => task.taskId)
        .filter((taskId) => taskId !== lead?.taskId)
        .sort(),
    );
    expect(stored.map((task) => task?.taskToken)).toEqual(opening.map((task) => task.taskToken));
    expect(stored.filter((task) => task?.leadTaskId === lead?.taskId)).toHaveLength(7);
    expect(await tasks.calls.current('cust-race')).toBe(lead?.taskId);
  });

  it('keeps a retried member once on its call and gives it the retried attempt’s token', async () => {
    // Arrange
    const [lead, member] = [callTask('cust-retry', 0), callTask('cust-retry', 1)];
    await openCallTask(ports(), lead, NOW);
    await openCallTask(ports(), member, NOW);

    // Act
    const again = await openCallTask(ports(), { ...member, taskToken: 'token-retried' }, NOW);

    // Assess
    expect(again).toEqual({ stored: 'refreshed', callTaskId: lead.taskId });
    expect((await tasks.get(lead.taskId))?.members).toEqual([member.taskId]);
    expect(await tasks.get(member.taskId)).toMatchObject({
      leadTaskId: lead.taskId,
      taskToken: 'token-retried',
    });
    expect((await queued('cust-retry')).map((task) => task.taskId)).toEqual([lead.taskId]);
  });

  it('opens a new call for a case reaching a call level after the call’s outcome was recorded', async () => {
    // Arrange
    const [lead, late] = [callTask('cust-late', 0), callTask('cust-late', 1)];
    await openCallTask(ports(), lead, NOW);
    await tasks.recordSharedOutcome(
      lead.taskId,
      {
        parts: [{ taskId: lead.taskId, invoiceId: lead.invoiceId, outcome: { type: 'not-reached' } }],
        by: null,
        at: NOW,
        request: '{"outcome":{"type":"not-reached"}}',
      },
      [],
    );

    // Act
    await openCallTask(ports(), late, NOW);

    // Assess
    expect((await tasks.get(lead.taskId))?.members).toEqual([]);
    expect((await tasks.get(late.taskId))?.leadTaskId).toBeNull();
    expect(await tasks.calls.current('cust-late')).toBe(late.taskId);
  });

  it('hands the call to its first open member when the call’s own case leaves, the others staying members', async () => {
    // Arrange
    const opening = [0, 1, 2].map((index) => callTask('cust-leave', index));
    for (const task of opening) await openCallTask(ports(), task, NOW);
    const [lead, first, second] = opening;
    if (!lead || !first || !second) throw new Error('three tasks expected');

    // Act
    await tasks.finish(lead.taskId, 'done', {
      outcome: { type: 'case-closed', outcome: 'paid' },
      updatedAt: NOW,
    });

    // Assess
    expect((await queued('cust-leave')).map((task) => task.taskId)).toEqual([first.taskId]);
    expect(await tasks.get(first.taskId)).toMatchObject({ leadTaskId: null, members: [second.taskId] });
    expect((await tasks.get(second.taskId))?.leadTaskId).toBe(first.taskId);
    expect(await tasks.calls.current('cust-leave')).toBe(first.taskId);
  });

  it('lets a member whose case closed leave the call without touching the call or the others', async () => {
    // Arrange
    const opening = [0, 1, 2].map((index) => callTask('cust-member-leaves', index));
    for (const task of opening) await openCallTask(ports(), task, NOW);
    const [lead, leaving, staying] = opening;
    if (!lead || !leaving || !staying) throw new Error('three tasks expected');

    // Act
    await tasks.finish(leaving.taskId, 'done', {
      outcome: { type: 'case-closed', outcome: 'paid' },
      updatedAt: NOW,
    });

    // Assess
    expect((await queued('cust-member-leaves')).map((task) => task.taskId)).toEqual([lead.taskId]);
    expect((await tasks.get(staying.taskId))?.status).toBe('open');
    expect((await tasks.get(lead.taskId))?.status).toBe('open');
  });
});
