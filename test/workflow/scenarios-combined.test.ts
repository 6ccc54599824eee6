import { afterAll, beforeAll, describe, it } from 'vitest';
import type { SendEmailInput } from '../../functions/adapters/aws/ses.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { sesHardBounce, sesWithFaults } from './ses-faults.js';
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

  it('work every invoice a bounced combined mail listed without email, not only the one its tag names', async ({
    expect,
  }) => {
    // Arrange: three invoices of one customer due the same day; the mails as the handlers hand them to SES
    const customer = { id: 'cust-holzbau-sued', name: 'Holzbau Süd GmbH', email: 'ap@holzbau-sued.example' };
    const invoices = ['holz-1', 'holz-2', 'holz-3'].map((id) => h.invoice(id, { customer }));
    const sent: SendEmailInput[] = [];
    const recorder = sesWithFaults(h, (input) => {
      sent.push(input);
      return undefined;
    });
    const ses = sesHardBounce(h.stack);
    await Promise.all(invoices.map((invoice) => h.issue(invoice)));
    const reminded = await Promise.all(invoices.map((invoice) => h.reminded(invoice.invoiceId, 1, 90_000)));
    recorder.close();
    const [first] = invoices;
    const combined = sent.find((input) => input.Destination?.ToAddresses?.includes(customer.email));
    if (!first || !combined?.EmailTags) throw new Error('no combined mail');
    const [mail] = await h.mailed(first, 1);

    // Act: SES reports the one mail as undeliverable for good
    await ses.bounceTagged(mail?.messageId ?? '', combined.EmailTags);
    const bounced = await Promise.all(
      invoices.map((invoice) =>
        h.waitForCase(
          invoice.invoiceId,
          (found) => found.emailUndeliverable,
          'the address marked undeliverable',
        ),
      ),
    );
    ses.close();

    // Assert: one mail listed all three; each case is now worked by phone (the policy's fallback), whichever
    // case the mail's tag named
    expect(combined.Content.Simple?.Subject.Data).toBe('Zahlungserinnerung: 3 offene Rechnungen');
    expect(reminded.map((found) => found.reminders.map((reminder) => reminder.channel))).toEqual([
      ['email'],
      ['email'],
      ['email'],
    ]);
    expect(bounced.map((found) => found.emailUndeliverable)).toEqual([true, true, true]);
    for (const invoice of invoices) {
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((line) => line.type === 'email-bounced')).toHaveLength(1);
    }

    // Cleanup
    await Promise.all(invoices.map((invoice) => h.payInFull(invoice.invoiceId)));
  }, 240_000);
});
