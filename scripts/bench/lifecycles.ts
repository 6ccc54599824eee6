import * as z from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { isTerminal } from '../../functions/domain/case.js';
import { EVENT_SOURCE, type InvoiceIssued } from '../../functions/domain/events.js';
import { createDeferred } from '../../local/emulators/shared.js';
import { SCENARIO_START, WorkflowHarness } from '../../test/workflow/support.js';

/** What running many invoices through their whole lives on the local engine took. */
export const lifecycleRunSchema = z.object({
  invoices: z.number(),
  paidOnTime: z.number(),
  paidAfterReminder: z.number(),
  executions: z.number(),
  /** Invoices whose case was not closed with no execution running by the deadline (none when all went well). */
  unfinished: z.array(z.string()),
  wallSeconds: z.number(),
  /** Seconds from the first Invoice Issued to the end of each phase of the run. */
  phases: z.array(z.object({ phase: z.string(), seconds: z.number() })),
});
export type LifecycleRun = z.infer<typeof lifecycleRunSchema>;

export interface LifecycleOptions {
  /** One business day in engine time (default DAY_MS). */
  dayMs?: number;
  /** How long the whole run may take before it reports the invoices not closed by then as unfinished. */
  deadlineMs?: number;
  /** Told every few seconds how far the run is (closed cases, waiting messages, running executions). */
  progress?: (line: string) => void;
}

/**
 * One business day in engine time. A late invoice lives about 15 days (due in 2, reminded 3 business days
 * later, its execution ends at the next level's date); an on-time one is paid as soon as its case is open and
 * its payment must be applied within its 30 days (45 s) while a thousand cases are being opened: at 1 s a day
 * the payments queued behind the openings came late now and then, and those invoices escalated.
 */
const DAY_MS = 1500;
/** Requests the accounting system (issuing, paying) has under way at once. */
const CONCURRENT_REQUESTS = 25;
const DEADLINE_MS = 300_000;
/**
 * Batches of a rule's queue handled at once, as a deployment with the context key `queueMaxConcurrency` 20
 * would (the default is 5): the handlers wait on the emulators more than they compute, so 4 at once let the
 * opening fall behind the payment term, and 10 took 73 s where 20 took 46 s (1,000 invoices, 1 s a day).
 */
const QUEUE_CONCURRENCY = 20;
/** One in this many invoices is paid only after its first reminder; the rest are paid on time. */
const LATE_EVERY = 4;
/** How often the run looks for cases that were opened since (the start schedules they wait for). */
const OPENED_POLL_MS = 100;
const PROGRESS_MS = 5000;

const productEventSchema = z.object({
  source: z.literal(EVENT_SOURCE),
  'detail-type': z.string(),
  detail: z.object({ invoiceId: z.string() }),
});

/**
 * Runs `count` invoices through complete lifecycles on a fresh local stack (the real ASL, handlers and
 * emulators): most are paid on time, as soon as their case is open (no execution), every fourth only after
 * its first reminder (a schedule starts its execution when it is overdue, the reminder goes out, the payment
 * closes the case, the execution ends at its next wake-up). The wall time runs from the first Invoice Issued
 * to the moment every case is closed and no execution runs. The run watches the product's events like any
 * subscriber of its bus (a rule of its own) and the emulators' state in memory, so following a thousand
 * invoices costs the stack nothing: it pays a late invoice when its first reminder is announced and counts a
 * case closed when its Dunning Closed is; afterwards (not timed) it reads every case to confirm it is closed.
 */
export async function runLifecycles(count: number, options: LifecycleOptions = {}): Promise<LifecycleRun> {
  const h = await WorkflowHarness.start({
    businessStart: SCENARIO_START,
    dayMs: options.dayMs ?? DAY_MS,
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
    const onTime = invoices.filter(({ late }) => !late).map(({ invoice }) => invoice);
    const late = new Map(
      invoices.filter(({ late }) => late).map(({ invoice }) => [invoice.invoiceId, invoice]),
    );
    const limit = limiter(CONCURRENT_REQUESTS);
    const unfinished: string[] = [];
    const orGiveUp = (invoiceId: string) => (error: unknown) => {
      unfinished.push(`${invoiceId}: ${error instanceof Error ? error.message : String(error)}`);
    };
    const lifecycles = watchLifecycles(h, count, (invoiceId) => {
      const invoice = late.get(invoiceId);
      if (!invoice) return;
      late.delete(invoiceId);
      void limit(() => payInFull(h, invoice)).catch(orGiveUp(invoiceId));
    });

    const started = Date.now();
    const phases: LifecycleRun['phases'] = [];
    const phaseDone = (phase: string) => phases.push({ phase, seconds: (Date.now() - started) / 1000 });
    const deadline = started + (options.deadlineMs ?? DEADLINE_MS);
    const { progress } = options;
    const reporting =
      progress &&
      setInterval(() => {
        const { reminded, closed } = lifecycles.counts();
        const waiting = h.stack.queues.reduce((sum, queue) => sum + queue.pendingCount(), 0);
        const running = h.stack.stepFunctions
          .executions()
          .filter((execution) => execution.status === 'RUNNING').length;
        progress(
          `${((Date.now() - started) / 1000).toFixed(0)} s: ${closed} closed, ${reminded} reminded, ` +
            `${waiting} messages waiting, ${running} executions running, business day ${h.today()}`,
        );
      }, PROGRESS_MS);
    const payingOnTime = payWhenOpen(h, onTime, deadline, (invoice) =>
      limit(() => h.erp.pay(invoice.invoiceId, invoice.amount.cents, h.today())).catch(
        orGiveUp(invoice.invoiceId),
      ),
    );
    await Promise.all(invoices.map(({ invoice }) => limit(() => h.erp.issue(invoice))));
    phaseDone('every invoice issued');
    await payingOnTime;
    phaseDone('every on-time invoice paid');
    await Promise.race([lifecycles.allClosed, until(() => false, deadline)]);
    phaseDone('every case closed');
    await until(
      () =>
        h.stack.queues.every((queue) => queue.pendingCount() === 0) &&
        h.stack.stepFunctions.executions().every((execution) => execution.status !== 'RUNNING'),
      deadline,
    );
    const wallSeconds = (Date.now() - started) / 1000;
    clearInterval(reporting);
    phaseDone('no execution running');
    lifecycles.stop();
    // Not timed: the table confirms what the events said.
    for (const invoiceId of await notClosed(
      h,
      invoices.map(({ invoice }) => invoice.invoiceId),
    ))
      unfinished.push(`${invoiceId}: not closed`);
    if (Date.now() >= deadline) unfinished.push('the run passed its deadline');
    return {
      invoices: count,
      paidOnTime: onTime.length,
      paidAfterReminder: count - onTime.length,
      executions: h.stack.stepFunctions.executions().length,
      unfinished,
      wallSeconds,
      phases,
    };
  } finally {
    await h.stop();
  }
}

/**
 * A rule of the run's own on the product bus: calls `onFirstReminder` once per reminded invoice and resolves
 * `allClosed` once `count` different cases announced that they closed.
 */
function watchLifecycles(h: WorkflowHarness, count: number, onFirstReminder: (invoiceId: string) => void) {
  const reminded = new Set<string>();
  const closed = new Set<string>();
  const allClosed = createDeferred<void>();
  const name = 'bench-lifecycles';
  h.stack.bus.addRule({
    name,
    eventBusName: h.stack.productBus,
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Dunning Reminder Sent', 'Dunning Closed'] },
    target: {
      send: (body: string) => {
        const event = productEventSchema.parse(JSON.parse(body));
        const { invoiceId } = event.detail;
        if (event['detail-type'] === 'Dunning Closed') {
          closed.add(invoiceId);
          if (closed.size >= count) allClosed.resolve();
        } else if (!reminded.has(invoiceId)) {
          reminded.add(invoiceId);
          onFirstReminder(invoiceId);
        }
      },
    },
  });
  if (count === 0) allClosed.resolve();
  return {
    allClosed: allClosed.promise,
    counts: () => ({ reminded: reminded.size, closed: closed.size }),
    stop: () => h.stack.bus.removeRule(name, h.stack.productBus),
  };
}

async function payInFull(h: WorkflowHarness, invoice: InvoiceIssued): Promise<void> {
  const paidOn = h.today();
  const open = h.amountDueOn(await h.case(invoice.invoiceId), paidOn);
  await h.erp.pay(invoice.invoiceId, open, paidOn, `full-${invoice.invoiceId}`);
}

const scheduleInputSchema = z.object({ invoiceId: z.string() });

/**
 * Pays each on-time invoice as soon as its case is open, which the start schedule it waits for shows (as the
 * accounting system would see a payment come in some days after the invoice went out); resolves once every
 * payment was sent.
 */
async function payWhenOpen(
  h: WorkflowHarness,
  invoices: readonly InvoiceIssued[],
  deadline: number,
  pay: (invoice: InvoiceIssued) => Promise<unknown>,
): Promise<void> {
  const unpaid = new Map(invoices.map((invoice) => [invoice.invoiceId, invoice]));
  const payments: Promise<unknown>[] = [];
  while (unpaid.size > 0 && Date.now() < deadline) {
    for (const schedule of h.stack.scheduler.pending()) {
      const invoiceId = scheduleInputSchema.safeParse(schedule.input).data?.invoiceId ?? '';
      const invoice = unpaid.get(invoiceId);
      if (!invoice) continue;
      unpaid.delete(invoiceId);
      payments.push(pay(invoice));
    }
    await new Promise((resolve) => setTimeout(resolve, OPENED_POLL_MS));
  }
  await Promise.all(payments);
}

/** The invoices whose case is not closed, read a few at a time. */
async function notClosed(h: WorkflowHarness, invoiceIds: readonly string[]): Promise<string[]> {
  const limit = limiter(CONCURRENT_REQUESTS);
  const open = await Promise.all(
    invoiceIds.map((invoiceId) =>
      limit(async () => {
        const stored = await h.cases.get(invoiceId);
        return stored && isTerminal(stored.case.status) ? [] : [invoiceId];
      }),
    ),
  );
  return open.flat();
}

/** Resolves once `condition` holds (checked every 50 ms), or at `deadline` (epoch ms) when it never does. */
async function until(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Runs at most `concurrency` pieces of work at once; the others wait their turn, first come first served. */
function limiter(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    // The slot passes to the next in line as it is: no newcomer can take it in between.
    if (next) next();
    else running -= 1;
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running < concurrency) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      release();
    }
  };
}
