import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import { isTerminal, openCents } from '../../functions/domain/case.js';
import type { TaskOutcome } from '../../functions/domain/outcomes.js';
import { stopAfterCheckingEveryCaseIsWorked, unworkedCases } from './invariants.js';
import { eventually, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, dayMs: 100 });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

/**
 * What the outside world does to a running case, in the order fast-check picks. Besides waiting business
 * days, a story may wait for the workflow's next reminder or call task, so stories reach the later levels.
 */
type Action =
  | { type: 'issue-again' }
  | { type: 'pay'; permille: number }
  | { type: 'pay-again' }
  | { type: 'wait'; businessDays: number }
  | { type: 'next-reminder' }
  | { type: 'next-call' }
  | { type: 'answer'; outcome: 'not-reached' | 'promise' | 'paid' };

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant<Action>({ type: 'issue-again' }), weight: 1 },
  {
    arbitrary: fc.integer({ min: 50, max: 1100 }).map((permille): Action => ({ type: 'pay', permille })),
    weight: 2,
  },
  { arbitrary: fc.constant<Action>({ type: 'pay-again' }), weight: 1 },
  {
    arbitrary: fc.integer({ min: 1, max: 5 }).map((businessDays): Action => ({ type: 'wait', businessDays })),
    weight: 1,
  },
  { arbitrary: fc.constant<Action>({ type: 'next-reminder' }), weight: 2 },
  { arbitrary: fc.constant<Action>({ type: 'next-call' }), weight: 2 },
  {
    arbitrary: fc
      .constantFrom<'not-reached' | 'promise' | 'paid'>('not-reached', 'promise', 'paid')
      .map((outcome): Action => ({ type: 'answer', outcome })),
    weight: 2,
  },
);

interface Story {
  actions: Action[];
  ending: 'pay-rest' | 'cancel';
}

const storyArbitrary: fc.Arbitrary<Story> = fc.record({
  actions: fc.array(actionArbitrary, { minLength: 1, maxLength: 6 }),
  ending: fc.constantFrom<'pay-rest' | 'cancel'>('pay-rest', 'cancel'),
});

const REMINDER_SUBJECTS = /^(Zahlungserinnerung|Mahnung|Erneute Mahnung|Letzte Mahnung)/;
let runs = 0;

/** Plays one story against the engine and returns what the accounting system posted. */
async function play(story: Story) {
  runs += 1;
  const invoice = h.invoice(`story-${runs}`);
  const posted = new Map<string, number>();
  let last: { id: string; cents: number } | undefined;
  const pay = async (cents: number, id: string) => {
    await h.erp.pay(invoice.invoiceId, cents, h.today(), id);
    posted.set(id, cents);
    last = { id, cents };
  };
  // The first action may race the invoice event itself: a payment that finds no case yet is retried by its queue.
  await h.erp.issue(invoice);
  for (const [index, action] of story.actions.entries()) {
    switch (action.type) {
      case 'issue-again':
        await h.erp.issue(invoice);
        break;
      case 'pay':
        await pay(Math.max(1, Math.round((invoice.amount.cents * action.permille) / 1000)), `p-${index}`);
        break;
      case 'pay-again':
        if (last) await h.erp.pay(invoice.invoiceId, last.cents, h.today(), last.id);
        break;
      case 'wait': {
        const until = h.context.calendar.addBusinessDays(h.today(), action.businessDays);
        await eventually(() => (compareDates(h.today(), until) >= 0 ? true : undefined), 'business days');
        break;
      }
      case 'next-reminder': {
        const sent = (await h.cases.get(invoice.invoiceId))?.case.reminders.length ?? 0;
        await h
          .waitForCase(
            invoice.invoiceId,
            (found) => found.reminders.length > sent || found.status !== 'open',
            'the next reminder',
            3000,
          )
          .catch(() => undefined);
        break;
      }
      case 'next-call':
        await eventually(
          async () => {
            const found = await h.case(invoice.invoiceId);
            const tasks = await h.tasks.tasksOfCase(invoice.invoiceId);
            return found.status !== 'open' || tasks.some((task) => task.status === 'open') ? true : undefined;
          },
          'a call task',
          3000,
        ).catch(() => undefined);
        break;
      case 'answer': {
        const open = (await h.tasks.tasksOfCase(invoice.invoiceId)).find(
          (task) => task.kind === 'call' && task.status === 'open',
        );
        const outcome: TaskOutcome =
          action.outcome === 'promise'
            ? { type: 'promise', promisedOn: addDays(h.today(), 2), cents: 50_000, dissatisfied: false }
            : action.outcome === 'paid'
              ? { type: 'paid', paidOn: h.today(), dissatisfied: false }
              : { type: 'not-reached' };
        if (open) await h.complete(open, outcome);
        break;
      }
    }
  }
  // A case closed before its start schedule fired never gets an execution: nothing is left to work.
  await eventually(
    async () =>
      h.executionsOf(invoice.invoiceId)[0] ??
      (isTerminal((await h.case(invoice.invoiceId)).status) ? 'closed before its start' : undefined),
    'the execution, or the case closed before its start',
  );
  // The promise, checked mid-story: while the case is open, exactly one execution works it.
  const unworked = await unworkedCases(h, [invoice.invoiceId]);
  if (story.ending === 'cancel') {
    await h.erp.cancel(invoice.invoiceId, h.today());
  } else {
    // Whatever is open today (interest and lump sum included); a day that turns meanwhile leaves cents open,
    // which the next round pays.
    for (let round = 0; round < 4; round++) {
      const current = await h.case(invoice.invoiceId);
      if (isTerminal(current.status)) break;
      await pay(h.amountDueOn(current, h.today()), `rest-${round}`);
      await h
        .waitForCase(invoice.invoiceId, (found) => isTerminal(found.status), 'the rest paid', 3000)
        .catch(() => undefined);
    }
  }
  await h.settled(invoice.invoiceId, 40_000);
  await Promise.all(h.stack.queues.map((queue) => queue.drain({ timeoutMs: 10_000 })));
  return { invoice, posted, unworked };
}

describe('properties of the running workflow', () => {
  it('whatever payments, duplicates and call outcomes arrive in whatever order, the books and the letters stay right', async ({
    expect,
  }) => {
    await fc.assert(
      fc.asyncProperty(storyArbitrary, async (story) => {
        // Arrange, Act
        const { invoice, posted, unworked } = await play(story);

        // Assert: while it was open, the case was worked by exactly one execution
        expect(unworked).toEqual([]);

        // Assert: exactly one terminal state
        const closed = await h.case(invoice.invoiceId);
        const timeline = await h.cases.timeline(invoice.invoiceId);
        expect(isTerminal(closed.status)).toBe(true);
        expect(closed.closed?.outcome).toBe(closed.status);
        expect(timeline.filter((entry) => entry.type === 'case-closed')).toHaveLength(1);
        expect(h.events(invoice.invoiceId, 'Dunning Closed').map((event) => event.detail.outcome)).toEqual([
          closed.status,
        ]);
        const executions = h.executionsOf(invoice.invoiceId);
        const first = executions.filter(
          (execution) => execution.name === executionNameFor(invoice.invoiceId),
        );
        // One execution under the first name; none only for a case that closed before its start.
        expect(first.length).toBeLessThanOrEqual(1);
        if (closed.workflow.executionArn !== null) expect(first).toHaveLength(1);
        expect(executions.every((execution) => execution.status === 'SUCCEEDED')).toBe(true);
        expect(h.deadLetters(invoice.invoiceId)).toEqual([]);
        expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
        // Each change's events are published once: its writer holds the outbox, nobody else repeats it.
        expect(h.publishedEvents(invoice.invoiceId)).toHaveLength(h.events(invoice.invoiceId).length);

        // Assert: never a reminder after the full payment was posted. A reminder is recorded (one line, with
        // the message id of its mail) after its mail went out; a mail that crossed the payment is noted as such.
        const closedAt = timeline.findIndex((entry) => entry.type === 'case-closed');
        expect(timeline.slice(closedAt).filter((entry) => entry.type === 'reminder-sent')).toEqual([]);
        const reminders = timeline.filter(
          (entry) => entry.type === 'reminder-sent' && entry.data?.channel === 'email',
        );
        const reminderMails = (await h.mailsTo(invoice)).filter((mail) =>
          REMINDER_SUBJECTS.test(mail.subject),
        );
        const crossed = timeline.filter((entry) => entry.type === 'reminder-crossed');
        expect(reminderMails).toHaveLength(reminders.length + crossed.length);
        expect(reminders.every((entry) => typeof entry.data?.messageId === 'string')).toBe(true);
        expect(new Set(reminders.map((entry) => entry.data?.levelId)).size).toBe(reminders.length);
        expect(
          (await h.tasks.tasksOfCase(invoice.invoiceId)).filter((task) => task.status === 'open'),
        ).toEqual([]);

        // Assert: at most one reminder per level
        const levels = closed.reminders.map((reminder) => reminder.levelId);
        expect(new Set(levels).size).toBe(levels.length);
        const subjects = reminderMails.map((mail) => mail.subject);
        expect(new Set(subjects).size).toBe(subjects.length);
        expect(h.events(invoice.invoiceId, 'Dunning Reminder Sent')).toHaveLength(levels.length);

        // Assert: the balances add up to the cent
        const postedCents = [...posted.values()].reduce((sum, cents) => sum + cents, 0);
        expect(closed.paidCents).toBe(postedCents);
        expect(closed.payments.map((payment) => payment.paymentId).sort()).toEqual([...posted.keys()].sort());
        const charged =
          closed.invoice.amount.cents +
          closed.interestLines.reduce((sum, line) => sum + line.cents, 0) +
          closed.charges.reduce((sum, charge) => sum + charge.cents, 0);
        const waived = closed.closed?.waivedCents ?? 0;
        const surplus = closed.paidCents - (charged - openCents(closed) - waived);
        expect(surplus).toBeGreaterThanOrEqual(0);
        expect(Object.values(closed.balance).every((cents) => Number.isInteger(cents) && cents >= 0)).toBe(
          true,
        );
        if (closed.status === 'paid') expect(openCents(closed)).toBe(0);
        if (closed.status === 'cancelled') expect(waived).toBe(openCents(closed));
      }),
      { numRuns: 8, endOnFailure: true },
    );
  }, 150_000);
});
