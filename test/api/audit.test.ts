import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actorOfFacts } from '../../functions/domain/actor.js';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { issueLocalToken } from '../../local/api-gateway.js';
import { caseAtCallLevel, caseWithHistory, executionArnOf, TODAY, useApiStack, waitFor } from './support.js';

const { call, stack } = useApiStack();

const person = (role: 'caller' | 'supervisor', subject: string, name: string) =>
  issueLocalToken(role, { subject, name });

const timelineBody = z.object({
  timeline: z.array(z.object({ type: z.string(), summary: z.string(), by: z.string().nullable() })),
});
const problemBody = z.object({ status: z.number(), detail: z.string() });
const promise = { type: 'promise', promisedOn: addDays(TODAY, 7), cents: 20_000 } as const;

/** The task's execution dies and the workflow times the task out: nobody can finish it in time any more. */
async function timedOut(invoiceId: string, taskId: string) {
  stack().stepFunctions.stopExecution({
    executionArn: executionArnOf(stack(), invoiceId),
    error: 'Test',
    cause: 'the task token dies',
  });
  await workflowInstance().tasks.finish(taskId, 'timed-out', {
    outcome: null,
    updatedAt: `${TODAY}T12:00:00Z`,
  });
}

const linesOf = async (invoiceId: string, type: string) =>
  (await workflowInstance().cases.timeline(invoiceId)).filter((line) => line.type === type);

describe('who did what, on the task and on the case timeline', () => {
  it('keeps the caller who recorded a promise on the task and names them on its timeline line and in the task', async () => {
    // Arrange
    const task = await caseAtCallLevel('api-audit-promise', TODAY);
    const erika = await person('caller', 'caller-erika', 'Erika Muster');
    await call('POST', `/tasks/${task.taskId}/claim`, { token: erika });

    // Act
    const recorded = await call('POST', `/tasks/${task.taskId}/outcome`, {
      token: erika,
      body: { outcome: promise },
    });
    const [line] = await waitFor(async () => {
      const lines = await linesOf('api-audit-promise', 'promise-recorded');
      return lines.length > 0 ? lines : undefined;
    });
    const detail = await call('GET', `/tasks/${task.taskId}`, { token: erika });

    // Assert
    expect(recorded.status).toBe(200);
    const stored = await waitFor(async () => {
      const current = await workflowInstance().tasks.get(task.taskId);
      return current?.status === 'done' ? current : undefined;
    });
    expect(stored).toMatchObject({
      claimedBy: null,
      lastClaimedBy: 'caller-erika',
      recordedBy: { sub: 'caller-erika', name: 'Erika Muster' },
    });
    expect(actorOfFacts(line?.data)).toEqual({ sub: 'caller-erika', name: 'Erika Muster' });
    expect(detail.body).toMatchObject({ task: { recordedBy: 'Erika Muster' } });
    const shown = timelineBody.parse(detail.body).timeline.find((entry) => entry.type === 'promise-recorded');
    expect(shown?.by).toBe('Erika Muster');
    expect(shown?.summary).toMatch(/ \(von Erika Muster\)$/);
    // Callers read the name; the subject of the person's token is not theirs to see.
    expect(detail.text).not.toContain('caller-erika');
  });

  it('names the supervisor who held and resumed a case on both lines, and on the hold while it lasts', async () => {
    // Arrange
    await caseAtCallLevel('api-audit-hold', TODAY);
    const hanna = await person('supervisor', 'sup-hanna', 'Hanna Hold');

    // Act
    const held = await call('POST', '/cases/api-audit-hold/hold', {
      token: hanna,
      body: { reason: 'Insolvenzprüfung läuft' },
    });
    await call('POST', '/cases/api-audit-hold/resume', { token: hanna });
    const detail = timelineBody.parse(
      (await call('GET', '/cases/api-audit-hold?lang=en', { token: hanna })).body,
    );

    // Assert
    expect(held.body).toMatchObject({
      hold: { reason: 'Insolvenzprüfung läuft', holders: [{ owner: 'supervisor', by: 'Hanna Hold' }] },
    });
    const named = detail.timeline
      .filter((entry) => entry.type === 'hold-set' || entry.type === 'hold-released')
      .map((entry) => [entry.type, entry.by, entry.summary]);
    expect(named).toEqual([
      ['hold-set', 'Hanna Hold', 'dunning paused by the supervisor: Insolvenzprüfung läuft (by Hanna Hold)'],
      ['hold-released', 'Hanna Hold', 'dunning resumed, the case is open (by Hanna Hold)'],
    ]);
  });

  it('names the supervisor who decided a dispute on the line of the decision', async () => {
    // Arrange
    const disputeTask = await caseWithHistory(
      'api-audit-dispute',
      TODAY,
      [
        { type: 'reminder-sent', levelIndex: 0, on: addDays(TODAY, -65), channel: 'email' },
        { type: 'dispute-raised', reason: 'Ware beschädigt geliefert', on: addDays(TODAY, -3) },
      ],
      (task) => task.kind === 'dispute',
    );
    const diana = await person('supervisor', 'sup-diana', 'Diana Decide');
    await call('POST', `/tasks/${disputeTask.taskId}/claim`, { token: diana });

    // Act
    const decided = await call('POST', `/tasks/${disputeTask.taskId}/outcome`, {
      token: diana,
      body: { outcome: { type: 'resolution', resolution: 'upheld' } },
    });
    const [line] = await waitFor(async () => {
      const lines = await linesOf('api-audit-dispute', 'dispute-resolved');
      return lines.length > 0 ? lines : undefined;
    });

    // Assert
    expect(decided.status).toBe(200);
    expect(actorOfFacts(line?.data)).toEqual({ sub: 'sup-diana', name: 'Diana Decide' });
    expect((await workflowInstance().tasks.get(disputeTask.taskId))?.recordedBy?.name).toBe('Diana Decide');
  });

  it('puts an outcome that changes no case state on the timeline with who recorded it, a data correction too', async () => {
    // Arrange
    const call1 = await caseAtCallLevel('api-audit-wrong-contact', TODAY);
    const carla = await person('caller', 'caller-carla', 'Carla Call');
    const dirk = await person('caller', 'caller-dirk', 'Dirk Daten');
    await call('POST', `/tasks/${call1.taskId}/claim`, { token: carla });

    // Act
    await call('POST', `/tasks/${call1.taskId}/outcome`, {
      token: carla,
      body: { outcome: { type: 'wrong-contact' } },
    });
    const correction = await waitFor(async () =>
      (await workflowInstance().tasks.tasksOfCase('api-audit-wrong-contact')).find(
        (task) => task.kind === 'data-correction',
      ),
    );
    await call('POST', `/tasks/${correction.taskId}/claim`, { token: dirk });
    const body = { outcome: { type: 'contact-corrected', notes: 'Durchwahl -214' } };
    await call('POST', `/tasks/${correction.taskId}/outcome`, { token: dirk, body });
    await call('POST', `/tasks/${correction.taskId}/outcome`, { token: dirk, body });
    const detail = timelineBody.parse(
      (await call('GET', `/tasks/${correction.taskId}`, { token: dirk })).body,
    );

    // Assert
    const recorded = detail.timeline
      .filter((entry) => entry.type === 'outcome-recorded')
      .map((entry) => entry.summary);
    expect(recorded).toEqual([
      'Ergebnis „falscher Ansprechpartner“ der Aufgabe „Anruf“ erfasst (von Carla Call)',
      'Ergebnis „Kontaktdaten korrigiert“ der Aufgabe „Kontaktdaten korrigieren“ erfasst (von Dirk Daten)',
    ]);
  });

  it('names the supervisor who rejected a handover on the line of the decision', async () => {
    // Arrange: every level before the handover happened weeks ago, so the approval task opens at once.
    const approval = await caseWithHistory(
      'api-audit-approval',
      TODAY,
      [
        { type: 'reminder-sent', levelIndex: 0, on: addDays(TODAY, -65), channel: 'email' },
        { type: 'reminder-sent', levelIndex: 1, on: addDays(TODAY, -58), channel: 'email' },
        { type: 'level-completed', levelIndex: 2, on: addDays(TODAY, -50) },
        { type: 'reminder-sent', levelIndex: 3, on: addDays(TODAY, -40), channel: 'letter' },
        { type: 'letter-posted', levelId: 'final', postedOn: addDays(TODAY, -39), on: addDays(TODAY, -39) },
      ],
      (task) => task.kind === 'approval',
    );
    const anton = await person('supervisor', 'sup-anton', 'Anton Approve');
    await call('POST', `/tasks/${approval.taskId}/claim`, { token: anton });

    // Act
    const decided = await call('POST', `/tasks/${approval.taskId}/outcome`, {
      token: anton,
      body: { outcome: { type: 'approval', decision: 'reject' } },
    });
    const [line] = await waitFor(async () => {
      const lines = await linesOf('api-audit-approval', 'handover-rejected');
      return lines.length > 0 ? lines : undefined;
    });
    const detail = timelineBody.parse(
      (await call('GET', '/cases/api-audit-approval', { token: anton })).body,
    );

    // Assert
    expect(decided.status).toBe(200);
    expect(actorOfFacts(line?.data)).toEqual({ sub: 'sup-anton', name: 'Anton Approve' });
    expect(detail.timeline.find((entry) => entry.type === 'handover-rejected')?.summary).toBe(
      'Übergabe an Inkasso abgelehnt: der Fall bleibt zur Bearbeitung im Haus offen (von Anton Approve)',
    );
  });
});

describe('outcomes after a task ended', () => {
  it('takes a late outcome only from the caller who last held the claim, and only once', async () => {
    // Arrange
    const task = await caseAtCallLevel('api-late-once', TODAY);
    const anna = await person('caller', 'caller-anna', 'Anna Anruf');
    const bernd = await person('caller', 'caller-bernd', 'Bernd Berater');
    await call('POST', `/tasks/${task.taskId}/claim`, { token: anna });
    await timedOut('api-late-once', task.taskId);

    // Act
    const byAnother = await call('POST', `/tasks/${task.taskId}/outcome`, {
      token: bernd,
      body: { outcome: promise },
    });
    const linesAfterAnother = await linesOf('api-late-once', 'late-outcome');
    const byHolder = await call('POST', `/tasks/${task.taskId}/outcome`, {
      token: anna,
      body: { outcome: promise },
    });
    const again = await call('POST', `/tasks/${task.taskId}/outcome`, {
      token: anna,
      body: { outcome: { type: 'not-reached' } },
    });

    // Assert
    expect(byAnother.status).toBe(403);
    expect(problemBody.parse(byAnother.body).detail).toMatch(
      /only the caller who last claimed it, or a supervisor/,
    );
    expect(linesAfterAnother).toEqual([]);
    expect(byHolder.status).toBe(409);
    expect(problemBody.parse(byHolder.body).detail).toMatch(/kept on the case timeline/);
    expect(again.status).toBe(409);
    expect(problemBody.parse(again.body).detail).toMatch(/a late outcome was already recorded/);
    const lines = await linesOf('api-late-once', 'late-outcome');
    expect(lines.map((line) => actorOfFacts(line.data)?.name)).toEqual(['Anna Anruf']);
    expect((await workflowInstance().tasks.get(task.taskId))?.lateOutcome).toMatchObject({
      outcome: { type: 'promise' },
      by: { sub: 'caller-anna', name: 'Anna Anruf' },
    });
  });

  it('takes a late outcome from a supervisor on a task a caller last claimed, and a second one from nobody', async () => {
    // Arrange
    const task = await caseAtCallLevel('api-late-supervisor', TODAY);
    await call('POST', `/tasks/${task.taskId}/claim`, { as: 'caller' });
    await timedOut('api-late-supervisor', task.taskId);
    const sabine = await person('supervisor', 'sup-sabine', 'Sabine Supervisor');

    // Act
    const bySupervisor = await call('POST', `/tasks/${task.taskId}/outcome`, {
      token: sabine,
      body: { outcome: promise },
    });
    const byHolderAfterwards = await call('POST', `/tasks/${task.taskId}/outcome`, {
      as: 'caller',
      body: { outcome: promise },
    });

    // Assert
    expect(bySupervisor.status).toBe(409);
    expect(problemBody.parse(bySupervisor.body).detail).toMatch(/kept on the case timeline/);
    expect(byHolderAfterwards.status).toBe(409);
    const lines = await linesOf('api-late-supervisor', 'late-outcome');
    expect(lines.map((line) => actorOfFacts(line.data)?.name)).toEqual(['Sabine Supervisor']);
  });
});
