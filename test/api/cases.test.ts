import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, TODAY, useApiStack, waitFor } from './support.js';

const { call, stack } = useApiStack();

beforeAll(async () => {
  await caseAtCallLevel('api-case', TODAY);
}, 30_000);

const caseDetail = z.object({
  case: z.object({
    status: z.string(),
    nextLevel: z.string().nullable(),
    nextLevelName: z.string().nullable(),
  }),
  timeline: z.array(z.object({ type: z.string(), summary: z.string() })),
});
const read = async (path: string) => caseDetail.parse((await call('GET', path, { as: 'supervisor' })).body);
const lineOf = (detail: z.infer<typeof caseDetail>, type: string) =>
  detail.timeline.find((entry) => entry.type === type)?.summary;

describe('a case for supervisors', () => {
  it('names its next level in German, or in English when asked, next to the level’s id', async () => {
    // Arrange, Act
    const german = await read('/cases/api-case');
    const english = await read('/cases/api-case?lang=en');

    // Assert
    expect(german.case).toMatchObject({ nextLevel: 'call', nextLevelName: 'Mahnanruf' });
    expect(english.case).toMatchObject({ nextLevel: 'call', nextLevelName: 'Collection call' });
    expect(lineOf(german, 'reminder-sent')).toBe('Mahnstufe „1. Mahnung“ erreicht (Versand per E-Mail)');
    expect(lineOf(english, 'reminder-sent')).toBe('First reminder sent by email');
  });

  it('reads the status a resumed case is in as words, in both languages', async () => {
    // Arrange
    await call('POST', '/cases/api-case/hold', { as: 'supervisor', body: { reason: 'insolvency check' } });

    // Act
    const resumed = await call('POST', '/cases/api-case/resume', { as: 'supervisor' });
    const german = await read('/cases/api-case');
    const english = await read('/cases/api-case?lang=en');

    // Assert
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'open', nextLevelName: 'Mahnanruf' });
    expect(lineOf(german, 'hold-released')).toBe(
      'Mahnlauf fortgesetzt, der Fall ist offen (von Sabine Supervisor)',
    );
    expect(lineOf(english, 'hold-released')).toBe('dunning resumed, the case is open (by Sabine Supervisor)');
  });

  it('names no next level for a closed case, and its closing status as words', async () => {
    // Arrange
    const [template] = demoInvoices(TODAY);
    if (!template) throw new Error('demo data missing');
    const { service } = workflowInstance();
    await service.open({
      ...template,
      invoiceId: 'api-cancelled',
      invoiceNumber: 'RE-api-cancelled',
      issueDate: addDays(TODAY, -40),
      dueDate: addDays(TODAY, -10),
    });
    await service.change('api-cancelled', () => ({ event: { type: 'invoice-cancelled', on: TODAY } }));

    // Act
    const german = await read('/cases/api-cancelled');
    const english = await read('/cases/api-cancelled?lang=en');

    // Assert
    expect(german.case).toMatchObject({ status: 'cancelled', nextLevel: null, nextLevelName: null });
    expect(lineOf(german, 'case-closed')).toBe('Fall geschlossen: storniert');
    expect(lineOf(english, 'case-closed')).toBe('case closed: cancelled');
  });

  it('refuses to restart a case that a running execution works', async () => {
    // Arrange, Act
    const response = await call('POST', '/cases/api-case/restart', {
      as: 'supervisor',
      body: { reason: 'Kunde hat angerufen' },
    });

    // Assert
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ detail: 'the case is being worked by a running execution' });
  });

  it('restarts a case whose automatic dunning had ended, with the supervisor and reason on its timeline', async () => {
    // Arrange: the handover was rejected, so automatic dunning ended and the case stayed open for people.
    const [template] = demoInvoices(TODAY);
    if (!template) throw new Error('demo data missing');
    const { service } = workflowInstance();
    await service.open({
      ...template,
      invoiceId: 'api-ended',
      invoiceNumber: 'RE-api-ended',
      issueDate: addDays(TODAY, -40),
      dueDate: addDays(TODAY, -10),
    });
    await service.change('api-ended', () => ({
      event: { type: 'workflow-ended', on: TODAY, cause: 'workflow-done' },
    }));

    // Act
    const response = await call('POST', '/cases/api-ended/restart', {
      as: 'supervisor',
      body: { reason: 'Kunde zahlt doch nicht' },
    });
    const detail = await read('/cases/api-ended');

    // Assert
    expect(response.status).toBe(200);
    expect(lineOf(detail, 'workflow-restarted')).toBe(
      'Mahnlauf neu gestartet (1. Neustart), durch die Teamleitung: Kunde zahlt doch nicht (von Sabine Supervisor)',
    );
    const restarted = await waitFor(async () =>
      stack()
        .stepFunctions.executions()
        .find((execution) => execution.name === 'inv-api-ended-r1'),
    );
    expect(restarted.status).toBe('RUNNING');
    const recorded = await waitFor(async () => {
      const found = await service.load('api-ended');
      return found.workflow.executionArn === restarted.executionArn ? found : undefined;
    });
    expect(recorded.workflow).toMatchObject({ restarts: 1, endedOn: null });
  });
});
