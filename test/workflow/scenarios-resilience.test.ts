import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { SendEmailInput } from '../../functions/adapters/aws/ses.js';
import { sesV2Client } from '../../functions/adapters/clients.js';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;
let ses: ReturnType<typeof stubHandlersSes>;
type Send = (input: SendEmailInput) => Promise<{ MessageId?: string }>;
let emulatorSend: Send;
/** What the stub does for mails to one recipient: the queued behaviours one by one, then `always`. */
const behaviours = new Map<string, { queued: Send[]; always?: Send }>();
const sent: SendEmailInput[] = [];

/** The SES client the handlers use, stubbed: every send goes on to the emulator unless a test says otherwise. */
function stubHandlersSes() {
  const client = sesV2Client();
  emulatorSend = client.sendEmail.bind(client);
  return vi.spyOn(client, 'sendEmail').mockImplementation((input) => {
    sent.push(input);
    const behaviour = behaviours.get(input.Destination.ToAddresses[0] ?? '');
    const next = behaviour?.queued.shift() ?? behaviour?.always ?? pass;
    return next(input);
  });
}

/** Arms the stub for mails to `recipient`. */
function sesFor(recipient: string) {
  const behaviour = { queued: [] as Send[], always: undefined as Send | undefined };
  behaviours.set(recipient, behaviour);
  const arming = {
    once: (send: Send) => {
      behaviour.queued.push(send);
      return arming;
    },
    always: (send: Send) => {
      behaviour.always = send;
      return arming;
    },
  };
  return arming;
}

/** How many sends the handlers attempted to `recipient`. */
const sendsTo = (recipient: string) =>
  sent.filter((input) => input.Destination.ToAddresses.includes(recipient)).length;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
  ses = stubHandlersSes();
});
afterAll(async () => {
  ses?.mockRestore();
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const pass = (input: SendEmailInput) => emulatorSend(input);
const throttling = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException' });

describe.concurrent('duplicates and transient failures', () => {
  it(
    'the same invoice event delivered three times starts one execution and sends one mail per level',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('delivered-thrice');
      const invoiceQueue = h.stack.queues.find((queue) => queue.name === 'InvoiceIssued');

      // Act
      await Promise.all([h.erp.issue(invoice), h.erp.issue(invoice), h.erp.issue(invoice)]);
      await h.reminded(invoice.invoiceId, 2);
      await h.erp.issue(invoice);
      await h.payInFull(invoice.invoiceId);
      await h.erp.issue(invoice);
      await invoiceQueue?.drain({ timeoutMs: 10_000 });

      // Assert
      const delivered = h.stack.bus
        .events()
        .filter(
          ({ event }) =>
            event['detail-type'] === 'Invoice Issued' &&
            JSON.stringify(event.detail).includes(`"${invoice.invoiceId}"`),
        );
      expect(delivered).toHaveLength(5);
      expect(
        h.executionsOf(invoice.invoiceId).map((execution) => [execution.name, execution.status]),
      ).toEqual([[executionNameFor(invoice.invoiceId), 'SUCCEEDED']]);
      expect((await h.mailsTo(invoice)).map((mail) => mail.subject)).toEqual([
        `Zahlungserinnerung: Rechnung ${invoice.invoiceNumber}`,
        `Mahnung: Rechnung ${invoice.invoiceNumber}`,
      ]);
      const closed = await h.case(invoice.invoiceId);
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1', 'reminder-2']);
      expect(closed.status).toBe('paid');
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'case-opened')).toHaveLength(1);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent')).toHaveLength(2);
      expect(h.events(invoice.invoiceId, 'Dunning Closed')).toHaveLength(1);
      expect(h.deadLetters(invoice.invoiceId)).toEqual([]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a reminder whose first send is throttled by SES is retried and mailed exactly once',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('ses-throttled');
      const recipient = invoice.customer.email;
      sesFor(recipient).once(() => Promise.reject(throttling()));

      // Act
      await h.issue(invoice);
      const reminded = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.length === 1,
        'reminder 1 on the case',
      );
      const [execution] = await eventually(() => {
        const found = h.executionsOf(invoice.invoiceId);
        return found[0]?.history.some(
          (event) => event.type === 'LambdaFunctionSucceeded' && event.stateName === 'SendReminder',
        )
          ? found
          : undefined;
      }, 'the retried reminder step');
      const attempts = sendsTo(recipient);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(attempts).toBe(2);
      const mails = await h.mailsTo(invoice);
      expect(mails.filter((mail) => mail.subject.startsWith('Zahlungserinnerung'))).toHaveLength(1);
      const reminderStep = execution?.history.filter((event) => event.stateName === 'SendReminder') ?? [];
      expect(reminderStep.map((event) => [event.type, event.error])).toEqual(
        expect.arrayContaining([
          ['LambdaFunctionFailed', 'Dunning.Throttled'],
          ['LambdaFunctionSucceeded', undefined],
        ]),
      );
      const timeline = await h.cases.timeline(invoice.invoiceId);
      // One reminder is one timeline line, carrying the message id of the mail that went out.
      const reminderLines = timeline.filter((entry) => entry.type === 'reminder-sent');
      expect(reminderLines.map((entry) => entry.summary)).toEqual(['reminder-1 emailed']);
      expect(reminderLines[0]?.data).toMatchObject({ levelId: 'reminder-1', messageId: mails[0]?.messageId });
      expect(timeline.filter((entry) => entry.type === 'step-failed')).toEqual([]);
      expect(reminded.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1']);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent')[0]?.detail).toMatchObject({
        levelId: 'reminder-1',
      });
      expect((await h.case(invoice.invoiceId)).status).toBe('paid');
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a payment posted while a throttled reminder waits for its retry withholds the mail',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('paid-during-retry');
      const recipient = invoice.customer.email;
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      sesFor(recipient).once(async () => {
        await released;
        throw throttling();
      });
      await h.issue(invoice);
      await eventually(() => (sendsTo(recipient) > 0 ? true : undefined), 'the first send');

      // Act
      const reminded = await h.case(invoice.invoiceId);
      const paidOn = h.today();
      await h.erp.pay(invoice.invoiceId, h.amountDueOn(reminded, paidOn), paidOn);
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'paid', 'the payment');
      release();
      const executions = await h.finished(invoice.invoiceId);

      // Assert
      // The level is recorded only once its mail went out: the case never claims a reminder nobody received.
      expect(reminded.reminders).toEqual([]);
      expect((await h.case(invoice.invoiceId)).reminders).toEqual([]);
      expect(await h.mailsTo(invoice)).toEqual([]);
      expect(sendsTo(recipient)).toBe(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'reminder-withheld')).toEqual([
        expect.objectContaining({ summary: 'reminder-1 not sent: the case is paid' }),
      ]);
      expect(timeline.filter((entry) => entry.summary.endsWith('emailed'))).toEqual([]);
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a payment posted while a reminder is being delivered leaves the letter on the timeline but charges no fee',
    async ({ expect }) => {
      // Arrange: SES holds the first reminder until the payment has closed the case, then delivers it
      const invoice = h.invoice('paid-during-delivery');
      const recipient = invoice.customer.email;
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      sesFor(recipient).always(async (input) => {
        await released;
        return pass(input);
      });
      await h.issue(invoice);
      await eventually(() => (sendsTo(recipient) > 0 ? true : undefined), 'the send');

      // Act
      const paidOn = h.today();
      await h.erp.pay(invoice.invoiceId, h.amountDueOn(await h.case(invoice.invoiceId), paidOn), paidOn);
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'paid', 'the payment');
      release();
      const executions = await h.finished(invoice.invoiceId);

      // Assert
      const closed = await h.case(invoice.invoiceId);
      expect(closed.reminders).toEqual([]);
      expect(closed.charges.filter((charge) => charge.kind === 'reminder-fee')).toEqual([]);
      expect(await h.mailsTo(invoice)).toHaveLength(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'reminder-crossed')).toEqual([
        expect.objectContaining({ summary: 'reminder-1 emailed as the case became paid; no fee charged' }),
      ]);
      expect(timeline.filter((entry) => entry.summary.endsWith('emailed'))).toEqual([]);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent')).toEqual([]);
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a step that fails for good is recorded on the case timeline and fails the execution visibly',
    async ({ expect }) => {
      // Arrange: SES refuses the sender for good (not throttling): retrying cannot help. Its message names
      // the recipient, as SES does.
      const invoice = h.invoice('ses-rejects');
      const recipient = invoice.customer.email;
      const rejection = `Email address is not verified. The following identities failed the check in region EU-CENTRAL-1: ${invoice.customer.email}`;
      sesFor(recipient).always(() =>
        Promise.reject(Object.assign(new Error(rejection), { name: 'MessageRejected' })),
      );

      // Act
      await h.issue(invoice);
      const [failed] = await eventually(() => {
        const found = h.executionsOf(invoice.invoiceId);
        return found[0]?.status === 'FAILED' ? found : undefined;
      }, 'the failed execution');

      // Assert
      expect(failed?.status).toBe('FAILED');
      const timeline = await h.cases.timeline(invoice.invoiceId);
      const failure = timeline.find((entry) => entry.type === 'step-failed');
      expect(failure?.summary).toContain('MessageRejected');
      expect(JSON.stringify(failure)).not.toContain(invoice.customer.email);
      expect(JSON.stringify(failure)).toContain('[email]');
      expect(JSON.stringify(failed?.history)).not.toContain(invoice.customer.email);
      expect((await h.case(invoice.invoiceId)).reminders).toEqual([]);
      expect(await h.mailsTo(invoice)).toEqual([]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );
  it(
    'a failure cause that names the customer reaches the timeline without their address, phone or IBAN',
    async ({ expect }) => {
      // Arrange: a cause no handler redacted, as Lambda reports a crash at cold start
      const invoice = h.invoice('unredacted-cause');
      await h.issue(invoice);
      const cause = `{"errorMessage":"rejected ${invoice.customer.email}, call 02115551234, IBAN DE89370400440532013000"}`;
      const { handler } = await import('../../functions/handlers/record-failure.js');

      // Act
      await handler(
        { invoiceId: invoice.invoiceId, error: { Error: 'Runtime.ExitError', Cause: cause } },
        lambdaContext('record-failure'),
      );

      // Assert
      const timeline = await h.cases.timeline(invoice.invoiceId);
      const failure = JSON.stringify(timeline.find((entry) => entry.type === 'step-failed'));
      expect(failure).toContain('Runtime.ExitError');
      expect(failure).not.toContain(invoice.customer.email);
      expect(failure).not.toContain('02115551234');
      expect(failure).not.toContain('DE89370400440532013000');
    },
    SCENARIO_MS,
  );
});
