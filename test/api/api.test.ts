import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import type { Task } from '../../functions/workflow/tasks.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';
import { apiClient, caseAtCallLevel, waitFor } from './support.js';

// Real time: tasks must not time out while a test works them.
const TODAY = '2026-03-16';
let stack: WorkflowStack;
let call: ReturnType<typeof apiClient>;
let task: Task;

beforeAll(async () => {
  stack = await startWorkflowStack({
    clockScale: 1,
    businessStart: `${TODAY}T10:00:00+01:00`,
    logLevel: 'ERROR',
  });
  call = apiClient(stack);
  task = await caseAtCallLevel('api-matrix', TODAY);
}, 30_000);

afterAll(async () => {
  await stack?.stop();
});

const problemShape = z.object({ type: z.string(), title: z.string(), status: z.number() });

describe('authorisation of every route', () => {
  const routes = (): [method: 'GET' | 'POST', path: string, supervisorsOnly: boolean, body?: unknown][] => [
    ['GET', '/tasks', false],
    ['GET', `/tasks/${task.taskId}`, false],
    ['POST', `/tasks/${task.taskId}/claim`, false],
    ['POST', `/tasks/${task.taskId}/release`, false],
    ['POST', `/tasks/${task.taskId}/outcome`, false, { outcome: { type: 'not-reached' } }],
    ['GET', '/cases/api-matrix', true],
    ['POST', '/cases/api-matrix/hold', true, { reason: 'insolvency check' }],
    ['POST', '/cases/api-matrix/resume', true],
    ['GET', '/reports/aging', true],
    ['GET', '/reports/reasons', true],
    ['GET', '/reports/promises', true],
    ['GET', '/reports/recovered', true],
  ];

  it('refuses every route without a token with 401 problem+json', async () => {
    // Arrange, Act
    const responses = await Promise.all(
      routes().map(([method, path, , body]) => call(method, path, { as: 'nobody', body })),
    );

    // Assert
    expect(responses.map((response) => response.status)).toEqual(routes().map(() => 401));
    expect(responses.every((response) => response.contentType.startsWith('application/problem+json'))).toBe(
      true,
    );
  });

  it('refuses a forged token with 401', async () => {
    // Arrange
    const forged = `${await import('../../local/api-gateway.js').then((module) => module.issueLocalToken('supervisor', { key: 'not-the-local-key-at-all-0000000000000' }))}`;

    // Act
    const response = await call('GET', '/reports/aging', { token: forged });

    // Assert
    expect(response.status).toBe(401);
  });

  it('refuses supervisor routes to callers with 403 and serves them to supervisors', async () => {
    // Arrange
    const supervisorRoutes = routes().filter(([, , supervisorsOnly]) => supervisorsOnly);

    // Act
    const asCaller = await Promise.all(
      supervisorRoutes.map(([method, path, , body]) => call(method, path, { as: 'caller', body })),
    );
    const asSupervisor = [];
    for (const [method, path, , body] of supervisorRoutes)
      asSupervisor.push(await call(method, path, { as: 'supervisor', body }));

    // Assert
    expect(asCaller.map((response) => response.status)).toEqual(supervisorRoutes.map(() => 403));
    expect(asSupervisor.map((response) => response.status)).toEqual(supervisorRoutes.map(() => 200));
  });

  it('lets callers and supervisors list the tasks of their queues', async () => {
    // Arrange, Act
    const asCaller = await call('GET', '/tasks', { as: 'caller' });
    const asSupervisor = await call('GET', '/tasks?queue=receivables', { as: 'supervisor' });

    // Assert
    expect(asCaller.status).toBe(200);
    expect(asSupervisor.status).toBe(200);
    expect(JSON.stringify(asCaller.body)).toContain(task.taskId);
  });

  it('hides queues of other groups from a caller', async () => {
    // Arrange, Act
    const response = await call('GET', '/tasks?queue=supervisors', { as: 'caller' });

    // Assert
    expect(response.status).toBe(403);
    expect(problemShape.parse(response.body).title).toBe('Forbidden');
  });

  it('answers an unknown route with a 404 problem', async () => {
    // Arrange, Act
    const response = await call('GET', '/nothing-here', { as: 'caller' });

    // Assert
    expect(response.status).toBe(404);
    expect(response.contentType).toContain('application/problem+json');
  });

  it('publishes its OpenAPI 3.1 document generated from the schemas', async () => {
    // Arrange, Act
    const response = await call('GET', '/openapi.json', { as: 'nobody' });

    // Assert
    expect(response.status).toBe(200);
    const document = z
      .object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
      .parse(response.body);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/tasks',
        '/tasks/{id}',
        '/tasks/{id}/outcome',
        '/cases/{invoiceId}/hold',
        '/reports/aging',
      ]),
    );
  });
});

describe('a task in detail', () => {
  it('shows everything a caller needs and never the task token or the email address', async () => {
    // Arrange, Act
    const response = await call('GET', `/tasks/${task.taskId}`, { as: 'caller' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.text).not.toContain(task.taskToken);
    expect(response.text).not.toMatch(/taskToken/);
    expect(response.text).not.toContain('kreditoren@rheinstahl.example');
    const detail = z
      .object({
        customer: z.object({ phone: z.string().nullable(), email: z.null() }),
        case: z.object({ amounts: z.object({ interestToDate: z.object({ cents: z.number() }) }) }),
        talkingPoints: z.array(z.string()),
        timeline: z.array(z.object({ type: z.string() })),
      })
      .parse(response.body);
    expect(detail.customer.phone).toBe('+49 211 555 0199');
    expect(detail.case.amounts.interestToDate.cents).toBeGreaterThan(0);
    expect(detail.talkingPoints.join(' ')).toContain('RE-api-matrix');
    expect(detail.timeline.map((entry) => entry.type)).toContain('reminder-sent');
  });

  it('speaks German unless English is asked for: talking points and timeline alike', async () => {
    // Arrange
    const read = z.object({
      talkingPoints: z.array(z.string()),
      timeline: z.array(z.object({ type: z.string(), summary: z.string() })),
    });
    const opened = (detail: z.infer<typeof read>) =>
      detail.timeline.find((entry) => entry.type === 'case-opened')?.summary;

    // Act
    const german = read.parse((await call('GET', `/tasks/${task.taskId}`, { as: 'caller' })).body);
    const english = read.parse((await call('GET', `/tasks/${task.taskId}?lang=en`, { as: 'caller' })).body);
    const refused = await call('GET', `/tasks/${task.taskId}?lang=fr`, { as: 'caller' });

    // Assert
    expect(opened(german)).toMatch(/^Fall eröffnet für Rechnung RE-api-matrix/);
    expect(german.talkingPoints[0]).toMatch(/^Rechnung RE-api-matrix/);
    expect(opened(english)).toMatch(/^case opened for invoice RE-api-matrix/);
    expect(english.talkingPoints[0]).toMatch(/^Invoice RE-api-matrix/);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('lang');
  });
});

describe('claims', () => {
  it('gives a task to exactly one of two callers claiming at once', async () => {
    // Arrange
    const contested = await caseAtCallLevel('api-claim-race', TODAY);

    // Act
    const [first, second] = await Promise.all([
      call('POST', `/tasks/${contested.taskId}/claim`, { as: 'caller', subject: 'anna' }),
      call('POST', `/tasks/${contested.taskId}/claim`, { as: 'caller', subject: 'bernd' }),
    ]);

    // Assert
    expect([first.status, second.status].sort()).toEqual([200, 409]);
  });

  it('lets only the holder release a claim', async () => {
    // Arrange
    const claimed = await caseAtCallLevel('api-release', TODAY);
    await call('POST', `/tasks/${claimed.taskId}/claim`, { as: 'caller', subject: 'anna' });

    // Act
    const byOther = await call('POST', `/tasks/${claimed.taskId}/release`, {
      as: 'caller',
      subject: 'bernd',
    });
    const byHolder = await call('POST', `/tasks/${claimed.taskId}/release`, {
      as: 'caller',
      subject: 'anna',
    });

    // Assert
    expect(byOther.status).toBe(409);
    expect(byHolder.status).toBe(200);
  });
});

describe('outcomes', () => {
  it('records a promise, resumes the execution once even when posted twice, and confirms it by email', async () => {
    // Arrange
    const promised = await caseAtCallLevel('api-promise', TODAY);
    await call('POST', `/tasks/${promised.taskId}/claim`, { as: 'caller' });
    const body = {
      outcome: { type: 'promise', promisedOn: addDays(TODAY, 7), cents: 100_000, reason: 'liquidity' },
    };

    // Act
    const first = await call('POST', `/tasks/${promised.taskId}/outcome`, { as: 'caller', body });
    const second = await call('POST', `/tasks/${promised.taskId}/outcome`, { as: 'caller', body });

    // Assert
    expect([first.status, second.status]).toEqual([200, 200]);
    const { tasks, cases } = workflowInstance();
    const done = await waitFor(async () => {
      const current = await tasks.get(promised.taskId);
      return current?.status === 'done' ? current : undefined;
    });
    expect(done.outcome).toMatchObject({ type: 'promise', cents: 100_000 });
    const history = stack.stepFunctions.execution(
      `${String(stack.stateMachineArns.DunningStateMachineArn).replace(':stateMachine:', ':execution:')}:inv-api-promise`,
    );
    expect(history?.status).toBe('RUNNING');
    // Exactly one SendTaskSuccess reached the waiting task, although the outcome was posted twice.
    const resumedOpenTask = (history?.history ?? []).filter(
      (event) => event.type === 'TaskSucceeded' && event.stateName === 'OpenTask',
    );
    expect(resumedOpenTask).toHaveLength(1);
    expect((await tasks.get(promised.taskId))?.resumedAt).not.toBeNull();
    const stored = await waitFor(async () => {
      const found = await cases.get('api-promise');
      return found?.case.status === 'promise' ? found.case : undefined;
    });
    expect(stored.promises).toHaveLength(1);
    const confirmations = await waitFor(async () => {
      const mails = (await stack.ses.listEmails()).filter((mail) => mail.subject.includes('RE-api-promise'));
      return mails.length > 0 ? mails : undefined;
    });
    expect(confirmations).toHaveLength(1);
  });

  it('opens a data-correction task when the call reached the wrong contact, which a caller can complete', async () => {
    // Arrange
    const wrong = await caseAtCallLevel('api-wrong-contact', TODAY);
    await call('POST', `/tasks/${wrong.taskId}/claim`, { as: 'caller' });
    await call('POST', `/tasks/${wrong.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'wrong-contact', notes: 'Nummer gehört zur Pforte' } },
    });
    const { tasks } = workflowInstance();
    const correction = await waitFor(async () =>
      (await tasks.tasksOfCase('api-wrong-contact')).find(
        (candidate) => candidate.kind === 'data-correction',
      ),
    );

    // Act
    await call('POST', `/tasks/${correction.taskId}/claim`, { as: 'caller' });
    const refused = await call('POST', `/tasks/${correction.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'promise', promisedOn: addDays(TODAY, 3), cents: 100 } },
    });
    const done = await call('POST', `/tasks/${correction.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'contact-corrected', notes: 'Buchhaltung: Durchwahl -214' } },
    });

    // Assert
    expect(correction.taskToken).toBeNull();
    expect(refused.status).toBe(422);
    expect(done.status).toBe(200);
    expect((await tasks.get(correction.taskId))?.status).toBe('done');
    const timeline = await workflowInstance().cases.timeline('api-wrong-contact');
    expect(timeline.map((entry) => entry.type)).toContain('contact-correction-needed');
  });

  it('refuses an outcome from a caller who has not claimed the task', async () => {
    // Arrange
    const unclaimed = await caseAtCallLevel('api-unclaimed', TODAY);

    // Act
    const response = await call('POST', `/tasks/${unclaimed.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'not-reached' } },
    });

    // Assert
    expect(response.status).toBe(409);
    expect((await workflowInstance().tasks.get(unclaimed.taskId))?.outcome).toBeNull();
  });

  it('refuses a promise further ahead than the policy allows with 422 and changes nothing', async () => {
    // Arrange
    const farAway = await caseAtCallLevel('api-far-promise', TODAY);
    await call('POST', `/tasks/${farAway.taskId}/claim`, { as: 'caller' });

    // Act
    const response = await call('POST', `/tasks/${farAway.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'promise', promisedOn: addDays(TODAY, 120), cents: 1000 } },
    });

    // Assert
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain('30 days');
    expect((await workflowInstance().tasks.get(farAway.taskId))?.outcome).toBeNull();
  });

  it('answers 409 for an outcome after the task timed out and keeps it on the case timeline', async () => {
    // Arrange
    const late = await caseAtCallLevel('api-late', TODAY);
    await call('POST', `/tasks/${late.taskId}/claim`, { as: 'caller' });
    const executionArn = `${String(stack.stateMachineArns.DunningStateMachineArn).replace(':stateMachine:', ':execution:')}:inv-api-late`;
    stack.stepFunctions.stopExecution({ executionArn, error: 'Test', cause: 'the task token dies' });

    // Act
    const response = await call('POST', `/tasks/${late.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: { type: 'promise', promisedOn: addDays(TODAY, 5), cents: 5000 } },
    });

    // Assert
    expect(response.status).toBe(409);
    const timeline = await workflowInstance().cases.timeline('api-late');
    expect(timeline.map((entry) => entry.type)).toContain('late-outcome');
    expect((await workflowInstance().tasks.get(late.taskId))?.outcome).toMatchObject({ type: 'promise' });
  });
});

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
    ['garbage cursor', 'GET', '/tasks?cursor=not-a-cursor', undefined],
    [
      'cursor of wrong shape',
      'GET',
      `/tasks?cursor=${Buffer.from('[1,2]').toString('base64url')}`,
      undefined,
    ],
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

describe('the queue', () => {
  it('pages through all tasks in priority order with an opaque cursor', async () => {
    // Arrange
    for (const [index, cents] of [5_000_00, 50_000_00, 500_00].entries()) {
      await caseAtCallLevel(`api-page-${index}`, TODAY, { amount: { cents, currency: 'EUR' } });
    }

    // Act
    const seen: { taskId: string; priority: number }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const response = await call('GET', `/tasks?limit=2${query}`, { as: 'caller' });
      const page = z
        .object({
          tasks: z.array(z.object({ taskId: z.string(), priority: z.number() })),
          nextCursor: z.string().nullable(),
        })
        .parse(response.body);
      seen.push(...page.tasks);
      cursor = page.nextCursor;
    } while (cursor);

    // Assert
    const priorities = seen.map((entry) => entry.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(new Set(seen.map((entry) => entry.taskId)).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });
});
