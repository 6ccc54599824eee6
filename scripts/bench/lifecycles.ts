import { addDays } from '../../functions/domain/calendar.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { eventually, SCENARIO_START, WorkflowHarness } from '../../test/workflow/support.js';

/** What running many invoices through their whole lives on the local engine took. */
export interface LifecycleRun {
  invoices: number;
  paidOnTime: number;
  paidAfterReminder: number;
  executions: number;
  /** Invoices whose case was not closed with no execution running by the deadline (none when all went well). */
  unfinished: string[];
  wallSeconds: number;
}

/** One business day in engine time: slow enough that a payment issued at once lands before its due date. */
const DAY_MS = 1000;
/** Invoices sent to the bus at once (the accounting system's batch). */
const BATCH = 25;
/** How long one invoice may take to be reminded or settled before the run reports it unfinished. */
const DEADLINE_MS = 60_000;
/** Batches of a rule's queue handled at once, as an SQS event source scales out on AWS. */
const QUEUE_CONCURRENCY = 10;
/** One in this many invoices is paid only after its first reminder; the rest are paid on time. */
const LATE_EVERY = 4;

/**
 * Runs `count` invoices through complete lifecycles on a fresh local stack (the real ASL, handlers and
 * emulators): most are paid on time (no execution), every fourth only after its first reminder (a schedule
 * starts its execution when it is overdue, the reminder goes out, the payment closes it). The wall time runs
 * from the first Invoice Issued to the moment every case is closed and no execution runs.
 */
export async function runLifecycles(count: number): Promise<LifecycleRun> {
  const h = await WorkflowHarness.start({
    businessStart: SCENARIO_START,
    dayMs: DAY_MS,
    logLevel: 'ERROR',
    queueMaxConcurrency: QUEUE_CONCURRENCY,
  });
  try {
    const invoices = Array.from({ length: count }, (_, index) => {
      const late = index % LATE_EVERY === 0;
      return {
        late,
        invoice: h.invoice(`life-${index + 1}`, { dueDate: addDays(h.today(), late ? 2 : 30) }),
      };
    });
    const started = Date.now();
    for (let from = 0; from < invoices.length; from += BATCH) {
      await Promise.all(invoices.slice(from, from + BATCH).map(({ invoice }) => h.erp.issue(invoice)));
    }
    const onTime = invoices.filter(({ late }) => !late).map(({ invoice }) => invoice);
    const late = invoices.filter(({ late }) => late).map(({ invoice }) => invoice);
    // Every case is open (and, not overdue yet, waits for its start schedule) once the queues are empty.
    await eventually(
      () => (h.stack.queues.every((queue) => queue.pendingCount() === 0) ? true : undefined),
      'every invoice to be opened',
      120_000,
      100,
    );
    await inBatches(onTime, (invoice) => h.erp.pay(invoice.invoiceId, invoice.amount.cents, h.today()));
    const unfinished: string[] = [];
    const orGiveUp = (invoiceId: string) => (error: unknown) => {
      unfinished.push(`${invoiceId}: ${error instanceof Error ? error.message : String(error)}`);
    };
    await inBatches(late, (invoice) =>
      h
        .reminded(invoice.invoiceId, 1, DEADLINE_MS)
        .then(() => payInFull(h, invoice))
        .catch(orGiveUp(invoice.invoiceId)),
    );
    await inBatches(invoices, ({ invoice }) =>
      h.settled(invoice.invoiceId, DEADLINE_MS).catch(orGiveUp(invoice.invoiceId)),
    );
    const wallSeconds = (Date.now() - started) / 1000;
    return {
      invoices: count,
      paidOnTime: onTime.length,
      paidAfterReminder: late.length,
      executions: h.stack.stepFunctions.executions().length,
      unfinished,
      wallSeconds,
    };
  } finally {
    await h.stop();
  }
}

async function payInFull(h: WorkflowHarness, invoice: InvoiceIssued): Promise<void> {
  const paidOn = h.today();
  const open = h.amountDueOn(await h.case(invoice.invoiceId), paidOn);
  await h.erp.pay(invoice.invoiceId, open, paidOn, `full-${invoice.invoiceId}`);
}

/** Works through `items` a batch at a time, so a thousand waits do not poll the emulators all at once. */
async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: BATCH }, worker));
}
