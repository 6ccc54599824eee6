import { afterAll, beforeAll, describe, it } from 'vitest';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { writeOffDecision } from '../../functions/workflow/write-off.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const supervisor = { sub: 'sub-sabine', name: 'Sabine Supervisor' };
const credit = (invoiceId: string, creditNoteId: string, cents: number) =>
  h.erp.put('Invoice Credited', {
    invoiceId,
    creditNoteId,
    amount: { cents, currency: 'EUR' },
    creditedOn: h.today(),
  });
const customerBlock = (customerId: string, change: 'Set' | 'Released') =>
  h.erp.put(
    `Customer Dunning Block ${change}`,
    change === 'Set'
      ? { customerId, blockId: 'B-1', reason: 'Kunde in Vergleichsverhandlung', setOn: h.today() }
      : { customerId, blockId: 'B-1', releasedOn: h.today() },
  );
const holders = async (invoiceId: string) =>
  (await h.case(invoiceId)).hold?.holders.map((holder) => holder.owner) ?? [];
const daysPassed = (from: string, days: number) =>
  eventually(() => (compareDates(h.today(), addDays(from, days)) >= 0 ? true : undefined), `${days} days`);

describe.concurrent('case actions on the running workflow', () => {
  it(
    'a credit note reduces the principal, interest then runs on the reduced one, and a credit covering the rest settles the case',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('credited');
      await h.issue(invoice);
      await daysPassed(invoice.dueDate, 3);

      // Act: a partial credit (delivered twice), days of interest, then a credit of the rest.
      const creditedOn = h.today();
      await credit(invoice.invoiceId, 'GS-1', 100_000);
      await credit(invoice.invoiceId, 'GS-1', 100_000);
      await h.waitForCase(invoice.invoiceId, (found) => found.credits.length === 1, 'the partial credit');
      await daysPassed(creditedOn, 5);
      await credit(invoice.invoiceId, 'GS-2', 150_000);
      await h.settled(invoice.invoiceId);

      // Assert
      const settled = await h.case(invoice.invoiceId);
      expect(settled.status).toBe('cancelled');
      expect(settled.credits.map((known) => known.creditNoteId)).toEqual(['GS-1', 'GS-2']);
      const [beforeCredit, afterCredit] = settled.interestLines;
      expect(beforeCredit).toMatchObject({ through: creditedOn, principalCents: 250_000 });
      expect(afterCredit).toMatchObject({ from: addDays(creditedOn, 1), principalCents: 150_000 });
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'invoice-credited')).toHaveLength(2);
      expect(h.events(invoice.invoiceId, 'Dunning Closed')).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ outcome: 'cancelled' }) }),
      ]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    "a customer's dunning block holds every open case of the customer, also one issued meanwhile, and its release lifts only its own hold",
    async ({ expect }) => {
      // Arrange: two invoices of one customer; the second also has a block of its own.
      const customer = { id: 'cust-blocked' };
      const first = h.invoice('customer-block-1', { customer });
      const second = h.invoice('customer-block-2', { customer });
      await Promise.all([h.issue(first), h.issue(second)]);
      await h.erp.put('Dunning Block Set', {
        invoiceId: second.invoiceId,
        reason: 'Reklamation',
        setOn: h.today(),
      });
      await h.waitForCase(second.invoiceId, (found) => found.status === 'on-hold', 'the invoice block');

      // Act
      const mailsOf = async () =>
        (await Promise.all([first, second].map((invoice) => h.mailsTo(invoice)))).flat().length;
      await customerBlock(customer.id, 'Set');
      for (const invoice of [first, second]) {
        await h.waitForCase(
          invoice.invoiceId,
          (found) => found.hold?.holders.some((holder) => holder.owner === 'customer-block:B-1') === true,
          'the customer block',
        );
      }
      const third = h.invoice('customer-block-3', { customer });
      const issuedHeld = await h.issue(third);
      const thirdWhileBlocked = await h.waitForCase(
        third.invoiceId,
        (found) => found.status === 'on-hold',
        'held',
      );
      const mailsWhenBlocked = await mailsOf();
      const remindersWhenBlocked = (await h.case(first.invoiceId)).reminders.length;
      await daysPassed(h.today(), 20);
      const mailsWhileBlocked = (await mailsOf()) - mailsWhenBlocked + (await h.mailsTo(third)).length;
      await customerBlock(customer.id, 'Released');
      await h.reminded(first.invoiceId, remindersWhenBlocked + 1);
      await h.reminded(third.invoiceId, 1);

      // Assert
      expect(issuedHeld.invoiceId).toBe(third.invoiceId);
      expect(thirdWhileBlocked.hold?.holders.map((holder) => holder.owner)).toEqual(['customer-block:B-1']);
      expect(mailsWhileBlocked).toBe(0);
      expect((await h.case(second.invoiceId)).status).toBe('on-hold');
      expect(await holders(second.invoiceId)).toEqual(['erp']);
      expect(await holders(first.invoiceId)).toEqual([]);
      expect(await h.untranslatedLines(first.invoiceId)).toEqual([]);
      for (const invoice of [first, second, third]) await h.erp.pay(invoice.invoiceId, 300_000, h.today());
      await Promise.all([first, second, third].map((invoice) => h.settled(invoice.invoiceId)));
    },
    SCENARIO_MS,
  );

  it(
    'a written-off case ends its execution, sends no further reminder and publishes Claim Written Off with the amounts',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('written-off');
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);

      // Act
      const { service } = workflowInstance();
      const request = { scope: 'all', reason: 'Schuldner insolvent' } as const;
      const writtenOff = await service.change(invoice.invoiceId, () =>
        writeOffDecision(request, supervisor, h.today(), h.stack.clock.businessNow()),
      );
      const mailsAtWriteOff = (await h.mailsTo(invoice)).length;
      const executions = await h.settled(invoice.invoiceId);
      const writtenOffOn = h.today();
      await daysPassed(writtenOffOn, 15);

      // Assert
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('written-off');
      expect(executions.every((execution) => execution.status === 'SUCCEEDED')).toBe(true);
      expect(closed.reminders).toEqual(writtenOff.reminders);
      expect(await h.mailsTo(invoice)).toHaveLength(mailsAtWriteOff);
      const [published] = h.events(invoice.invoiceId, 'Claim Written Off');
      const { principalCents, interestCents, costsCents } = closed.balance;
      expect(published?.detail).toMatchObject({
        scope: 'all',
        reason: 'Schuldner insolvent',
        actorName: 'Sabine Supervisor',
        principalCents,
        interestCents,
        feesCents: costsCents,
        totalCents: principalCents + interestCents + costsCents,
        currency: 'EUR',
      });
      expect(h.events(invoice.invoiceId, 'Dunning Closed')).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ outcome: 'written-off' }) }),
      ]);
    },
    SCENARIO_MS,
  );

  it(
    'a Dispute Raised event from the accounting system disputes the case and opens the dispute task for a supervisor',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('dispute-event');
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);

      // Act
      await h.erp.put('Dispute Raised', {
        invoiceId: invoice.invoiceId,
        reason: 'Ware beschädigt geliefert',
        raisedOn: h.today(),
      });
      const task = await h.openTask(invoice.invoiceId, 'dispute');
      await h.complete(task, { type: 'resolution', resolution: 'upheld' });
      await h.settled(invoice.invoiceId);

      // Assert
      const closed = await h.case(invoice.invoiceId);
      expect(closed.disputes).toEqual([
        expect.objectContaining({ reason: 'Ware beschädigt geliefert', resolution: 'upheld' }),
      ]);
      expect(closed.status).toBe('cancelled');
      expect(task.queue).toBe('disputes');
      // No reminder after the dispute: it stopped the dunning.
      const types = (await h.cases.timeline(invoice.invoiceId)).map((entry) => entry.type);
      expect(types.slice(types.indexOf('dispute-raised'))).not.toContain('reminder-sent');
    },
    SCENARIO_MS,
  );

  it(
    "a tone set for the case words its next reminder in that tone instead of the segment's",
    async ({ expect }) => {
      // Arrange: a regular customer, whose letters are neutral by policy. The case is opened before the
      // invoice reaches the workflow, so the tone is set before any execution could send a reminder.
      const invoice = h.invoice('firm-tone', { dueDate: addDays(h.today(), 2) });
      const { service } = workflowInstance();
      await service.open(invoice);

      // Act
      await service.change(invoice.invoiceId, () => ({
        event: { type: 'tone-overridden', tone: 'firm', reason: 'dritte Rechnung im Verzug', on: h.today() },
      }));
      await h.issue(invoice);
      const [mail] = await h.mailed(invoice, 1);
      await h.erp.pay(invoice.invoiceId, 300_000, h.today());
      await h.settled(invoice.invoiceId);

      // Assert
      expect(mail?.body.text).toContain('vermutlich wurde die Zahlung übersehen');
      expect(mail?.body.text).not.toContain('vielleicht haben Sie es übersehen');
    },
    SCENARIO_MS,
  );
});
