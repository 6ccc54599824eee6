import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi.js';
import type { Task } from '../../functions/domain/task.js';
import { issueLocalToken } from '../../local/api-gateway.js';
import { caseAtCallLevel, problemShape, TODAY, useApiStack } from './support.js';

const { call } = useApiStack();
let task: Task;

beforeAll(async () => {
  // Disputing and writing off end a case's call: they act on a case of their own, so `task` stays open.
  [task] = await Promise.all([
    caseAtCallLevel('api-matrix', TODAY),
    caseAtCallLevel('api-matrix-actions', TODAY),
  ]);
}, 30_000);

describe('authorisation of every route', () => {
  const routes = (): [
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    supervisorsOnly: boolean,
    body?: unknown,
    supervisorStatus?: number,
  ][] => [
    ['GET', '/tasks', false],
    ['GET', `/tasks/${task.taskId}`, false],
    ['POST', `/tasks/${task.taskId}/claim`, false],
    ['POST', `/tasks/${task.taskId}/release`, false],
    ['POST', `/tasks/${task.taskId}/outcome`, false, { outcome: { type: 'not-reached' } }],
    // A customer call's outcome per invoice, and a promise allocated over its invoices.
    [
      'POST',
      `/tasks/${task.taskId}/outcome`,
      false,
      { parts: [{ invoiceId: 'api-matrix', outcome: { type: 'not-reached' } }] },
    ],
    [
      'POST',
      `/tasks/${task.taskId}/outcome`,
      false,
      {
        outcome: { type: 'promise', promisedOn: '2026-03-20', cents: 100 },
        allocation: [{ invoiceId: 'api-matrix', cents: 100 }],
      },
    ],
    ['GET', '/cases/api-matrix', true],
    // Served, and answered 404 because the case has not been handed over.
    ['GET', '/cases/api-matrix/case-file', true, undefined, 404],
    ['GET', '/cases/api-matrix/case-file/links', true, undefined, 404],
    ['POST', '/cases/api-matrix/hold', true, { reason: 'insolvency check' }],
    ['POST', '/cases/api-matrix/resume', true],
    // Served, and refused because a running execution works the case.
    ['POST', '/cases/api-matrix/restart', true, { reason: 'execution failed' }, 409],
    ['GET', '/search?q=RE-api-matrix', false],
    ['GET', `/customers/${task.customerId}`, false],
    ['PUT', '/cases/api-matrix/tone', true, { tone: 'friendly', reason: 'long-standing customer' }],
    ['POST', '/cases/api-matrix-actions/dispute', true, { reason: 'delivery incomplete' }],
    ['POST', '/cases/api-matrix-actions/write-off', true, { scope: 'all', reason: 'debtor insolvent' }],
    ['GET', '/reports/aging', true],
    ['GET', '/reports/reasons', true],
    ['GET', '/reports/promises', true],
    ['GET', '/reports/recovered', true],
    ['GET', '/print-batches', true],
    // Served, and answered 404 because there was no batch that day.
    ['GET', '/print-batches/print-2020-01-01', true, undefined, 404],
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
    const forged = await issueLocalToken('supervisor', { key: 'not-the-local-key-at-all-0000000000000' });

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
    expect(asSupervisor.map((response) => response.status)).toEqual(
      supervisorRoutes.map(([, , , , supervisorStatus]) => supervisorStatus ?? 200),
    );
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

  it('lets callers and supervisors search for and open the customer of a task in their queues', async () => {
    // Arrange
    const paths = ['/search?q=RE-api-matrix', `/customers/${task.customerId}`];

    // Act
    const asCaller = await Promise.all(paths.map((path) => call('GET', path, { as: 'caller' })));
    const asSupervisor = await Promise.all(paths.map((path) => call('GET', path, { as: 'supervisor' })));

    // Assert
    expect([...asCaller, ...asSupervisor].map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(JSON.stringify(asCaller[0]?.body)).toContain('api-matrix');
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

  it('serves the OpenAPI document at /openapi.json without a token, generated from the running code', async () => {
    // Arrange
    const generated: unknown = JSON.parse(JSON.stringify(openApiDocument()));

    // Act
    const response = await call('GET', '/openapi.json', { as: 'nobody' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json');
    expect(response.body).toEqual(generated);
  });
});
