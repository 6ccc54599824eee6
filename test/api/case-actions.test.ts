import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseAtCallLevel, problemShape, TODAY, useApiStack, waitFor } from './support.js';

const { call, stack } = useApiStack();

beforeAll(async () => {
  await Promise.all(
    ['api-dispute', 'api-write-off', 'api-write-off-rest', 'api-tone', 'api-credit'].map((id) =>
      caseAtCallLevel(id, TODAY),
    ),
  );
}, 30_000);

const caseShape = z.object({ status: z.string(), tone: z.string(), toneOverride: z.string().nullable() });
const detailShape = z.object({
  timeline: z.array(
    z.object({ type: z.string(), summary: z.string(), by: z.string().nullable().optional() }),
  ),
});
const problemWithErrors = problemShape.extend({
  errors: z.array(z.object({ path: z.string() })).optional(),
  detail: z.string().optional(),
});
const supervisor = { as: 'supervisor' as const };
const cents = z.object({ cents: z.number() });
const amountsShape = z.object({
  case: z.object({ amounts: z.object({ credited: cents, principalOpen: cents }) }),
});
const lineOf = async (invoiceId: string, type: string) =>
  detailShape
    .parse((await call('GET', `/cases/${invoiceId}`, supervisor)).body)
    .timeline.find((entry) => entry.type === type);
const writtenOffEvents = (invoiceId: string) =>
  stack()
    .bus.events()
    .filter(({ event }) => event['detail-type'] === 'Claim Written Off')
    .map(({ event }) => z.object({ invoiceId: z.string() }).passthrough().parse(event.detail))
    .filter((detail) => detail.invoiceId === invoiceId);

describe('a supervisor disputes a claim outside a call', () => {
  it('puts the case in dispute, ends its open call and opens the dispute task, with the supervisor on the line', async () => {
    // Arrange
    const { tasks } = workflowInstance();

    // Act
    const response = await call('POST', '/cases/api-dispute/dispute', {
      ...supervisor,
      body: { reason: 'Lieferung unvollständig', note: 'per Mail an die Buchhaltung' },
    });
    const disputeTask = await waitFor(async () =>
      (await tasks.tasksOfCase('api-dispute')).find(
        (task) => task.kind === 'dispute' && task.status === 'open',
      ),
    );

    // Assert
    expect(response.status).toBe(200);
    expect(caseShape.parse(response.body).status).toBe('disputed');
    const calls = (await tasks.tasksOfCase('api-dispute')).filter((task) => task.kind === 'call');
    expect(calls.map((task) => task.status)).toEqual(['cancelled']);
    expect(disputeTask.queue).toBe('disputes');
    expect(await lineOf('api-dispute', 'dispute-raised')).toMatchObject({
      summary:
        'Forderung bestritten: Lieferung unvollständig (Notiz: per Mail an die Buchhaltung) (von Sabine Supervisor)',
      by: 'Sabine Supervisor',
    });
  });

  it('answers 400 naming the field when the reason is missing, 404 for an unknown case, and writes nothing', async () => {
    // Arrange, Act
    const missing = await call('POST', '/cases/api-tone/dispute', { ...supervisor, body: { note: 'x' } });
    const unknown = await call('POST', '/cases/no-such-case/dispute', {
      ...supervisor,
      body: { reason: 'falsch' },
    });

    // Assert
    expect(missing.status).toBe(400);
    expect(problemWithErrors.parse(missing.body).errors?.map((error) => error.path)).toContain('body.reason');
    expect(unknown.status).toBe(404);
    expect(await lineOf('api-tone', 'dispute-raised')).toBeUndefined();
  });
});

describe('bounded input of the case actions', () => {
  it.each([
    [
      'a right-to-left override in a dispute reason',
      'dispute',
      { reason: 'Ware \u202Ebeschädigt' },
      'body.reason',
    ],
    [
      'a dispute note of 2,001 characters',
      'dispute',
      { reason: 'Ware beschädigt', note: 'x'.repeat(2001) },
      'body.note',
    ],
    [
      'a write-off reason of 501 characters',
      'write-off',
      { scope: 'all', reason: 'x'.repeat(501) },
      'body.reason',
    ],
    ['a write-off without a scope', 'write-off', { reason: 'Schuldner insolvent' }, 'body.scope'],
  ])('answers 400 naming the field for %s, and writes nothing', async (_name, action, body, field) => {
    // Arrange, Act
    const response = await call('POST', `/cases/api-tone/${action}`, { ...supervisor, body });

    // Assert
    expect(response.status).toBe(400);
    expect(problemWithErrors.parse(response.body).errors?.map((error) => error.path)).toContain(field);
    expect(await lineOf('api-tone', action === 'dispute' ? 'dispute-raised' : 'written-off')).toBeUndefined();
  });

  it('answers 400 naming body.tone when the tone is left out rather than cleared with null', async () => {
    // Arrange, Act
    const response = await call('PUT', '/cases/api-tone/tone', { ...supervisor, body: { reason: 'weil' } });

    // Assert
    expect(response.status).toBe(400);
    expect(problemWithErrors.parse(response.body).errors?.map((error) => error.path)).toContain('body.tone');
  });
});

describe('a supervisor writes a claim off', () => {
  it('closes the case as written off and publishes Claim Written Off with the amounts and the supervisor', async () => {
    // Arrange, Act
    const response = await call('POST', '/cases/api-write-off/write-off', {
      ...supervisor,
      body: { scope: 'all', reason: 'Schuldner insolvent' },
    });
    const again = await call('POST', '/cases/api-write-off/write-off', {
      ...supervisor,
      body: { scope: 'all', reason: 'noch einmal' },
    });

    // Assert
    expect(response.status).toBe(200);
    expect(caseShape.parse(response.body).status).toBe('written-off');
    const [event, ...more] = writtenOffEvents('api-write-off');
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      scope: 'all',
      reason: 'Schuldner insolvent',
      actorName: 'Sabine Supervisor',
    });
    const amounts = z
      .object({
        principalCents: z.number(),
        interestCents: z.number(),
        feesCents: z.number(),
        totalCents: z.number(),
      })
      .parse(event);
    expect(amounts.principalCents).toBeGreaterThan(0);
    expect(amounts.totalCents).toBe(amounts.principalCents + amounts.interestCents + amounts.feesCents);
    expect(again.status).toBe(409);
    expect(await lineOf('api-write-off', 'written-off')).toMatchObject({ by: 'Sabine Supervisor' });
  });

  it('refuses the rest of a claim nothing was paid on with 409 and a bad scope with 400, writing nothing', async () => {
    // Arrange, Act
    const rest = await call('POST', '/cases/api-write-off-rest/write-off', {
      ...supervisor,
      body: { scope: 'rest', reason: 'Rest uneinbringlich' },
    });
    const nonsense = await call('POST', '/cases/api-write-off-rest/write-off', {
      ...supervisor,
      body: { scope: 'half', reason: 'Rest uneinbringlich' },
    });

    // Assert
    expect(rest.status).toBe(409);
    expect(problemWithErrors.parse(rest.body).detail).toContain(
      'nothing was paid on the case: write off all',
    );
    expect(nonsense.status).toBe(400);
    expect(problemWithErrors.parse(nonsense.body).errors?.map((error) => error.path)).toContain('body.scope');
    expect(writtenOffEvents('api-write-off-rest')).toEqual([]);
  });
});

describe('a supervisor sets the tone of a case', () => {
  it('stores it, shows it on the case, and clears it with null back to the segment’s tone', async () => {
    // Arrange, Act
    const set = await call('PUT', '/cases/api-tone/tone', {
      ...supervisor,
      body: { tone: 'firm', reason: 'dritte Zusage gebrochen' },
    });
    const cleared = await call('PUT', '/cases/api-tone/tone', {
      ...supervisor,
      body: { tone: null, reason: 'Kunde zahlt wieder' },
    });

    // Assert
    expect(set.status).toBe(200);
    expect(caseShape.parse(set.body)).toMatchObject({ tone: 'firm', toneOverride: 'firm' });
    expect(cleared.status).toBe(200);
    expect(caseShape.parse(cleared.body).toneOverride).toBeNull();
    expect(await lineOf('api-tone', 'tone-overridden')).toMatchObject({
      summary: 'Tonfall für diesen Fall: bestimmt: dritte Zusage gebrochen (von Sabine Supervisor)',
    });
  });

  it('answers 400 naming body.tone for a tone the catalogue does not have, and 403 to a caller', async () => {
    // Arrange, Act
    const unknownTone = await call('PUT', '/cases/api-tone/tone', {
      ...supervisor,
      body: { tone: 'rude', reason: 'weil' },
    });
    const asCaller = await call('PUT', '/cases/api-tone/tone', {
      as: 'caller',
      body: { tone: 'firm', reason: 'weil ich es sage' },
    });

    // Assert
    expect(unknownTone.status).toBe(400);
    expect(problemWithErrors.parse(unknownTone.body).errors?.map((error) => error.path)).toContain(
      'body.tone',
    );
    expect(asCaller.status).toBe(403);
  });
});

describe('a case with a credit note', () => {
  it('shows what credit notes took off the claim beside the reduced principal, and the credit on the timeline', async () => {
    // Arrange
    const before = amountsShape.parse((await call('GET', '/cases/api-credit', supervisor)).body).case.amounts;
    await workflowInstance().service.change('api-credit', () => ({
      event: { type: 'invoice-credited', creditNoteId: 'GS-77', cents: 40_000, on: TODAY },
    }));

    // Act
    const after = amountsShape.parse((await call('GET', '/cases/api-credit', supervisor)).body).case.amounts;

    // Assert
    expect(before.credited.cents).toBe(0);
    expect(after.credited.cents).toBe(40_000);
    expect(after.principalOpen.cents).toBe(before.principalOpen.cents - 40_000);
    expect((await lineOf('api-credit', 'invoice-credited'))?.summary).toMatch(
      /^Gutschrift GS-77 über 400,00\s€/,
    );
  });
});
