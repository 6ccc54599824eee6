import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseAtCallLevel, problemShape, TODAY, useApiStack } from './support.js';

const { call } = useApiStack();
let task: Task;

beforeAll(async () => {
  task = await caseAtCallLevel('api-matrix', TODAY);
}, 30_000);

const cursorOf = (state: unknown) => Buffer.from(JSON.stringify(state)).toString('base64url');
/** Shaped like a position in a queue, but of the finished tasks: not a cursor the task list issued. */
const doneTasksPosition = {
  pk: 'TASK#call-00000000000000000000',
  sk: 'TASK',
  queuePk: 'QUEUE#receivables#done',
  queueSk: '0000000100',
};

describe('malformed requests', () => {
  const taskPath = () => `/tasks/${task.taskId}`;
  const cases = (): [
    name: string,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    as?: 'caller' | 'supervisor',
  ][] => [
    ['limit zero', 'GET', '/tasks?limit=0', undefined],
    ['limit too large', 'GET', '/tasks?limit=1000', undefined],
    ['limit not a number', 'GET', '/tasks?limit=many', undefined],
    ['limit fractional', 'GET', '/tasks?limit=2.5', undefined],
    ['unknown kind', 'GET', '/tasks?kind=visit', undefined],
    ['queue with spaces', 'GET', '/tasks?queue=my%20queue', undefined],
    ['task id with bad characters', 'GET', '/tasks/DROP%20TABLE', undefined],
    ['task id too short', 'GET', '/tasks/call-123', undefined],
    ['outcome without body', 'POST', `${taskPath()}/outcome`, undefined],
    ['outcome body not an object', 'POST', `${taskPath()}/outcome`, 'promise'],
    ['outcome missing', 'POST', `${taskPath()}/outcome`, {}],
    ['outcome without type', 'POST', `${taskPath()}/outcome`, { outcome: {} }],
    ['unknown outcome type', 'POST', `${taskPath()}/outcome`, { outcome: { type: 'maybe' } }],
    ['promise without date', 'POST', `${taskPath()}/outcome`, { outcome: { type: 'promise', cents: 100 } }],
    [
      'promise date in German notation',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '01.04.2026', cents: 100 } },
    ],
    [
      'promise without amount',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01' } },
    ],
    [
      'promise of zero cents',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01', cents: 0 } },
    ],
    [
      'promise of negative cents',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01', cents: -5 } },
    ],
    [
      'promise in fractional cents',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01', cents: 10.5 } },
    ],
    [
      'promise amount as string',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01', cents: '100' } },
    ],
    [
      'unknown reason code',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01', cents: 100, reason: 'weather' } },
    ],
    [
      'dissatisfied not a boolean',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'promise', promisedOn: '2026-04-01', cents: 100, dissatisfied: 'yes' } },
    ],
    [
      'notes too long',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'not-reached', notes: 'x'.repeat(2001) } },
    ],
    [
      'installments with one rate',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'installments', rates: [{ dueDate: '2026-04-01', cents: 100 }] } },
    ],
    ['installments without rates', 'POST', `${taskPath()}/outcome`, { outcome: { type: 'installments' } }],
    [
      'installment rate without date',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'installments', rates: [{ cents: 100 }, { cents: 100 }] } },
    ],
    ['dispute without reason', 'POST', `${taskPath()}/outcome`, { outcome: { type: 'dispute' } }],
    [
      'dispute with a too short reason',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'dispute', disputeReason: 'no' } },
    ],
    ['callback without time', 'POST', `${taskPath()}/outcome`, { outcome: { type: 'callback' } }],
    [
      'callback time without offset',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'callback', callbackAt: '2026-04-01T10:00:00' } },
    ],
    ['paid without date', 'POST', `${taskPath()}/outcome`, { outcome: { type: 'paid' } }],
    [
      'approval on a call task',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'approval', decision: 'approve' } },
    ],
    [
      'approval with unknown decision',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'approval', decision: 'perhaps' } },
    ],
    [
      'resolution with unknown value',
      'POST',
      `${taskPath()}/outcome`,
      { outcome: { type: 'resolution', resolution: 'half' } },
    ],
    ['hold without reason', 'POST', '/cases/api-matrix/hold', {}, 'supervisor'],
    ['hold with a too short reason', 'POST', '/cases/api-matrix/hold', { reason: 'x' }, 'supervisor'],
    ['hold reason not a string', 'POST', '/cases/api-matrix/hold', { reason: 42 }, 'supervisor'],
    ['restart without reason', 'POST', '/cases/api-matrix/restart', {}, 'supervisor'],
    ['report with a bad from date', 'GET', '/reports/aging?from=yesterday', undefined, 'supervisor'],
    ['report with an impossible date', 'GET', '/reports/promises?to=2026-02-30', undefined, 'supervisor'],
    ['case id too long', 'GET', `/cases/${'x'.repeat(65)}`, undefined, 'supervisor'],
    ['unknown case', 'GET', '/cases/does-not-exist', undefined, 'supervisor'],
    ['unknown task', 'GET', '/tasks/call-00000000000000000000', undefined],
  ];

  it('has at least 40 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(40);
  });

  it('answers each with a 4xx problem naming the field, and writes nothing', async () => {
    // Arrange
    const { tasks, cases: caseStore } = workflowInstance();
    await call('POST', `/tasks/${task.taskId}/claim`, { as: 'caller' });
    const taskBefore = await tasks.get(task.taskId);
    const caseBefore = await caseStore.get('api-matrix');

    // Act
    const results = [];
    for (const [name, method, path, body, as] of cases()) {
      const response = await call(method, path, {
        as: as ?? 'caller',
        ...(typeof body === 'string' ? { rawBody: body } : { body }),
      });
      results.push({
        name,
        status: response.status,
        problem: problemShape.safeParse(response.body).success,
        text: response.text,
      });
    }

    // Assert
    const wrong = results.filter((result) => result.status < 400 || result.status >= 500 || !result.problem);
    expect(wrong).toEqual([]);
    const fieldNamed = results.filter((result) => result.status === 400);
    expect(fieldNamed.every((result) => /"path":"(body|query|path)/.test(result.text))).toBe(true);
    expect((await tasks.get(task.taskId))?.outcome).toEqual(taskBefore?.outcome);
    expect((await caseStore.get('api-matrix'))?.case.version).toBe(caseBefore?.case.version);
  });
});

describe('a cursor that is not one of ours', () => {
  it.each([
    ['garbage', 'not-a-cursor'],
    ['of the wrong shape', cursorOf([1, 2])],
    ['of finished tasks', cursorOf({ receivables: doneTasksPosition })],
    ['for queues that were not asked for', cursorOf({ 'no-such-queue': {} })],
    ['for the asked queue and one more', cursorOf({ receivables: {}, 'no-such-queue': {} })],
    ['with a position of other keys', cursorOf({ receivables: { id: 'TASK#x', queue: 'receivables' } })],
  ])('is refused with 400 naming the cursor when it is %s', async (_name, cursor) => {
    // Arrange, Act
    const response = await call('GET', `/tasks?cursor=${cursor}`, { as: 'caller' });

    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ path: 'query.cursor' }] });
  });
});

const position = (patch: Record<string, unknown>) => ({
  receivables: {
    pk: 'TASK#call-00000000000000000000',
    sk: 'TASK',
    queuePk: 'QUEUE#receivables#open',
    queueSk: '0042#2026-03-16T08:00:00Z',
    ...patch,
  },
});

describe('a cursor that decodes but names the wrong keys', () => {
  it.each([
    ['JSON null', null],
    ['a number', 42],
    ['a string', 'receivables'],
    ['a position with an extra key', position({ extra: 1 })],
    [
      'a position without its sort key',
      { receivables: { pk: 'TASK#x', sk: 'TASK', queuePk: 'QUEUE#receivables#open' } },
    ],
    ['a position whose sort key is a number', position({ queueSk: 100 })],
    ['a position of a case instead of a task', position({ pk: 'CASE#api-bounds' })],
    ['a position of another item type', position({ sk: 'CASE' })],
    ['a position of another queue', position({ queuePk: 'QUEUE#supervisors#open' })],
    ['a queue named __proto__', JSON.parse('{"__proto__": {}}')],
    ['a position that is a list', { receivables: [] }],
    ['a position with an empty sort key', position({ queueSk: '' })],
    ['a position with an empty task id', position({ pk: 'TASK#' })],
    ['a position whose sort key is no priority', position({ queueSk: '0000000100' })],
  ])('answers 400 naming the cursor for %s', async (_name, state) => {
    // Arrange, Act
    const response = await call('GET', `/tasks?queue=receivables&cursor=${cursorOf(state)}`, {
      as: 'caller',
    });

    // Assert
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ path: 'query.cursor' }] });
  });
});
