import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseAtCallLevel, executionArnOf, TODAY, useApiStack, waitFor } from './support.js';

const { call, stack } = useApiStack();

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
    const history = stack().stepFunctions.execution(executionArnOf(stack(), 'api-promise'));
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
      const mails = (await stack().ses.listEmails()).filter((mail) =>
        mail.subject.includes('RE-api-promise'),
      );
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
    stack().stepFunctions.stopExecution({
      executionArn: executionArnOf(stack(), 'api-late'),
      error: 'Test',
      cause: 'the task token dies',
    });

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
    expect((await workflowInstance().tasks.get(late.taskId))?.status).toBe('timed-out');
  });
});
