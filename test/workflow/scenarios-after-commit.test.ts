import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { eventsClient } from '../../functions/adapters/clients.js';
import { addDays } from '../../functions/domain/calendar.js';
import { stopAfterCheckingEveryCaseIsWorked, unworkedCases } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;
/** Detail types of product events whose next PutEvents fails once for an invoice, after the change committed. */
const failPublishOnce = new Set<string>();

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
  // The handlers' EventBridge client, stubbed in front of the local bus: an armed publish fails once.
  const client = eventsClient();
  const putEvents = client.putEvents.bind(client);
  vi.spyOn(client, 'putEvents').mockImplementation((entries) => {
    for (const entry of entries) {
      const key = `${entry.DetailType}|${JSON.parse(entry.Detail).invoiceId}`;
      if (failPublishOnce.delete(key)) {
        return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      }
    }
    return putEvents(entries);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const about = (invoiceId: string) => (event: unknown) =>
  JSON.stringify(event).includes(`"invoiceId":"${invoiceId}"`);

/** The errors the engine saw for a state of the invoice's executions (each a failed attempt it retried). */
function failuresOf(invoiceId: string, stateName: string) {
  return h
    .executionsOf(invoiceId)
    .flatMap((execution) => execution.history)
    .filter((event) => event.stateName === stateName && event.error !== undefined)
    .map((event) => event.error);
}

describe.concurrent('a Lambda that times out after its commit is retried and finishes its work once', () => {
  it.for([
    ['prepare', 'Prepare'],
    ['send-reminder', 'SendReminder'],
  ] as const)(
    '%s: one reminder, one mail, one timeline line, the case still worked',
    { timeout: SCENARIO_MS },
    async ([functionName, stateName], { expect }) => {
      // Arrange
      const invoice = h.invoice(`after-commit-${functionName}`);
      h.stack.faults.arm({ functionName, errorName: 'Sandbox.Timedout', matches: about(invoice.invoiceId) });

      // Act
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);
      await h.mailed(invoice, 1);
      const unworked = await unworkedCases(h, [invoice.invoiceId]);
      const executions = await h.payInFull(invoice.invoiceId);

      // Assert
      expect(failuresOf(invoice.invoiceId, stateName)).toContain('Sandbox.Timedout');
      expect(unworked).toEqual([]);
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      const mails = await h.mailsTo(invoice);
      expect(mails.filter((mail) => mail.subject.startsWith('Zahlungserinnerung'))).toHaveLength(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'reminder-sent')).toHaveLength(1);
      expect(timeline.filter((entry) => entry.type === 'step-failed')).toEqual([]);
      expect(h.publishedEvents(invoice.invoiceId, 'Dunning Reminder Sent')).toHaveLength(1);
    },
  );

  it.for([
    ['open-task', 'OpenTask'],
    ['record-outcome', 'RecordOutcome'],
  ] as const)(
    '%s: one task, one promise, one confirmation, the case still worked',
    { timeout: SCENARIO_MS },
    async ([functionName, stateName], { expect }) => {
      // Arrange
      const invoice = h.invoice(`after-commit-${functionName}`);
      h.stack.faults.arm({ functionName, errorName: 'Sandbox.Timedout', matches: about(invoice.invoiceId) });
      await h.issue(invoice);

      // Act
      const call = await h.openTask(invoice.invoiceId, 'call');
      // A caller who answers while OpenTask still runs wins the race (as on AWS); wait for its failure.
      if (functionName === 'open-task') {
        await eventually(
          () => (failuresOf(invoice.invoiceId, stateName).includes('Sandbox.Timedout') ? true : undefined),
          'the OpenTask attempt to fail',
        );
      }
      const latest = (await h.tasks.get(call.taskId)) ?? call;
      const completion = await h.complete(latest, {
        type: 'promise',
        promisedOn: addDays(h.today(), 7),
        cents: 1000,
        dissatisfied: false,
      });
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'promise', 'the promise');
      await eventually(async () => {
        const mails = await h.mailsTo(invoice);
        return mails.some((mail) => mail.subject.startsWith('Bestätigung')) ? mails : undefined;
      }, 'the confirmation');
      const unworked = await unworkedCases(h, [invoice.invoiceId]);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(completion.result).toBe('completed');
      expect(failuresOf(invoice.invoiceId, stateName)).toContain('Sandbox.Timedout');
      expect(unworked).toEqual([]);
      const mails = await h.mailsTo(invoice);
      expect(mails.filter((mail) => mail.subject.startsWith('Bestätigung'))).toHaveLength(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'task-opened')).toHaveLength(1);
      expect(timeline.filter((entry) => entry.type === 'promise-recorded')).toHaveLength(1);
      expect(timeline.filter((entry) => entry.type === 'outcome-rejected')).toEqual([]);
      expect(h.publishedEvents(invoice.invoiceId, 'Call Task Opened')).toHaveLength(1);
      expect(h.publishedEvents(invoice.invoiceId, 'Promise To Pay Recorded')).toHaveLength(1);
    },
  );

  it(
    'close: the execution still ends as succeeded and the case stays closed',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('after-commit-close');
      h.stack.faults.arm({
        functionName: 'close',
        errorName: 'Runtime.ExitError',
        matches: about(invoice.invoiceId),
      });
      await h.issue(invoice);
      // Overdue and reminded, so an execution works the case when it is paid.
      await h.reminded(invoice.invoiceId, 1);

      // Act
      const executions = await h.payInFull(invoice.invoiceId);

      // Assert
      expect(failuresOf(invoice.invoiceId, 'Close')).toContain('Runtime.ExitError');
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(h.publishedEvents(invoice.invoiceId, 'Dunning Closed')).toHaveLength(1);
    },
    SCENARIO_MS,
  );

  it(
    'a failed PutEvents after the reminder was committed publishes the event once on retry and mails once',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('after-commit-put-events');
      failPublishOnce.add(`Dunning Reminder Sent|${invoice.invoiceId}`);

      // Act
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);
      await h.mailed(invoice, 1);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(failuresOf(invoice.invoiceId, 'SendReminder')).toContain('Dunning.Throttled');
      expect(h.publishedEvents(invoice.invoiceId, 'Dunning Reminder Sent')).toHaveLength(1);
      const mails = await h.mailsTo(invoice);
      expect(mails.filter((mail) => mail.subject.startsWith('Zahlungserinnerung'))).toHaveLength(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'reminder-sent')).toHaveLength(1);
    },
    SCENARIO_MS,
  );

  it(
    'installment-step and handover: one rate reminder, one default, one handover, one Inkasso event',
    async ({ expect }) => {
      // Arrange: a plan whose first rate is missed, so the plan reminds, defaults and the case is handed over;
      // the rate reminder's step and the handover each time out right after their work.
      const invoice = h.invoice('after-commit-plan-handover');
      const about_ = about(invoice.invoiceId);
      h.stack.faults.arm({
        functionName: 'installment-step',
        errorName: 'Sandbox.Timedout',
        matches: (event) => about_(event) && JSON.stringify(event).includes('"phase":"remind"'),
      });
      h.stack.faults.arm({ functionName: 'handover', errorName: 'Sandbox.Timedout', matches: about_ });
      await h.issue(invoice);
      const call = await h.openTask(invoice.invoiceId, 'call');
      const open = h.amountDueOn(await h.case(invoice.invoiceId), addDays(h.today(), 5));
      const first = Math.floor(open / 2);
      await h.complete(call, {
        type: 'installments',
        rates: [
          { dueDate: addDays(h.today(), 5), cents: first },
          { dueDate: addDays(h.today(), 12), cents: open - first },
        ],
        dissatisfied: false,
      });

      // Act
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      await h.complete(approval, { type: 'approval', decision: 'approve' });
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(failuresOf(invoice.invoiceId, 'Step')).toContain('Sandbox.Timedout');
      expect(failuresOf(invoice.invoiceId, 'Handover')).toContain('Sandbox.Timedout');
      expect(executions.every((execution) => execution.status === 'SUCCEEDED')).toBe(true);
      expect((await h.case(invoice.invoiceId)).status).toBe('handed-over');
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'installments-defaulted')).toHaveLength(1);
      expect(timeline.filter((entry) => entry.type === 'case-closed')).toHaveLength(1);
      const rateReminders = (await h.mailsTo(invoice)).filter((mail) =>
        mail.subject.startsWith('Bestätigung Ihrer Ratenzahlung'),
      );
      // The plan's confirmation and one reminder for the missed rate, whatever the retries.
      expect(rateReminders).toHaveLength(2);
      expect(h.publishedEvents(invoice.invoiceId, 'Inkasso Handover Requested')).toHaveLength(1);
    },
    SCENARIO_MS,
  );
});
