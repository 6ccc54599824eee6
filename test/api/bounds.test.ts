import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { openCents } from '../../functions/domain/case.js';
import { MAX_AMOUNT_CENTS } from '../../functions/domain/input-bounds.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, computeReports, problemShape, TODAY, useApiStack } from './support.js';

const { call, stack } = useApiStack();
let task: Task;

beforeAll(async () => {
  task = await caseAtCallLevel('api-bounds', TODAY, { amount: { cents: MAX_AMOUNT_CENTS, currency: 'EUR' } });
  await call('POST', `/tasks/${task.taskId}/claim`, { as: 'caller' });
}, 30_000);

const outcome = (value: Record<string, unknown>) => ({ outcome: value });
const promise = (patch: Record<string, unknown>) =>
  outcome({ type: 'promise', promisedOn: addDays(TODAY, 7), cents: 100, ...patch });
const rates = (count: number, cents = 10_000_000_000) =>
  Array.from({ length: count }, (_, index) => ({ dueDate: addDays(TODAY, 30 * (index + 1)), cents }));

const problemWithErrors = problemShape.extend({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});
const namedPaths = (body: unknown) =>
  problemWithErrors.safeParse(body).data?.errors.map((error) => error.path);

type Case = [
  name: string,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  status: number,
  field: string,
];

/** Each input with the status and the field its problem must name; the task is claimed, so 422s are reached. */
const cases = (): Case[] => {
  const out = `/tasks/${task.taskId}/outcome`;
  return [
    [
      'a promise date in year 0001',
      'POST',
      out,
      promise({ promisedOn: '0001-01-01' }),
      400,
      'body.outcome.promisedOn',
    ],
    [
      'a promise date in year 9999',
      'POST',
      out,
      promise({ promisedOn: '9999-12-31' }),
      400,
      'body.outcome.promisedOn',
    ],
    [
      'a paid date before 2000',
      'POST',
      out,
      outcome({ type: 'paid', paidOn: '1999-12-31' }),
      400,
      'body.outcome.paidOn',
    ],
    [
      'a rate due after 2099',
      'POST',
      out,
      outcome({ type: 'installments', rates: [rates(1)[0], { dueDate: '2100-01-01', cents: 100 }] }),
      400,
      'body.outcome.rates.1.dueDate',
    ],
    [
      'a callback in year 9999',
      'POST',
      out,
      outcome({ type: 'callback', callbackAt: '9999-12-31T10:00:00+01:00' }),
      400,
      'body.outcome.callbackAt',
    ],
    [
      'a callback in 1970',
      'POST',
      out,
      outcome({ type: 'callback', callbackAt: '1970-01-01T00:00:00Z' }),
      400,
      'body.outcome.callbackAt',
    ],
    [
      'a promise above 1 bn EUR',
      'POST',
      out,
      promise({ cents: MAX_AMOUNT_CENTS + 1 }),
      400,
      'body.outcome.cents',
    ],
    ['a promise beyond safe integers', 'POST', out, promise({ cents: 2 ** 60 }), 400, 'body.outcome.cents'],
    [
      'a rate above 1 bn EUR',
      'POST',
      out,
      outcome({ type: 'installments', rates: rates(2, MAX_AMOUNT_CENTS + 1) }),
      400,
      'body.outcome.rates.0.cents',
    ],
    ['61 rates', 'POST', out, outcome({ type: 'installments', rates: rates(61) }), 400, 'body.outcome.rates'],
    [
      'a NUL in the notes',
      'POST',
      out,
      outcome({ type: 'not-reached', notes: 'a\u0000b' }),
      400,
      'body.outcome.notes',
    ],
    [
      'an ANSI escape in the notes',
      'POST',
      out,
      outcome({ type: 'not-reached', notes: 'rot \u001b[31m' }),
      400,
      'body.outcome.notes',
    ],
    [
      'a C1 control in the notes',
      'POST',
      out,
      outcome({ type: 'wrong-contact', notes: 'x\u009by' }),
      400,
      'body.outcome.notes',
    ],
    [
      'a right-to-left override in the notes',
      'POST',
      out,
      promise({ notes: 'zahlt \u202E0001' }),
      400,
      'body.outcome.notes',
    ],
    [
      'a left-to-right isolate in the notes',
      'POST',
      out,
      promise({ notes: 'a\u2066b' }),
      400,
      'body.outcome.notes',
    ],
    [
      'an unpaired surrogate in the notes',
      'POST',
      out,
      promise({ notes: 'a\uD800b' }),
      400,
      'body.outcome.notes',
    ],
    [
      'a right-to-left mark in a dispute reason',
      'POST',
      out,
      outcome({ type: 'dispute', disputeReason: 'Lieferung \u200Ffehlt' }),
      400,
      'body.outcome.disputeReason',
    ],
    [
      'a carriage return in a dispute reason',
      'POST',
      out,
      outcome({ type: 'dispute', disputeReason: 'Lieferung\rfehlt' }),
      400,
      'body.outcome.disputeReason',
    ],
    [
      'more rates than the policy allows',
      'POST',
      out,
      outcome({ type: 'installments', rates: rates(13) }),
      422,
      'body.outcome',
    ],
    [
      'a callback further ahead than the policy allows',
      'POST',
      out,
      outcome({ type: 'callback', callbackAt: `${addDays(TODAY, 31)}T10:00:00+02:00` }),
      422,
      'body.outcome.callbackAt',
    ],
    [
      'a callback yesterday',
      'POST',
      out,
      outcome({ type: 'callback', callbackAt: `${addDays(TODAY, -1)}T10:00:00+01:00` }),
      422,
      'body.outcome.callbackAt',
    ],
    [
      'a promise further ahead than the policy allows',
      'POST',
      out,
      promise({ promisedOn: addDays(TODAY, 31) }),
      422,
      'body.outcome',
    ],
    [
      'a tab in a hold reason',
      'POST',
      '/cases/api-bounds/hold',
      { reason: 'Klärung\tläuft' },
      400,
      'body.reason',
    ],
    [
      'an override in a hold reason',
      'POST',
      '/cases/api-bounds/hold',
      { reason: 'Klärung \u202D' },
      400,
      'body.reason',
    ],
    [
      'a line feed in a hold reason',
      'POST',
      '/cases/api-bounds/hold',
      { reason: 'Zeile\nZeile' },
      400,
      'body.reason',
    ],
    [
      'a bell in a restart reason',
      'POST',
      '/cases/api-bounds/restart',
      { reason: 'neu \u0007' },
      400,
      'body.reason',
    ],
    ['a report from year 0001', 'GET', '/reports/aging?from=0001-01-01', undefined, 400, 'query.from'],
    ['a report to year 9999', 'GET', '/reports/recovered?to=9999-12-31', undefined, 400, 'query.to'],
    [
      'an Arabic letter mark in the notes',
      'POST',
      out,
      promise({ notes: 'a\u061Cb' }),
      400,
      'body.outcome.notes',
    ],
    [
      'a rate due in year 0001',
      'POST',
      out,
      outcome({ type: 'installments', rates: [{ dueDate: '0001-01-01', cents: 100 }, rates(1)[0]] }),
      400,
      'body.outcome.rates.0.dueDate',
    ],
  ];
};

describe('input bounds of the caller API', () => {
  it('has at least 30 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(30);
  });

  it('answers each with its status, naming the field, and writes nothing', async () => {
    // Arrange
    const { tasks, cases: caseStore } = workflowInstance();
    const taskBefore = await tasks.get(task.taskId);
    const caseBefore = await caseStore.get('api-bounds');

    // Act
    const results = [];
    for (const [name, method, path, body, status, field] of cases()) {
      const response = await call(method, path, {
        as: path.startsWith('/tasks') ? 'caller' : 'supervisor',
        body,
      });
      const named = namedPaths(response.body)?.includes(field) ?? false;
      results.push({ name, status: response.status, named, expected: status });
    }

    // Assert
    const wrong = results.filter((result) => result.status !== result.expected || !result.named);
    expect(wrong).toEqual([]);
    expect((await tasks.get(task.taskId))?.outcome).toEqual(taskBefore?.outcome);
    expect((await caseStore.get('api-bounds'))?.case.version).toBe(caseBefore?.case.version);
  });
});

const unsafeCharacter = fc.constantFrom(
  ...[0x00, 0x07, 0x09, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069].map(
    (code) => String.fromCodePoint(code),
  ),
);
const someText = fc.string({ maxLength: 30 });

describe('fuzzed input', () => {
  it('refuses notes, dispute reasons and hold reasons with an injected character, always naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ['notes', (text: string) => outcome({ type: 'not-reached', notes: text })],
          ['disputeReason', (text: string) => outcome({ type: 'dispute', disputeReason: text })],
          ['reason', (text: string) => ({ reason: text })],
        ),
        someText,
        unsafeCharacter,
        someText,
        async ([field, body], before, character, after) => {
          // Arrange
          const path = field === 'reason' ? '/cases/api-bounds/hold' : `/tasks/${task.taskId}/outcome`;

          // Act
          const response = await call('POST', path, {
            as: field === 'reason' ? 'supervisor' : 'caller',
            body: body(`Bitte${before}${character}${after}prüfen`),
          });

          // Assert
          expect(response.status).toBe(400);
          expect(namedPaths(response.body)).toContain(
            field === 'reason' ? 'body.reason' : `body.outcome.${field}`,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers arbitrary JSON bodies with a problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          `/tasks/${task.taskId}/outcome`,
          '/cases/api-bounds/hold',
          '/cases/api-bounds/restart',
        ),
        fc.oneof(fc.jsonValue(), fc.record({ outcome: fc.jsonValue() })),
        async (path, body) => {
          // Arrange, Act
          const response = await call('POST', path, {
            as: path.startsWith('/tasks') ? 'caller' : 'supervisor',
            body,
          });

          // Assert
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(problemShape.safeParse(response.body).success).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('sums of the largest amounts', () => {
  it('shows the exposure and the aging report of 40 invoices of 1 bn EUR each, to the cent', async () => {
    // Arrange
    const [template] = demoInvoices(TODAY);
    if (!template) throw new Error('demo data missing');
    const { service } = workflowInstance();
    for (let index = 0; index < 39; index += 1) {
      await service.open({
        ...template,
        invoiceId: `api-bounds-${index}`,
        invoiceNumber: `RE-api-bounds-${index}`,
        // The task's customer, so all 40 are one customer's exposure.
        customer: { ...template.customer, id: task.customerId },
        issueDate: addDays(TODAY, -400),
        dueDate: addDays(TODAY, -380),
        amount: { cents: MAX_AMOUNT_CENTS, currency: 'EUR' },
      });
    }

    // Act
    await computeReports(stack());
    const detail = await call('GET', `/tasks/${task.taskId}`, { as: 'caller' });
    const aging = await call('GET', '/reports/aging', { as: 'supervisor' });

    // Assert
    expect([detail.status, aging.status]).toEqual([200, 200]);
    const exposureSchema = z.object({ openCases: z.array(z.object({ openCents: z.number() })) }).loose();
    const { exposure } = z.object({ exposure: exposureSchema }).parse(detail.body);
    const ids = [task.invoiceId, ...Array.from({ length: 39 }, (_, index) => `api-bounds-${index}`)];
    const total = (await Promise.all(ids.map((id) => service.load(id)))).reduce(
      (sum, c) => sum + openCents(c),
      0,
    );
    expect(exposure).toMatchObject({ more: true, openCaseCount: 40, totalOpenCents: total });
    expect([exposure.openCases.length, total > 40 * MAX_AMOUNT_CENTS]).toEqual([20, true]);
  });
});

describe('German text', () => {
  it('keeps umlauts, ß, the euro sign and line feeds in a note', async () => {
    // Arrange
    const noted = await caseAtCallLevel('api-bounds-note', TODAY);
    await call('POST', `/tasks/${noted.taskId}/claim`, { as: 'caller' });
    const notes = 'Frau Jürgens aus der Buchhaltung:\nÜberweisung über 1.234,56 € folgt, Grüße aus Gießen';

    // Act
    const response = await call('POST', `/tasks/${noted.taskId}/outcome`, {
      as: 'caller',
      body: outcome({ type: 'not-reached', notes }),
    });

    // Assert
    expect(response.status).toBe(200);
    expect((await workflowInstance().tasks.get(noted.taskId))?.outcome).toEqual({
      type: 'not-reached',
      notes,
    });
  });
});
