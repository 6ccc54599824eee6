import { afterAll, beforeAll, describe, it } from 'vitest';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { SCENARIO_START, WorkflowHarness } from './support.js';

/** Three seconds a business day: the customer's eight executions wake within one business day even under load. */
const DAY_MS = 3_000;

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, dayMs: DAY_MS });
}, 60_000);
afterAll(async () => {
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const STAHLBAU = {
  id: 'cust-stahlbau-nord',
  name: 'Stahlbau Nord GmbH',
  email: 'kreditoren@stahlbau-nord.example',
};

describe('combined reminders (Sammelmahnung)', () => {
  it('remind eight invoices of one customer due the same day with one mail a day, which each case records as its own', async ({
    expect,
  }) => {
    // Arrange: eight invoices of one customer and a ninth it pays before the first reminder, all due today
    const invoices: InvoiceIssued[] = Array.from({ length: 8 }, (_, index) =>
      h.invoice(`stahl-${index + 1}`, {
        customer: STAHLBAU,
        amount: { cents: 100_000 + index * 12_345, currency: 'EUR' },
      }),
    );
    const paidEarly = h.invoice('stahl-paid', { customer: STAHLBAU });
    const single = h.invoice('single-1');
    const early = await h.issue(paidEarly);
    await h.erp.pay(paidEarly.invoiceId, h.amountDueOn(early, h.today()), h.today(), 'stahl-paid-early');
    await Promise.all([...invoices, single].map((invoice) => h.issue(invoice)));
    await h.settled(paidEarly.invoiceId);

    // Act: the executions send their first and second reminders
    const reminded = await Promise.all(invoices.map((invoice) => h.reminded(invoice.invoiceId, 2, 90_000)));
    await h.reminded(single.invoiceId, 2, 30_000);

    // Assert: one mail for each level, on two different days, listing the eight invoices but not the paid one
    const [first] = invoices;
    if (!first) throw new Error('fixture');
    const mails = await h.mailsTo(first);
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Zahlungserinnerung: 8 offene Rechnungen',
      'Mahnung: 8 offene Rechnungen',
    ]);
    for (const mail of mails) {
      for (const invoice of invoices) expect(mail.body.text).toContain(invoice.invoiceNumber);
      expect(mail.body.text).not.toContain(paidEarly.invoiceNumber);
    }
    // Each case records both reminders as its own, with the message id of the one mail of that day.
    const messageIds = mails.map((mail) => mail.messageId);
    for (const dunningCase of reminded) {
      expect(dunningCase.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1', 'reminder-2']);
      const timeline = await h.cases.timeline(dunningCase.invoiceId);
      const recorded = timeline
        .filter((line) => line.type === 'reminder-sent')
        .map((line) => line.data?.messageId);
      expect(recorded).toEqual(messageIds);
    }
    // All eight were reminded on the same two days.
    const sentOn = reminded.map((dunningCase) => dunningCase.reminders.map((reminder) => reminder.sentOn));
    expect(new Set(sentOn.map((days) => days.join())).size).toBe(1);
    expect(new Set(sentOn[0]).size).toBe(2);
    // A customer with a single invoice gets its single letters as before.
    expect((await h.mailsTo(single)).map((mail) => mail.subject)).toEqual([
      `Zahlungserinnerung: Rechnung ${single.invoiceNumber}`,
      `Mahnung: Rechnung ${single.invoiceNumber}`,
    ]);

    // Cleanup: the customer pays everything, so the file ends with no case left waiting for a caller
    await Promise.all([...invoices, single].map((invoice) => h.payInFull(invoice.invoiceId)));
  }, 240_000);
});
