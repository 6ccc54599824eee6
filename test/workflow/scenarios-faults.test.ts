import { afterAll, beforeAll, describe, it } from 'vitest';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { addDays } from '../../functions/domain/calendar.js';
import { planSuffix } from '../../functions/workflow/steps/scope.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { sesError, sesWithFaults } from './ses-faults.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;
let ses: ReturnType<typeof sesWithFaults>;

/** The handlers' SES client throttles mails of `subject|recipient` this many more times, then sends them. */
const throttles = new Map<string, number>();
const throttleOnce = { add: (target: string) => throttles.set(target, 1) };

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
  ses = sesWithFaults(h, (input) => {
    const subject = input.Content?.Simple?.Subject?.Data ?? '';
    const target = `${subject}|${input.Destination?.ToAddresses?.[0] ?? ''}`;
    const left = throttles.get(target) ?? 0;
    if (left === 0) return undefined;
    throttles.set(target, left - 1);
    return sesError('ThrottlingException', 'Maximum sending rate exceeded.');
  });
});
afterAll(async () => {
  ses?.close();
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

/** The state RecordOutcome failed once and then succeeded: its retry ran after the first attempt's commit. */
function recordOutcomeRetried(invoiceId: string) {
  const [execution] = h.executionsOf(invoiceId);
  const attempts = execution?.history.filter((event) => event.stateName === 'RecordOutcome') ?? [];
  return attempts.map((event) => [event.type, event.error]);
}

describe('throttling that lasts', () => {
  it(
    'a reminder throttled by SES seven times in a row goes out once the throttling passes, and only once',
    async ({ expect }) => {
      // Arrange: more failures than the short budget for transient faults (six retries) would survive.
      const invoice = h.invoice('throttled-seven-times');
      throttles.set(`Zahlungserinnerung: Rechnung ${invoice.invoiceNumber}|${invoice.customer.email}`, 7);

      // Act
      await h.issue(invoice);
      const reminded = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.length === 1,
        'reminder 1 on the case',
        45_000,
      );
      await h.payInFull(invoice.invoiceId);

      // Assert
      const [execution] = h.executionsOf(invoice.invoiceId);
      const attempts = execution?.history.filter(
        (event) => event.type === 'LambdaFunctionFailed' && event.stateName === 'SendReminder',
      );
      expect(attempts?.map((event) => event.error)).toEqual(Array(7).fill('Dunning.Throttled'));
      expect(reminded.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1']);
      const mails = await h.mailsTo(invoice);
      expect(mails.filter((mail) => mail.subject.startsWith('Zahlungserinnerung'))).toHaveLength(1);
      expect(execution?.status).toBe('SUCCEEDED');
    },
    SCENARIO_MS,
  );
});

describe.concurrent('a step retried after its change was committed finishes its work instead of deciding again', () => {
  it(
    'a promise whose confirmation mail is throttled stays recorded and is confirmed exactly once',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('promise-confirmation-throttled');
      throttleOnce.add(
        `Bestätigung Ihrer Zahlungszusage: Rechnung ${invoice.invoiceNumber}|${invoice.customer.email}`,
      );
      await h.issue(invoice);
      const call = await h.openTask(invoice.invoiceId, 'call');
      const promisedOn = addDays(h.today(), 7);

      // Act
      await h.complete(call, { type: 'promise', promisedOn, cents: 1000, dissatisfied: false });
      const promised = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.status === 'promise',
        'the promise',
      );
      const confirmations = await eventually(async () => {
        const mails = (await h.mailsTo(invoice)).filter((mail) => mail.subject.startsWith('Bestätigung'));
        return mails.length > 0 ? mails : undefined;
      }, 'the confirmation mail');
      await eventually(
        () => (recordOutcomeRetried(invoice.invoiceId).length >= 3 ? true : undefined),
        'RecordOutcome done',
      );
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(recordOutcomeRetried(invoice.invoiceId)).toEqual(
        expect.arrayContaining([
          ['LambdaFunctionFailed', 'Dunning.Throttled'],
          ['LambdaFunctionSucceeded', undefined],
        ]),
      );
      expect(promised.promises).toHaveLength(1);
      expect(promised.outcomesApplied).toEqual([call.taskId]);
      expect(confirmations).toHaveLength(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'outcome-rejected')).toEqual([]);
      expect(timeline.filter((entry) => entry.type === 'promise-recorded')).toHaveLength(1);
      expect(h.events(invoice.invoiceId, 'Promise To Pay Recorded')).toHaveLength(1);
    },
    SCENARIO_MS,
  );

  it(
    'an installment plan whose confirmation mail is throttled still starts its plan execution',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('installments-confirmation-throttled');
      throttleOnce.add(
        `Bestätigung Ihrer Ratenzahlungsvereinbarung: Rechnung ${invoice.invoiceNumber}|${invoice.customer.email}`,
      );
      await h.issue(invoice);
      const call = await h.openTask(invoice.invoiceId, 'call');
      const open = h.amountDueOn(await h.case(invoice.invoiceId), addDays(h.today(), 5));
      const first = Math.floor(open / 2);
      const rates = [
        { dueDate: addDays(h.today(), 5), cents: first },
        { dueDate: addDays(h.today(), 12), cents: open - first },
      ];

      // Act
      await h.complete(call, { type: 'installments', rates, dissatisfied: false });
      const agreed = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.installmentPlan !== null,
        'the plan',
      );
      const planName = executionNameFor(invoice.invoiceId, planSuffix(agreed));
      const plan = await eventually(
        () => h.executionsOf(invoice.invoiceId).find((execution) => execution.name === planName),
        'the plan execution',
      );
      // The confirmation goes out before RecordOutcome hands over to the plan.
      const mails = await h.mailsTo(invoice);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(plan.name).toBe(planName);
      expect(recordOutcomeRetried(invoice.invoiceId)).toEqual(
        expect.arrayContaining([['LambdaFunctionFailed', 'Dunning.Throttled']]),
      );
      expect(mails.filter((mail) => mail.subject.startsWith('Bestätigung'))).toHaveLength(1);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'outcome-rejected')).toEqual([]);
      expect(timeline.filter((entry) => entry.type === 'step-failed')).toEqual([]);
      expect(h.events(invoice.invoiceId, 'Installment Plan Agreed')).toHaveLength(1);
    },
    SCENARIO_MS,
  );
});
