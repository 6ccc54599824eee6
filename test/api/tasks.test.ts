import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { EXPOSURE_LIST_LIMIT } from '../../functions/workflow/reports/compute-reports.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, computeReports, TODAY, useApiStack } from './support.js';

const { call, stack } = useApiStack();
let task: Task;

beforeAll(async () => {
  task = await caseAtCallLevel('api-detail', TODAY);
}, 30_000);

const detailSchema = z.object({
  task: z.object({ levelName: z.string() }),
  case: z.object({ nextLevel: z.string().nullable(), nextLevelName: z.string().nullable() }),
  talkingPoints: z.array(z.string()),
  timeline: z.array(z.object({ type: z.string(), summary: z.string() })),
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
    expect(detail.talkingPoints.join(' ')).toContain('RE-api-detail');
    expect(detail.timeline.map((entry) => entry.type)).toContain('reminder-sent');
  });

  it('speaks German unless English is asked for: talking points and timeline alike', async () => {
    // Arrange
    const opened = (detail: z.infer<typeof detailSchema>) =>
      detail.timeline.find((entry) => entry.type === 'case-opened')?.summary;

    // Act
    const german = detailSchema.parse((await call('GET', `/tasks/${task.taskId}`, { as: 'caller' })).body);
    const english = detailSchema.parse(
      (await call('GET', `/tasks/${task.taskId}?lang=en`, { as: 'caller' })).body,
    );
    const refused = await call('GET', `/tasks/${task.taskId}?lang=fr`, { as: 'caller' });

    // Assert
    expect(opened(german)).toMatch(/^Fall eröffnet für Rechnung RE-api-detail/);
    expect(german.talkingPoints[0]).toMatch(/^Rechnung RE-api-detail/);
    expect(opened(english)).toMatch(/^case opened for invoice RE-api-detail/);
    expect(english.talkingPoints[0]).toMatch(/^Invoice RE-api-detail/);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('lang');
  });

  it('names the levels in the requested language: the task’s, the case’s next one and those on the timeline', async () => {
    // Arrange, Act
    const german = detailSchema.parse((await call('GET', `/tasks/${task.taskId}`, { as: 'caller' })).body);
    const english = detailSchema.parse(
      (await call('GET', `/tasks/${task.taskId}?lang=en`, { as: 'caller' })).body,
    );

    // Assert
    expect([german.task.levelName, english.task.levelName]).toEqual(['Mahnanruf', 'Collection call']);
    expect(german.case).toEqual({ nextLevel: 'call', nextLevelName: 'Mahnanruf' });
    expect(english.case).toEqual({ nextLevel: 'call', nextLevelName: 'Collection call' });
    const summaries = (detail: z.infer<typeof detailSchema>) =>
      detail.timeline.filter((entry) => entry.type === 'reminder-sent').map((entry) => entry.summary);
    expect(summaries(german)).toEqual([
      'Mahnstufe „1. Mahnung“ erreicht (Versand per E-Mail)',
      'Mahnstufe „2. Mahnung“ erreicht (Versand per E-Mail)',
    ]);
    expect(summaries(english)).toEqual(['First reminder sent by email', 'Second reminder sent by email']);
    expect(german.talkingPoints).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Letzte Mahnung: 2\. Mahnung am [\d.]+ per E-Mail\.$/)]),
    );
  });

  it('names the levels the case went through in the requested language, next to their ids', async () => {
    // Arrange
    const levelsDone = z.object({
      case: z.object({ levelsDone: z.array(z.object({ levelId: z.string(), levelName: z.string() })) }),
    });

    // Act
    const german = levelsDone.parse((await call('GET', `/tasks/${task.taskId}`, { as: 'caller' })).body);
    const english = levelsDone.parse(
      (await call('GET', `/tasks/${task.taskId}?lang=en`, { as: 'caller' })).body,
    );

    // Assert
    expect(german.case.levelsDone).toEqual([
      { levelId: 'reminder-1', levelName: '1. Mahnung' },
      { levelId: 'reminder-2', levelName: '2. Mahnung' },
    ]);
    expect(english.case.levelsDone.map((level) => level.levelName)).toEqual([
      'First reminder',
      'Second reminder',
    ]);
  });
});

describe('the customer’s exposure', () => {
  const exposureSchema = z.object({
    exposure: z.object({
      openCases: z.array(z.object({ invoiceId: z.string(), openCents: z.number() })),
      more: z.boolean(),
      openCaseCount: z.number().nullable(),
      totalOpenCents: z.number().nullable(),
      totalsAsOf: z.string().nullable(),
    }),
  });

  it('lists the oldest open cases up to the limit, with more, and the report job’s totals once it counted them', async () => {
    // Arrange
    const [template] = demoInvoices(TODAY);
    if (!template) throw new Error('demo data missing');
    const customer = { ...template.customer, id: 'api-key-account' };
    const others = EXPOSURE_LIST_LIMIT + 2;
    for (let index = 0; index < others; index++) {
      await workflowInstance().service.open({
        ...template,
        customer,
        invoiceId: `api-key-${index}`,
        invoiceNumber: `RE-key-${index}`,
        dueDate: addDays(TODAY, -index),
        amount: { cents: 100_00, currency: 'EUR' },
      });
    }
    const keyTask = await caseAtCallLevel('api-key-called', TODAY, { customer });
    const exposureNow = async () =>
      exposureSchema.parse((await call('GET', `/tasks/${keyTask.taskId}`, { as: 'caller' })).body).exposure;

    // Act
    const beforeJob = await exposureNow();
    await computeReports(stack());
    const afterJob = await exposureNow();

    // Assert
    expect(beforeJob).toMatchObject({
      more: true,
      openCaseCount: null,
      totalOpenCents: null,
      totalsAsOf: null,
    });
    expect(beforeJob.openCases).toHaveLength(EXPOSURE_LIST_LIMIT);
    expect(beforeJob.openCases[0]?.invoiceId).toBe('api-key-called');
    expect(afterJob.more).toBe(true);
    expect(afterJob.openCaseCount).toBe(others + 1);
    expect(afterJob.totalOpenCents).toBeGreaterThan(others * 100_00);
    expect(afterJob.totalsAsOf).toEqual(expect.any(String));
  });

  it('totals a customer with few open cases on the spot', async () => {
    // Arrange, Act
    const detail = exposureSchema.parse((await call('GET', `/tasks/${task.taskId}`, { as: 'caller' })).body);

    // Assert
    expect(detail.exposure).toMatchObject({ more: false, totalsAsOf: null });
    expect(detail.exposure.openCaseCount).toBe(detail.exposure.openCases.length);
    expect(detail.exposure.totalOpenCents).toBe(
      detail.exposure.openCases.reduce((sum, open) => sum + open.openCents, 0),
    );
  });
});

describe('the queue', () => {
  const pageSchema = z.object({
    tasks: z.array(z.object({ taskId: z.string(), priority: z.number(), levelName: z.string() })),
    nextCursor: z.string().nullable(),
  });

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
      const page = pageSchema.parse(response.body);
      seen.push(...page.tasks);
      cursor = page.nextCursor;
    } while (cursor);

    // Assert
    const priorities = seen.map((entry) => entry.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(new Set(seen.map((entry) => entry.taskId)).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it('names each task’s level in German, or in English when asked', async () => {
    // Arrange, Act
    const german = pageSchema.parse((await call('GET', '/tasks', { as: 'caller' })).body);
    const english = pageSchema.parse((await call('GET', '/tasks?lang=en', { as: 'caller' })).body);

    // Assert
    expect(new Set(german.tasks.map((entry) => entry.levelName))).toEqual(new Set(['Mahnanruf']));
    expect(new Set(english.tasks.map((entry) => entry.levelName))).toEqual(new Set(['Collection call']));
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
