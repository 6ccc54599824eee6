import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { baseRateTable, defaultPolicy } from '../config/index.js';
import { caseItems } from '../functions/adapters/case-repository.js';
import { taskItem } from '../functions/adapters/task-repository.js';
import { addDays, businessCalendar } from '../functions/domain/calendar.js';
import { type DunningCase, openCase } from '../functions/domain/case.js';
import type { TaskKind, TaskOutcome } from '../functions/domain/outcomes.js';
import { openTask, type Task } from '../functions/domain/task.js';
import { taskIdFor } from '../functions/workflow/tasks.js';
import { issueLocalToken } from '../local/api-gateway.js';
import { demoInvoices } from '../local/demo-invoices.js';
import { localCredentials, localRegion } from '../local/emulators/shared.js';
import { startWorkflowStack } from '../local/workflow-stack.js';

/**
 * `npm run bench:api`: the caller API's reads with 1,000 and with 100,000 cases (each with a task of some
 * kind), against the local stack (dynalite behind the real adapters, the real API handler behind the local
 * gateway). One customer holds 5 % of the invoices (5,000 at 100k); the report job computes its snapshot
 * before each measurement. Targets: p99 <= 100 ms locally, and p99(100k) / p99(1k) <= 1.5 for every read.
 */
const REQUESTS = 300;
const WARMUP = 30;
const SIZES = [1_000, 100_000];
const TODAY = '2026-03-16';
const BIG_CUSTOMER_SHARE = 20;

const stack = await startWorkflowStack({
  clockScale: 1,
  businessStart: `${TODAY}T10:00:00+01:00`,
  logLevel: 'ERROR',
});
try {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: localRegion,
      credentials: localCredentials,
      endpoint: stack.endpoints.dynamodb,
    }),
  );
  const tableName = String(stack.tableNames.DunningTable);
  const context = { policy: defaultPolicy, baseRates: baseRateTable, calendar: businessCalendar('NW') };
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  const now = stack.clock.businessNow();
  const bigCustomerTasks: string[] = [];

  /** One case per due date, opened by the domain once; the cases of the fill are copies under other ids. */
  const templates = new Map<number, DunningCase>();
  const templateFor = (age: number) => {
    const cached = templates.get(age);
    if (cached) return cached;
    const opened = openCase(
      {
        ...template,
        issueDate: addDays(TODAY, -60 - age),
        dueDate: addDays(TODAY, -30 - age),
        amount: { cents: 10_000 + age, currency: 'EUR' },
      },
      context,
    ).case;
    templates.set(age, opened);
    return opened;
  };
  /** Case number `n`: every 20th is the big customer's; three in ten of the others are paid. */
  const caseNumber = (n: number): DunningCase => {
    const big = n % BIG_CUSTOMER_SHARE === 0;
    const customerId = big ? 'cust-big' : `cust-${n % 20_000}`;
    const base = templateFor(n % 120);
    const opened: DunningCase = {
      ...base,
      invoiceId: `bench-${n}`,
      invoice: {
        ...base.invoice,
        invoiceId: `bench-${n}`,
        invoiceNumber: `RE-B-${n}`,
        customer: { ...base.invoice.customer, id: customerId, name: `Kunde ${customerId}` },
      },
    };
    if (big || n % 10 >= 3) return opened;
    const paid = { outcome: 'paid' as const, on: TODAY, waivedCents: 0 };
    return { ...opened, status: 'paid', paidCents: opened.invoice.amount.cents, closed: paid };
  };
  const KINDS: readonly TaskKind[] = ['call', 'approval', 'dispute', 'call'];
  const taskOf = (dunningCase: DunningCase, n: number): Task => {
    const kind = KINDS[n % KINDS.length] ?? 'call';
    const task = openTask(
      {
        taskId: taskIdFor(`bench-${n}`, kind, 0, 1),
        kind,
        queue: 'receivables',
        priority: (n * 7919) % 10_000,
        dueAt: now,
        invoiceId: dunningCase.invoiceId,
        invoiceNumber: dunningCase.invoice.invoiceNumber,
        invoiceDueDate: dunningCase.invoice.dueDate,
        customerId: dunningCase.invoice.customer.id,
        customerName: dunningCase.invoice.customer.name,
        openCents: dunningCase.invoice.amount.cents,
        currency: 'EUR',
        levelId: 'call',
        attempt: 1,
        salesRepInvolved: false,
        executionId: 'bench',
        taskToken: 'bench-token',
      },
      now,
    );
    // Every fourth case's call is finished, with a reason for the reasons report.
    if (n % KINDS.length !== 3) return task;
    const outcome: TaskOutcome = {
      type: 'promise',
      promisedOn: TODAY,
      cents: 100,
      reason: 'liquidity',
      dissatisfied: n % 8 === 3,
    };
    return { ...task, status: 'done', outcome };
  };

  let written = 0;
  let reportAt = 10_000;
  const fill = async (target: number) => {
    const batches: Promise<unknown>[] = [];
    while (written < target) {
      const items: Record<string, unknown>[] = [];
      for (let i = 0; i < 8 && written < target; i++, written++) {
        const dunningCase = caseNumber(written);
        const task = taskOf(dunningCase, written);
        items.push(...caseItems(dunningCase, null), taskItem(task));
        if (dunningCase.invoice.customer.id === 'cust-big' && task.status === 'open')
          bigCustomerTasks.push(task.taskId);
      }
      batches.push(
        documents.send(
          new BatchWriteCommand({
            RequestItems: { [tableName]: items.map((Item) => ({ PutRequest: { Item } })) },
          }),
        ),
      );
      if (batches.length >= 16) await Promise.all(batches.splice(0));
      if (written >= reportAt) {
        console.log(`  ${written.toLocaleString('en')} cases written`);
        reportAt += 10_000;
      }
    }
    await Promise.all(batches);
  };

  const computeSnapshot = async () => {
    const runSchema = z.object({ complete: z.boolean() });
    for (let run = 0; run < 1_000; run++) {
      if (runSchema.parse(await stack.invoke('compute-reports', { pageSize: 1000, pages: 100 })).complete)
        return;
    }
    throw new Error('the report job did not finish its pass');
  };

  const tokens = { caller: await issueLocalToken('caller'), supervisor: await issueLocalToken('supervisor') };
  const request = async (path: string, role: keyof typeof tokens) => {
    const started = performance.now();
    const response = await fetch(`${stack.endpoints.api}${path}`, {
      headers: { authorization: `Bearer ${tokens[role]}` },
    });
    await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return performance.now() - started;
  };
  const percentiles = (durations: number[]) => {
    const sorted = [...durations].sort((a, b) => a - b);
    const at = (quantile: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  };
  /**
   * Round by round, one request per read: a pause of the shared machine (a GC, another process) lands on
   * every read alike instead of on whichever read happened to be measured at the time.
   */
  const measureAll = async (all: readonly { path: string; role: keyof typeof tokens }[]) => {
    const durations = all.map(() => [] as number[]);
    for (let round = 0; round < WARMUP + REQUESTS; round++) {
      for (const [index, read] of all.entries()) {
        const took = await request(read.path, read.role);
        if (round >= WARMUP) durations[index]?.push(took);
      }
    }
    return durations.map(percentiles);
  };

  const reads = (bigTask: string) =>
    [
      { name: 'GET /tasks?kind=call', path: '/tasks?kind=call&limit=25', role: 'caller' },
      { name: 'GET /tasks/{id} (5 % customer)', path: `/tasks/${bigTask}`, role: 'caller' },
      { name: 'GET /reports/aging', path: '/reports/aging', role: 'supervisor' },
      { name: 'GET /reports/reasons', path: '/reports/reasons', role: 'supervisor' },
      { name: 'GET /reports/promises', path: '/reports/promises', role: 'supervisor' },
      { name: 'GET /reports/recovered', path: '/reports/recovered', role: 'supervisor' },
    ] as const;
  const results = new Map<string, Map<number, { p50: number; p99: number }>>();
  for (const size of SIZES) {
    const fillStarted = performance.now();
    await fill(size);
    const filled = (performance.now() - fillStarted) / 1000;
    const jobStarted = performance.now();
    await computeSnapshot();
    const job = (performance.now() - jobStarted) / 1000;
    const bigTask = bigCustomerTasks[0];
    if (!bigTask) throw new Error('the big customer has no open task');
    const bigCases = Math.ceil(size / BIG_CUSTOMER_SHARE);
    console.log(
      `${size.toLocaleString('en')} cases (the big customer ${bigCases.toLocaleString('en')}): filled in ${filled.toFixed(1)} s, report job pass ${job.toFixed(1)} s`,
    );
    const all = reads(bigTask);
    const measured = await measureAll(all);
    for (const [index, read] of all.entries()) {
      const bySize = results.get(read.name) ?? new Map();
      bySize.set(size, measured[index]);
      results.set(read.name, bySize);
    }
  }

  const [small = 0, large = 0] = SIZES;
  const ms = (value: number | undefined) => (value ?? Number.NaN).toFixed(1).padStart(7);
  console.log(`\nlocal stack, ${REQUESTS} requests per read and size, ms`);
  console.log(`${'read'.padEnd(32)} | p50 1k  | p99 1k  | p50 100k | p99 100k | p99 ratio`);
  let met = true;
  for (const [name, bySize] of results) {
    const a = bySize.get(small);
    const b = bySize.get(large);
    const ratio = (b?.p99 ?? Number.NaN) / (a?.p99 ?? Number.NaN);
    met &&= ratio <= 1.5 && (b?.p99 ?? Number.POSITIVE_INFINITY) <= 100;
    console.log(
      `${name.padEnd(32)} | ${ms(a?.p50)} | ${ms(a?.p99)} | ${ms(b?.p50)}  | ${ms(b?.p99)}  | ${ratio.toFixed(2).padStart(9)}`,
    );
  }
  console.log(`\ntargets (p99 <= 100 ms, p99 ratio 100k / 1k <= 1.5): ${met ? 'met' : 'NOT met'}`);
} finally {
  await stack.stop();
}
