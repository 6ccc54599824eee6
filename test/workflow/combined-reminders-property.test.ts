import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { CaseRepository, CaseVersionConflictError } from '../../functions/adapters/case-repository.js';
import { CustomerReminders } from '../../functions/adapters/customer-reminders.js';
import { addDays, berlinDateOf, berlinInstant, type IsoDate } from '../../functions/domain/calendar.js';
import { type DunningCase, isTerminal } from '../../functions/domain/case.js';
import { CaseService } from '../../functions/workflow/case-service.js';
import { scaledClock } from '../../functions/workflow/clock.js';
import type { NextStep } from '../../functions/workflow/contracts/next-step.js';
import { nextStepFor } from '../../functions/workflow/next-step.js';
import type { OutgoingEmail, WorkflowDeps } from '../../functions/workflow/ports.js';
import { CLAIM_LEASE_MS } from '../../functions/workflow/steps/combined-reminder.js';
import { sendReminder } from '../../functions/workflow/steps/send-reminder.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { defaultContext } from '../unit/fixtures.js';
import { invoiceFor } from './invoices.js';

/**
 * The one-mail-per-customer-and-day promise, checked against the real send-reminder step, case service and
 * customer-reminder adapter on the local DynamoDB: random due dates, payments and the order (and overlap) in
 * which the customers' executions wake. Everything but the table is in-process: a business day is a clock
 * setting, and each "execution" is its planned next step, run when its day comes.
 */

let dynamo: LocalDynamoDb;
let client: DocumentClient;
let cases: CaseRepository;
let reminders: CustomerReminders;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DocumentClient({
    endpoint: dynamo.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const tableName = dynamo.tableNames.DunningTable;
  if (!tableName) throw new Error('no dunning table');
  const documents = client;
  cases = new CaseRepository(documents, tableName);
  reminders = new CustomerReminders(documents, tableName, cases);
});
afterAll(async () => {
  await dynamo?.stop();
});

const START: IsoDate = '2026-01-12';
const BUSINESS_DAYS = 22;
const { calendar } = defaultContext;

/** A mail SES accepted: sent once per idempotency key, in the order steps and payments happened. */
interface Mail {
  key: string;
  /** The business day it went out on. */
  day: IsoDate;
  messageId: string;
  email: OutgoingEmail;
  seq: number;
}

/** The in-process world of one run: a clock set to a business day, the mailbox and a sequence of happenings. */
function world(options: { crashes?: number } = {}) {
  let crashes = options.crashes ?? 0;
  let engineMs = Temporal.Instant.from(berlinInstant(START, '09:00')).epochMilliseconds;
  const clock = scaledClock({
    scale: 1,
    businessEpoch: berlinInstant(START, '09:00'),
    engineEpoch: berlinInstant(START, '09:00'),
    engineNow: () => engineMs,
  });
  const mails: Mail[] = [];
  const byKey = new Map<string, string>();
  let seq = 0;
  const service = new CaseService(
    {
      cases,
      publish: async () => {},
      finishOpenTasks: async () => {},
      cancelStart: async () => {},
      warn: () => {},
      clock,
      isVersionConflict: (error) => error instanceof CaseVersionConflictError,
    },
    defaultContext,
  );
  const unused = () => {
    throw new Error('not used by send-reminder');
  };
  const deps: WorkflowDeps = {
    service,
    tasks: { openOrRefresh: unused, get: unused, tasksOfCase: unused, finish: unused },
    executions: { start: unused, resume: unused, describe: unused },
    openCases: { page: unused, sweepCursor: unused, saveSweepCursor: unused },
    startSchedules: { create: unused, delete: unused },
    customerBlocks: { add: unused, remove: unused, active: unused, openInvoiceIds: unused },
    customerReminders: reminders,
    count: () => {},
    deliver: async (key, email) => {
      const known = byKey.get(key);
      if (known) return known;
      if (crashes > 0) {
        crashes -= 1;
        // The Lambda dies before SES is called: nothing was sent.
        throw Object.assign(new Error('Task timed out'), { name: 'Sandbox.Timedout' });
      }
      const messageId = `msg-${mails.length + 1}`;
      byKey.set(key, messageId);
      mails.push({ key, day: clock.businessToday(), messageId, email, seq: ++seq });
      return messageId;
    },
    storeCaseFile: unused,
    stateMachines: { dunning: 'arn:dunning', installments: 'arn:installments' },
    executionNameFor: (invoiceId) => `inv-${invoiceId}`,
    executionArnFor: (_machine, name) => `arn:execution:${name}`,
    maxExecutionAgeSeconds: 330 * 86_400,
  };
  return {
    deps,
    service,
    clock,
    mails,
    nextSeq: () => ++seq,
    setDay: (day: IsoDate) => {
      engineMs = Temporal.Instant.from(berlinInstant(day, '09:00')).epochMilliseconds;
    },
    advance: (ms: number) => {
      engineMs += ms;
    },
  };
}

interface CaseStory {
  customer: number;
  dueInDays: number;
  /** Business day index on which the invoice is paid in full, if it is. */
  paidOnDay: number | undefined;
  /** Whether that payment lands before the day's executions wake or between them. */
  paidEarly: boolean;
}

const storyArbitrary = fc.record({
  cases: fc.array(
    fc.record({
      customer: fc.integer({ min: 0, max: 1 }),
      dueInDays: fc.integer({ min: -6, max: 8 }),
      paidOnDay: fc.option(fc.integer({ min: 0, max: BUSINESS_DAYS - 1 }), { nil: undefined }),
      paidEarly: fc.boolean(),
    }),
    { minLength: 2, maxLength: 7 },
  ),
  /** Random keys that order each day's wake-ups, and how many wake at the same moment. */
  wakeKeys: fc.array(fc.nat(1000), { minLength: 64, maxLength: 64 }),
  overlap: fc.integer({ min: 1, max: 4 }),
});

let runs = 0;

async function play(story: { cases: CaseStory[]; wakeKeys: number[]; overlap: number }) {
  runs += 1;
  const w = world();
  const customerIds = [`prop-${runs}-a`, `prop-${runs}-b`];
  const invoices = story.cases.map((entry, index) =>
    invoiceFor(`prop-${runs}-${index}`, START, {
      dueDate: addDays(START, entry.dueInDays),
      customer: {
        id: customerIds[entry.customer] ?? 'none',
        email: `ap@${customerIds[entry.customer]}.example`,
      },
    }),
  );
  for (const invoice of invoices) await w.service.open(invoice);
  const planned = new Map<string, NextStep>();
  for (const invoice of invoices) {
    const step = nextStepFor(await load(invoice.invoiceId), {}, w.clock, defaultContext);
    if (step.route === 'reminder') planned.set(invoice.invoiceId, step);
  }
  const paidAt = new Map<string, number>();
  const pay = async (dayIndex: number, early: boolean, today: IsoDate) => {
    for (const [index, entry] of story.cases.entries()) {
      const invoice = invoices[index];
      if (!invoice || entry.paidOnDay !== dayIndex || entry.paidEarly !== early) continue;
      await w.service.change(invoice.invoiceId, (current) =>
        isTerminal(current.status)
          ? undefined
          : {
              event: {
                type: 'payment-received',
                paymentId: `pay-${invoice.invoiceId}`,
                cents: 100_000_000,
                on: today,
                allocation: 'statutory',
              },
            },
      );
      paidAt.set(invoice.invoiceId, w.nextSeq());
    }
  };
  let day = calendar.onOrNextBusinessDay(START);
  const days: IsoDate[] = [];
  for (let dayIndex = 0; dayIndex < BUSINESS_DAYS; dayIndex++) {
    w.setDay(day);
    days.push(day);
    await pay(dayIndex, true, day);
    const awake = [...planned.entries()]
      .filter(([, step]) => berlinDateOf(step.at) <= day)
      .map(([invoiceId, step], index) => ({ invoiceId, step, key: story.wakeKeys[index % 64] ?? 0 }))
      .sort((a, b) => a.key - b.key);
    const groups: (typeof awake)[] = [];
    for (let at = 0; at < awake.length; at += story.overlap) groups.push(awake.slice(at, at + story.overlap));
    for (const [index, group] of groups.entries()) {
      if (index === Math.floor(groups.length / 2)) await pay(dayIndex, false, day);
      const results = await Promise.all(
        group.map(({ invoiceId, step }) =>
          sendReminder(w.deps, { invoiceId, next: step, executionId: `exec-${invoiceId}` }),
        ),
      );
      for (const [at, result] of results.entries()) {
        const invoiceId = group[at]?.invoiceId ?? '';
        if (result.route === 'reminder') planned.set(invoiceId, result);
        else planned.delete(invoiceId);
      }
    }
    if (groups.length === 0) await pay(dayIndex, false, day);
    day = calendar.addBusinessDays(day, 1);
  }
  return { w, invoices, customerIds, days, paidAt };
}

async function load(invoiceId: string): Promise<DunningCase> {
  const stored = await cases.get(invoiceId);
  if (!stored) throw new Error(`no case ${invoiceId}`);
  return stored.case;
}

describe('combined reminders over random due dates, payments and wake-up orders', () => {
  it('send exactly one mail per customer and day, recorded by every case it lists and never to a paid case', async () => {
    await fc.assert(
      fc.asyncProperty(storyArbitrary, async (story) => {
        // Arrange + Act
        const { w, invoices, customerIds, days, paidAt } = await play(story);

        // Assert: at most one mail per customer (address) and business day
        const mailsPerDay = new Map<string, number>();
        for (const { email, day } of w.mails) {
          mailsPerDay.set(`${email.to} ${day}`, (mailsPerDay.get(`${email.to} ${day}`) ?? 0) + 1);
        }
        expect([...mailsPerDay.entries()].filter(([, count]) => count > 1)).toEqual([]);
        for (const customerId of customerIds) {
          for (const date of days) {
            const day = await reminders.get(customerId, date);
            if (day?.status !== 'sent') continue;
            const mail = w.mails.find((sent) => sent.messageId === day.messageId);
            expect(mail?.key).toBe(`customer#${customerId}#${date}`);
            // Every case the mail lists records it as its own reminder (same message id) unless paid after it.
            for (const invoiceId of day.mailed) {
              const timeline = await cases.timeline(invoiceId);
              const recorded = timeline.some(
                (line) =>
                  (line.type === 'reminder-sent' || line.type === 'reminder-crossed') &&
                  line.on === date &&
                  line.data?.messageId === day.messageId,
              );
              expect(recorded, `${invoiceId} records the mail of ${date}`).toBe(true);
              // No paid case is reminded: its payment came after the mail, if at all.
              expect((paidAt.get(invoiceId) ?? Number.POSITIVE_INFINITY) > (mail?.seq ?? 0)).toBe(true);
            }
          }
        }
        // Every case that stayed unpaid got both email reminders; each recorded reminder names a mail.
        for (const invoice of invoices) {
          const dunningCase = await load(invoice.invoiceId);
          if (paidAt.has(invoice.invoiceId)) continue;
          expect(dunningCase.reminders.map((reminder) => reminder.levelId)).toEqual([
            'reminder-1',
            'reminder-2',
          ]);
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 240_000);
});

/** Three invoices of one customer due for their first reminder on the first day, and their steps. */
async function threeDueInvoices(w: ReturnType<typeof world>, prefix: string) {
  const invoices = ['a', 'b', 'c'].map((suffix) =>
    invoiceFor(`${prefix}-${suffix}`, START, {
      dueDate: '2026-01-07',
      customer: { id: `${prefix}-customer`, email: `ap@${prefix}-customer.example` },
    }),
  );
  for (const invoice of invoices) await w.service.open(invoice);
  const stepOf = async (invoiceId: string) => {
    const next = nextStepFor(await load(invoiceId), {}, w.clock, defaultContext);
    return () => sendReminder(w.deps, { invoiceId, next, executionId: `exec-${invoiceId}` });
  };
  const [a, b, c] = await Promise.all(invoices.map((invoice) => stepOf(invoice.invoiceId)));
  if (!a || !b || !c) throw new Error('fixture');
  return { invoices, a, b, c };
}

describe('a combined reminder whose claimer failed', () => {
  it("is sent at once by the claimer's own retry, without waiting out its lease", async () => {
    // Arrange
    const w = world({ crashes: 1 });
    const { invoices, a, b } = await threeDueInvoices(w, 'retry');

    // Act: a claims the day and its SES call fails; Step Functions retries a's step right away
    await expect(a()).rejects.toThrow('Task timed out');
    const started = Date.now();
    await a();
    await b();

    // Assert
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(w.mails.map((mail) => mail.email.subject)).toEqual(['Zahlungserinnerung: 3 offene Rechnungen']);
    for (const invoice of invoices) {
      expect((await load(invoice.invoiceId)).reminders.map((reminder) => reminder.levelId)).toEqual([
        'reminder-1',
      ]);
    }
  });

  it('is taken over by another listed execution once the lease ran out and mailed once', async () => {
    // Arrange: three invoices of one customer, all due for their first reminder on the first day
    const w = world({ crashes: 1 });
    const { invoices, a, b, c } = await threeDueInvoices(w, 'crash');

    // Act: a claims the day and dies before mailing; b wakes after the claim's lease ran out; then a's retry and c
    await expect(a()).rejects.toThrow('Task timed out');
    w.advance(CLAIM_LEASE_MS + 1);
    await b();
    await a();
    await c();

    // Assert
    expect(w.mails.map((mail) => mail.email.subject)).toEqual(['Zahlungserinnerung: 3 offene Rechnungen']);
    const day = await reminders.get('crash-customer', START);
    expect(day).toMatchObject({ status: 'sent', claimedBy: 'crash-b', messageId: w.mails[0]?.messageId });
    for (const invoice of invoices) {
      const timeline = await cases.timeline(invoice.invoiceId);
      const sent = timeline.filter((line) => line.type === 'reminder-sent');
      expect(sent.map((line) => [line.on, line.data?.messageId])).toEqual([[START, w.mails[0]?.messageId]]);
    }
  });
});
