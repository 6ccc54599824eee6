import { afterAll, beforeAll, describe, it } from 'vitest';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import type { Task } from '../../functions/domain/task.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { sesHardBounce } from './ses-faults.js';
import { SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe.concurrent('collection calls', () => {
  it(
    'a promise to pay that is kept ends the dunning as paid without a final notice',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('promise-kept');
      await h.issue(invoice);
      const task = await h.openTask(invoice.invoiceId, 'call');
      const calling = await h.case(invoice.invoiceId);
      const promisedOn = addDays(h.today(), 4);
      const promisedCents = h.amountDueOn(calling, h.today());

      // Act
      const completion = await h.complete(task, {
        type: 'promise',
        promisedOn,
        cents: promisedCents,
        reason: 'liquidity',
        dissatisfied: false,
      });
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'promise', 'the promise');
      const executions = await h.payInFull(invoice.invoiceId);

      // Assert
      expect(completion.result).toBe('completed');
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('paid');
      expect(closed.promises).toEqual([
        expect.objectContaining({ promisedOn, cents: promisedCents, status: 'kept' }),
      ]);
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1', 'reminder-2']);
      const subjects = (await h.mailsTo(invoice)).map((mail) => mail.subject);
      expect(subjects).toEqual([
        `Zahlungserinnerung: Rechnung ${invoice.invoiceNumber}`,
        `Mahnung: Rechnung ${invoice.invoiceNumber}`,
        `Bestätigung Ihrer Zahlungszusage: Rechnung ${invoice.invoiceNumber}`,
      ]);
      expect(h.events(invoice.invoiceId).map((event) => event.detailType)).toEqual([
        'Dunning Reminder Sent',
        'Dunning Reminder Sent',
        'Call Task Opened',
        'Promise To Pay Recorded',
        'Dunning Closed',
      ]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'promise-checked')).toEqual([
        expect.objectContaining({ summary: 'promise kept', data: { kept: true } }),
      ]);
      expect(h.events(invoice.invoiceId, 'Promise To Pay Recorded')[0]?.detail).toMatchObject({
        promisedOn,
        amount: { cents: promisedCents, currency: 'EUR' },
      });
      expect(await h.tasks.get(task.taskId)).toMatchObject({
        status: 'done',
        outcome: { type: 'promise', promisedOn, reason: 'liquidity' },
      });
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a broken promise escalates to the next level: the final notice goes out after the promised date and its grace days',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('promise-broken');
      await h.issue(invoice);
      const task = await h.openTask(invoice.invoiceId, 'call');
      const promisedOn = addDays(h.today(), 3);

      // Act
      const completion = await h.complete(task, {
        type: 'promise',
        promisedOn,
        cents: 100_000,
        dissatisfied: false,
      });
      const escalated = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((reminder) => reminder.kind === 'final'),
        'the final notice',
      );
      const executions = await h.payInFull(invoice.invoiceId);

      // Assert
      expect(completion.result).toBe('completed');
      expect(escalated.promises).toEqual([expect.objectContaining({ promisedOn, status: 'broken' })]);
      const checkOn = h.context.calendar.addBusinessDays(
        promisedOn,
        h.context.policy.promise.graceBusinessDays,
      );
      const final = escalated.reminders.at(-1);
      expect(final).toMatchObject({ levelId: 'final', kind: 'final', channel: 'letter', feeCents: 0 });
      expect(compareDates(final?.sentOn ?? '', checkOn)).toBeGreaterThanOrEqual(0);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'promise-checked')).toEqual([
        expect.objectContaining({ summary: 'promise broken', data: { kept: false } }),
      ]);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent').map((event) => event.detail)).toEqual([
        expect.objectContaining({ levelId: 'reminder-1', channel: 'email' }),
        expect.objectContaining({ levelId: 'reminder-2', channel: 'email' }),
        expect.objectContaining({ levelId: 'final', kind: 'final', channel: 'letter', feeCents: 0 }),
      ]);
      // The final notice is a letter: the customer got two reminders and the promise confirmation by email.
      expect(await h.mailsTo(invoice)).toHaveLength(3);
      expect(escalated.charges).toEqual([expect.objectContaining({ kind: 'lump-sum', cents: 4000 })]);
      expect((await h.case(invoice.invoiceId)).status).toBe('paid');
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a customer not reached on every attempt moves the case to the next level after the last attempt',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('not-reached');
      await h.issue(invoice);
      const callLevel = h.context.policy.levels.find((level) => level.kind === 'call');
      const attempts = callLevel?.kind === 'call' ? callLevel.attempts : 0;
      const worked: Task[] = [];

      // Act
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const task = await h.openTask(invoice.invoiceId, 'call', {
          except: worked.map((seen) => seen.taskId),
        });
        const completion = await h.complete(task, { type: 'not-reached', notes: `attempt ${attempt}` });
        expect(completion.result).toBe('completed');
        worked.push(task);
      }
      const escalated = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((reminder) => reminder.kind === 'final'),
        'the final notice',
      );
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(attempts).toBe(3);
      expect(worked.map((task) => task.attempt)).toEqual([1, 2, 3]);
      const tasks = await h.tasks.tasksOfCase(invoice.invoiceId);
      expect(tasks.map((task) => [task.attempt, task.status, task.outcome?.type])).toEqual([
        [1, 'done', 'not-reached'],
        [2, 'done', 'not-reached'],
        [3, 'done', 'not-reached'],
      ]);
      const days = worked.map((task) => task.createdAt.slice(0, 10));
      expect(compareDates(days[1] ?? '', days[0] ?? '')).toBeGreaterThan(0);
      expect(compareDates(days[2] ?? '', days[1] ?? '')).toBeGreaterThan(0);
      expect(h.events(invoice.invoiceId, 'Call Task Opened').map((event) => event.detail.attempt)).toEqual([
        1, 2, 3,
      ]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(
        timeline.filter((entry) => entry.type === 'level-completed').map((entry) => entry.summary),
      ).toEqual(['call completed']);
      expect(escalated.reminders.map((reminder) => reminder.levelId)).toEqual([
        'reminder-1',
        'reminder-2',
        'final',
      ]);
      expect(compareDates(escalated.reminders[2]?.sentOn ?? '', days[2] ?? '')).toBeGreaterThan(0);
      expect(await h.mailsTo(invoice)).toHaveLength(2);
      expect(h.executionsOf(invoice.invoiceId).map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a call task nobody works within its SLA times out and the case escalates to the final notice',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('call-timeout');
      await h.issue(invoice);
      const task = await h.openTask(invoice.invoiceId, 'call');

      // Act
      const escalated = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((reminder) => reminder.kind === 'final'),
        'the final notice',
      );
      const late = await h.complete(task, { type: 'not-reached' });
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(late.result).toBe('timed-out');
      expect((await h.tasks.get(task.taskId))?.status).toBe('timed-out');
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.map((entry) => entry.type)).toEqual(
        expect.arrayContaining(['task-opened', 'level-completed', 'task-timed-out']),
      );
      const dueAt = task.dueAt.slice(0, 10);
      expect(compareDates(escalated.reminders.at(-1)?.sentOn ?? '', dueAt)).toBeGreaterThanOrEqual(0);
      expect(escalated.reminders.map((reminder) => reminder.levelId)).toEqual([
        'reminder-1',
        'reminder-2',
        'final',
      ]);
      expect(h.events(invoice.invoiceId, 'Call Task Opened')).toHaveLength(1);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent').at(-1)?.detail).toMatchObject({
        levelId: 'final',
        channel: 'letter',
      });
      expect(await h.mailsTo(invoice)).toHaveLength(2);
      const [execution] = h.executionsOf(invoice.invoiceId);
      expect(execution?.history.map((event) => event.type)).toContain('TaskTimedOut');
      expect(execution?.status).toBe('SUCCEEDED');
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a hard bounce moves the next reminder to the phone and no further mail goes to the dead address',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('hard-bounce');
      const ses = sesHardBounce(h.stack);
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);
      const [firstMail] = await h.mailed(invoice, 1);

      // Act
      await ses.bounce(firstMail?.messageId ?? '', invoice.invoiceId);
      const bounced = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.emailUndeliverable,
        'the bounce',
      );
      const task = await h.openTask(invoice.invoiceId, 'call');
      const completion = await h.complete(task, {
        type: 'promise',
        promisedOn: addDays(h.today(), 3),
        cents: 100_000,
        dissatisfied: false,
      });
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'promise', 'the promise');
      await h.payInFull(invoice.invoiceId);
      ses.close();

      // Assert
      expect(completion.result).toBe('completed');
      expect(task.levelId).toBe('reminder-2');
      expect(h.events(invoice.invoiceId, 'Call Task Opened')[0]?.detail).toMatchObject({
        levelId: 'reminder-2',
        queue: 'receivables',
      });
      expect(await h.mailsTo(invoice)).toHaveLength(1);
      const closed = await h.case(invoice.invoiceId);
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1']);
      const bounceEntry = (await h.cases.timeline(invoice.invoiceId)).find(
        (entry) => entry.type === 'email-bounced',
      );
      expect(compareDates(bounceEntry?.on ?? '', bounced.reminders[0]?.sentOn ?? '')).toBeGreaterThanOrEqual(
        0,
      );
      expect(compareDates(bounceEntry?.on ?? '', task.createdAt.slice(0, 10))).toBeLessThanOrEqual(0);
      expect(closed.status).toBe('paid');
      expect(h.executionsOf(invoice.invoiceId).map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );
});
