import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import { EVENT_SOURCE } from '../../functions/domain/events.js';
import { planSchedule } from '../../functions/domain/schedule.js';
import { metrics } from '../../functions/observability.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import {
  eventually,
  expectedInterestCents,
  SCENARIO_MS,
  SCENARIO_START,
  WorkflowHarness,
} from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

describe.concurrent('payments and cancellations', () => {
  it(
    'an invoice paid before its due date gets no mail and no task and ends as paid',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('paid-early', { dueDate: addDays(h.today(), 7) });
      await h.issue(invoice);

      // Act
      const paidOn = h.today();
      await h.erp.pay(invoice.invoiceId, invoice.amount.cents, paidOn);
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('paid');
      expect(closed.closed).toEqual({ outcome: 'paid', on: paidOn, waivedCents: 0 });
      expect(closed.balance).toEqual({ principalCents: 0, interestCents: 0, costsCents: 0 });
      expect(closed.charges).toEqual([]);
      expect(closed.reminders).toEqual([]);
      expect(await h.mailsTo(invoice)).toEqual([]);
      expect(await h.tasks.tasksOfCase(invoice.invoiceId)).toEqual([]);
      // Not overdue yet: no execution ever started, and the start schedule is gone.
      expect(executions).toEqual([]);
      expect(h.executionsOf(invoice.invoiceId)).toEqual([]);
      await eventually(() => (h.startSchedule(invoice.invoiceId) ? undefined : true), 'the schedule deleted');
      expect(h.events(invoice.invoiceId)).toEqual([
        expect.objectContaining({
          detailType: 'Dunning Closed',
          detail: expect.objectContaining({ outcome: 'paid', recoveredCents: 250_000, waivedCents: 0 }),
        }),
      ]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.map((entry) => entry.type)).toEqual(['case-opened', 'payment-received', 'case-closed']);
      expect(h.deadLetters(invoice.invoiceId)).toEqual([]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    "a payment put on the bus with the product's own or an unknown source leaves the case alone; the same payment from the accounting system closes it",
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('forged-payment', { dueDate: addDays(h.today(), 7) });
      await h.issue(invoice);
      const payment = {
        paymentId: 'pay-forged-payment',
        invoiceId: invoice.invoiceId,
        amount: invoice.amount,
        receivedOn: h.today(),
      };
      const deliveriesOf = (source: string) =>
        h.stack.bus
          .events()
          .filter(({ event }) => event.source === source && event['detail-type'] === 'Payment Received')
          .filter(({ event }) => JSON.stringify(event.detail).includes(invoice.invoiceId))
          .map(({ matchedRules }) => matchedRules);

      // Act
      await h.erp.put('Payment Received', payment, h.stack.productBus, EVENT_SOURCE);
      await h.erp.put('Payment Received', payment, h.stack.productBus, 'erp.forger');
      // Time for the case-events queue to apply a forgery, had a rule routed one.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const afterForgeries = await h.case(invoice.invoiceId);
      await h.erp.put('Payment Received', payment);
      await h.settled(invoice.invoiceId);

      // Assert
      expect([EVENT_SOURCE, 'erp.forger', 'erp.accounting'].map(deliveriesOf)).toEqual([
        [[]],
        [[]],
        [['CaseEvents']],
      ]);
      expect(afterForgeries).toMatchObject({ status: 'open', payments: [] });
      const closed = await h.case(invoice.invoiceId);
      expect(closed).toMatchObject({ status: 'paid', paidCents: invoice.amount.cents });
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.map((entry) => entry.type)).toEqual(['case-opened', 'payment-received', 'case-closed']);
    },
    SCENARIO_MS,
  );

  it(
    'an invoice paid after the first reminder gets exactly one mail and closes with interest and lump sum settled',
    async ({ expect }) => {
      // Arrange
      const counted = vi.spyOn(metrics, 'addMetric');
      const invoice = h.invoice('paid-after-first');
      await h.issue(invoice);
      const reminded = await h.reminded(invoice.invoiceId, 1);

      // Act
      const paidOn = h.today();
      const due = h.amountDueOn(reminded, paidOn);
      await h.erp.pay(invoice.invoiceId, due, paidOn);
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      const mails = await h.mailsTo(invoice);
      expect(mails.map((mail) => mail.subject)).toEqual([
        `Zahlungserinnerung: Rechnung ${invoice.invoiceNumber}`,
      ]);
      const metricNames = counted.mock.calls.map(([name]) => name);
      counted.mockRestore();
      expect(metricNames).toEqual(expect.arrayContaining(['DunningReminderSent', 'DunningClosed']));
      const closed = await h.case(invoice.invoiceId);
      const [plannedFirst, plannedSecond] = planSchedule(invoice, h.context.policy, h.context.calendar);
      expect(closed.defaultStart).toMatchObject({ basis: 'calendar-date', date: h.defaultDate(invoice) });
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1']);
      const sentOn = closed.reminders[0]?.sentOn ?? '';
      expect(compareDates(sentOn, plannedFirst?.date ?? '')).toBeGreaterThanOrEqual(0);
      expect(compareDates(sentOn, plannedSecond?.date ?? '')).toBeLessThan(0);
      const interest = expectedInterestCents(250_000, h.defaultDate(invoice), paidOn);
      expect(closed.charges).toEqual([{ kind: 'lump-sum', cents: 4000, on: sentOn }]);
      expect(closed.interestLines.reduce((sum, line) => sum + line.cents, 0)).toBe(interest);
      expect(due).toBe(250_000 + 4000 + interest);
      expect(closed).toMatchObject({
        status: 'paid',
        paidCents: due,
        balance: { principalCents: 0, interestCents: 0, costsCents: 0 },
      });
      expect(h.events(invoice.invoiceId).map((event) => event.detailType)).toEqual([
        'Dunning Reminder Sent',
        'Dunning Closed',
      ]);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent')[0]?.detail).toMatchObject({
        levelId: 'reminder-1',
        channel: 'email',
        feeCents: 0,
        openCents: 254_000,
      });
      expect(h.events(invoice.invoiceId, 'Dunning Closed')[0]?.detail).toMatchObject({
        outcome: 'paid',
        recoveredCents: due,
      });
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.tasks.tasksOfCase(invoice.invoiceId)).toEqual([]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.map((entry) => entry.type)).toEqual([
        'case-opened',
        'charge-added',
        'reminder-sent',
        'interest-booked',
        'payment-received',
        'case-closed',
      ]);
      expect(timeline.find((entry) => entry.type === 'payment-received')?.data).toMatchObject({
        toCosts: 4000,
        toInterest: interest,
        toPrincipal: 250_000,
        surplusCents: 0,
      });
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a partial payment settles costs and interest first and dunning continues for the rest with interest on the smaller principal',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('partial');
      const interestFrom = h.defaultDate(invoice);
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);

      // Act
      const partialOn = h.today();
      await h.erp.pay(invoice.invoiceId, 100_000, partialOn, 'partial-1');
      const afterPartial = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.paidCents > 0,
        'the partial payment',
      );
      const reminded = await h.reminded(invoice.invoiceId, 2);
      const [, secondMail] = await h.mailed(invoice, 2);
      const restOn = h.today();
      const rest = h.amountDueOn(reminded, restOn);
      await h.erp.pay(invoice.invoiceId, rest, restOn, 'rest-1');
      await h.settled(invoice.invoiceId);

      // Assert
      const firstInterest = expectedInterestCents(250_000, interestFrom, partialOn);
      const principalAfterPartial = 250_000 - (100_000 - 4000 - firstInterest);
      expect(afterPartial.status).toBe('open');
      expect(afterPartial.balance).toEqual({
        principalCents: principalAfterPartial,
        interestCents: 0,
        costsCents: 0,
      });
      expect(compareDates(reminded.reminders[1]?.sentOn ?? '', partialOn)).toBeGreaterThanOrEqual(0);
      expect(secondMail?.subject).toBe(`Mahnung: Rechnung ${invoice.invoiceNumber}`);
      expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent')[1]?.detail).toMatchObject({
        levelId: 'reminder-2',
        openCents: principalAfterPartial,
      });
      const secondInterest = expectedInterestCents(principalAfterPartial, addDays(partialOn, 1), restOn);
      expect(rest).toBe(principalAfterPartial + secondInterest);
      const closed = await h.case(invoice.invoiceId);
      expect(closed.interestLines.map((line) => line.principalCents)).toEqual([
        ...closed.interestLines.filter((line) => line.through <= partialOn).map(() => 250_000),
        ...closed.interestLines.filter((line) => line.from > partialOn).map(() => principalAfterPartial),
      ]);
      expect(closed.interestLines.reduce((sum, line) => sum + line.cents, 0)).toBe(
        firstInterest + secondInterest,
      );
      expect(closed).toMatchObject({
        status: 'paid',
        paidCents: 100_000 + rest,
        balance: { principalCents: 0, interestCents: 0, costsCents: 0 },
      });
      expect(closed.paidCents).toBe(250_000 + 4000 + firstInterest + secondInterest);
      expect(await h.mailsTo(invoice)).toHaveLength(2);
      const payments = (await h.cases.timeline(invoice.invoiceId)).filter(
        (entry) => entry.type === 'payment-received',
      );
      expect(payments.map((entry) => entry.data)).toEqual([
        expect.objectContaining({ paymentId: 'partial-1', toCosts: 4000, toInterest: firstInterest }),
        expect.objectContaining({
          paymentId: 'rest-1',
          toCosts: 0,
          toInterest: secondInterest,
          surplusCents: 0,
        }),
      ]);
      expect(h.executionsOf(invoice.invoiceId).map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a cancellation between the reminders closes the case as cancelled and stops all further mail',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('cancelled-midway');
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);

      // Act
      const cancelledOn = h.today();
      await h.erp.cancel(invoice.invoiceId, cancelledOn);
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('cancelled');
      expect(closed.closed).toEqual({ outcome: 'cancelled', on: cancelledOn, waivedCents: 254_000 });
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1']);
      expect(await h.mailsTo(invoice)).toHaveLength(1);
      expect(h.events(invoice.invoiceId).map((event) => event.detailType)).toEqual([
        'Dunning Reminder Sent',
        'Dunning Closed',
      ]);
      expect(h.events(invoice.invoiceId, 'Dunning Closed')[0]?.detail).toMatchObject({
        outcome: 'cancelled',
        recoveredCents: 0,
        waivedCents: 254_000,
      });
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'case-closed')).toEqual([
        expect.objectContaining({ on: cancelledOn }),
      ]);
      expect(timeline.filter((entry) => entry.type === 'reminder-sent')).toHaveLength(1);
      // The second reminder's step, woken after the cancellation, checked the case and planned the close.
      expect(timeline.filter((entry) => entry.type === 'reminder-withheld')).toEqual([]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a payment that arrives while a call task is open closes the task and nobody is asked to call',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('paid-during-call');
      await h.issue(invoice);
      const task = await h.openTask(invoice.invoiceId, 'call');
      const queued = await h.callerQueue('receivables');
      const calling = await h.case(invoice.invoiceId);

      // Act
      const paidOn = h.today();
      await h.erp.pay(invoice.invoiceId, h.amountDueOn(calling, paidOn), paidOn);
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(queued.map((open) => open.taskId)).toContain(task.taskId);
      const finished = await h.tasks.get(task.taskId);
      expect(finished?.status).not.toBe('open');
      expect(finished?.outcome).toEqual({ type: 'case-closed', outcome: 'paid' });
      expect((await h.callerQueue('receivables')).map((open) => open.invoiceId)).not.toContain(
        invoice.invoiceId,
      );
      expect(await h.tasks.tasksOfCase(invoice.invoiceId)).toHaveLength(1);
      expect((await h.case(invoice.invoiceId)).status).toBe('paid');
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect(h.events(invoice.invoiceId, 'Call Task Opened')).toHaveLength(1);
      expect(h.events(invoice.invoiceId).at(-1)?.detailType).toBe('Dunning Closed');
      const timeline = (await h.cases.timeline(invoice.invoiceId)).map((entry) => entry.type);
      expect(timeline.indexOf('task-opened')).toBeLessThan(timeline.indexOf('payment-received'));
      expect(timeline.filter((entry) => entry === 'task-timed-out' || entry === 'level-completed')).toEqual(
        [],
      );
      expect(await h.mailsTo(invoice)).toHaveLength(2);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );
});
