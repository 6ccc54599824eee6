import { addDays } from '../../functions/domain/calendar.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { eventually, SCENARIO_START, WorkflowHarness } from '../../test/workflow/support.js';

/** What running many invoices through their whole lives on the local engine took. */
export interface LifecycleRun {
  invoices: number;
  paidOnTime: number;
  paidAfterReminder: number;
  executions: number;
  wallSeconds: number;
}

/** One business day in engine time: slow enough that a payment issued at once lands before its due date. */
const DAY_MS = 1000;
/** Invoices sent to the bus at once (the accounting system's batch). */
const BATCH = 25;
/** One in this many invoices is paid only after its first reminder; the rest are paid on time. */
const LATE_EVERY = 4;

/**
 * Runs `count` invoices through complete lifecycles on a fresh local stack (the real ASL, handlers and
 * emulators): most are paid on time (no execution), every fourth only after its first reminder (a schedule
 * starts its execution when it is overdue, the reminder goes out, the payment closes it). The wall time runs
 * from the first Invoice Issued to the moment every case is closed and no execution runs.
 */
export async function runLifecycles(count: number): Promise<LifecycleRun> {
  const h = await WorkflowHarness.start({ businessStart: SCENARIO_START, dayMs: DAY_MS, logLevel: 'ERROR' });
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
    await inBatches(onTime, async (invoice) => {
      const { invoiceId } = invoice;
      await eventually(() => h.startSchedule(invoiceId) ?? h.executionsOf(invoiceId)[0], invoiceId, 60_000);
      await payInFull(h, invoice);
    });
    await inBatches(late, async (invoice) => {
      await h.reminded(invoice.invoiceId, 1, 120_000);
      await payInFull(h, invoice);
    });
    await inBatches(invoices, ({ invoice }) => h.settled(invoice.invoiceId, 120_000));
    const wallSeconds = (Date.now() - started) / 1000;
    return {
      invoices: count,
      paidOnTime: onTime.length,
      paidAfterReminder: late.length,
      executions: h.stack.stepFunctions.executions().length,
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
