import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dynamoDocumentClient, stepFunctionsClient } from '../functions/adapters/clients.js';
import { Executions } from '../functions/adapters/executions.js';
import { TaskRepository } from '../functions/adapters/task-repository.js';
import { addDays, compareDates } from '../functions/domain/calendar.js';
import type { TaskKind, TaskOutcome } from '../functions/domain/outcomes.js';
import { completeTask } from '../functions/workflow/complete-task.js';
import { tableDefinitions } from '../infra/table-definitions.js';
import { eventually, SCENARIO_START, WorkflowHarness } from '../test/workflow/support.js';
import { type LifecycleRun, lifecycleRunSchema } from './bench/lifecycles.js';
import { type DynamoDbMeter, meterDynamoDb, writesSince } from './bench/metering.js';
import {
  type Measurement,
  report,
  reportWrites,
  SQS_REQUESTS_PER_MESSAGE,
  type Target,
} from './bench/report.js';

/**
 * `npm run bench:workflow`: what one invoice costs on AWS, per path through the workflow. Each scenario runs
 * alone on the local stack (the real ASL, handlers and adapters on emulators); the script counts what AWS
 * bills: Step Functions state transitions (the engine's event log), Lambda invocations (state-machine tasks
 * from the execution histories, queue consumers from the bus, the caller API for each outcome), DynamoDB
 * request units (every product request carries ReturnConsumedCapacity; the emulator computes item sizes like
 * DynamoDB, index writes are added per global secondary index the item is in), SES emails, EventBridge
 * PutEvents entries and SQS requests. Prices are list prices, so the result is an estimate per 1,000
 * invoices, without free tiers, storage, logs, API Gateway and data transfer.
 */

/** Invoices of the lifecycle run (`--invoices N`) and how long they may take on two cores. */
const LIFECYCLE_INVOICES = 1000;
const MAX_LIFECYCLE_SECONDS = 60;

const TARGETS: readonly Target[] = [
  { scenario: 'paid on time', maxTransitions: 0, maxWriteUnits: 10 },
  { scenario: 'full path', maxTransitions: 25, maxWriteUnits: 100 },
];

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const h = await WorkflowHarness.start({
  businessStart: SCENARIO_START,
  // `--day-ms N` slows the business clock on a busy machine: the counts do not depend on it. The lifecycle run
  // has a clock of its own (`--lifecycle-day-ms`, default in scripts/bench/lifecycles.ts).
  dayMs: numberFlag(process.argv, '--day-ms', 100),
  logLevel: 'ERROR',
});

/** DynamoDB request units of the product (handlers, caller API, idempotency store), not of the harness. */
const units = meterDynamoDb({
  isHarnessClient: (client) => h.ownsClient(client),
  endpoint: h.stack.endpoints.dynamodb,
  tables: Object.fromEntries(
    tableDefinitions.flatMap((table) => {
      const name = h.stack.tableNames[table.id];
      return name ? [[name, table]] : [];
    }),
  ),
});

/** The caller API's view: the same clients as the handlers, so its requests are metered like theirs. */
const api = {
  tasks: new TaskRepository(dynamoDocumentClient(), h.stack.tableNames.DunningTable ?? ''),
  executions: new Executions(stepFunctionsClient),
  now: () => h.stack.clock.businessNow(),
};

const scenarios: { name: string; run: (invoiceId: string) => Promise<number> }[] = [
  {
    name: 'paid on time',
    run: async (invoiceId) => {
      const invoice = h.invoice(invoiceId, { dueDate: addDays(h.today(), 30) });
      // Paid before it is overdue, the common case: the case waits for its start schedule, no execution runs.
      await h.issue(invoice);
      await h.erp.pay(invoiceId, invoice.amount.cents, h.today());
      await h.waitForCase(invoiceId, (found) => found.status === 'paid', 'paid');
      return 0;
    },
  },
  {
    name: 'paid after reminder 1',
    run: async (invoiceId) => {
      const invoice = h.invoice(invoiceId);
      await h.issue(invoice);
      await eventually(async () => ((await h.mailsTo(invoice)).length > 0 ? true : undefined), 'reminder 1');
      await payInFull(invoiceId);
      return 0;
    },
  },
  {
    name: 'promise kept',
    run: async (invoiceId) => {
      await h.issue(h.invoice(invoiceId));
      await answer(invoiceId, 'call', () => ({
        type: 'promise',
        promisedOn: addDays(h.today(), 3),
        cents: 100_000,
        dissatisfied: false,
      }));
      await h.waitForCase(invoiceId, (found) => found.status === 'promise', 'the promise');
      await payInFull(invoiceId);
      return 1;
    },
  },
  {
    name: 'installments paid',
    run: async (invoiceId) => {
      await h.issue(h.invoice(invoiceId));
      const rates: { dueDate: string; cents: number }[] = [];
      await answer(invoiceId, 'call', async () => {
        const open = h.amountDueOn(await h.case(invoiceId), addDays(h.today(), 5));
        rates.push(
          { dueDate: addDays(h.today(), 5), cents: Math.floor(open / 2) },
          { dueDate: addDays(h.today(), 12), cents: open - Math.floor(open / 2) },
        );
        return { type: 'installments', rates, dissatisfied: false };
      });
      await h.waitForCase(invoiceId, (found) => found.status === 'installments', 'the plan');
      for (const [index, rate] of rates.entries()) {
        await eventually(
          () => (compareDates(h.today(), rate.dueDate) >= 0 ? true : undefined),
          'the due date',
        );
        await h.erp.pay(invoiceId, rate.cents, h.today(), `rate-${index}`);
      }
      return 1;
    },
  },
  {
    name: 'full path',
    run: async (invoiceId) => {
      // Two reminders, a call with a promise that is broken, the final notice, an approved handover. A promise
      // checked before the final notice is due adds one more Wait round than a later one: this is the longer path.
      await h.issue(h.invoice(invoiceId));
      await answer(invoiceId, 'call', () => ({
        type: 'promise',
        promisedOn: addDays(h.today(), 2),
        cents: 100_000,
        dissatisfied: false,
      }));
      await answer(invoiceId, 'approval', () => ({ type: 'approval', decision: 'approve' }), 30_000);
      return 2;
    },
  },
];

const measurements: Measurement[] = [];
const breakdowns: ReturnType<typeof writesSince>[] = [];
try {
  for (const [index, scenario] of scenarios.entries()) {
    const invoiceId = `bench-${index + 1}`;
    const before = { read: units.read, write: units.write, writes: units.writes.length };
    const completions = await scenario.run(invoiceId).catch(async (error: unknown) => {
      const timeline = await h.cases.timeline(invoiceId);
      console.error(`${scenario.name} failed; the timeline of ${invoiceId}:`);
      for (const entry of timeline) console.error(`  ${entry.on} ${entry.type}: ${entry.summary}`);
      throw error;
    });
    await h.settled(invoiceId, 60_000);
    await Promise.all(h.stack.queues.map((queue) => queue.drain({ timeoutMs: 10_000 })));
    measurements.push(await measure(scenario.name, invoiceId, completions, before));
    breakdowns.push(writesSince(units, before.writes));
  }
} finally {
  units.stop();
  await h.stop();
}
const met = report(measurements, TARGETS);
console.log('\nWrite units by item and index (per invoice)');
for (const { scenario, writes } of measurements.map((row, index) => ({
  ...row,
  writes: breakdowns[index] ?? [],
})))
  reportWrites(scenario, writes);

// Then many invoices at once, through complete lifecycles: how long the local engine takes for them.
const lifecycleCount = invoicesFlag(process.argv);
if (lifecycleCount === 0) {
  process.exitCode = met ? 0 : 1;
  process.exit();
}
const loadBefore = loadAverage();
const run = await runLifecyclesApart(
  lifecycleCount,
  process.argv.includes('--lifecycle-day-ms') ? numberFlag(process.argv, '--lifecycle-day-ms', 0) : undefined,
);
const fastEnough = run.wallSeconds <= MAX_LIFECYCLE_SECONDS && run.unfinished.length === 0;
console.log(
  `\n${run.invoices.toLocaleString('en')} invoices through complete lifecycles on the local engine ` +
    `(${run.paidOnTime} paid on time, ${run.paidAfterReminder} paid after their first reminder, ` +
    `${run.executions} executions): ${run.wallSeconds.toFixed(1)} s wall time on ${availableParallelism()} cores ` +
    `(load average ${loadBefore} before, ${loadAverage()} after)`,
);
for (const { phase, seconds } of run.phases) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${phase}`);
for (const unfinished of run.unfinished.slice(0, 10)) console.log(`  unfinished: ${unfinished}`);
if (run.unfinished.length > 10) console.log(`  ... ${run.unfinished.length - 10} more unfinished`);
console.log(
  `  ${fastEnough ? 'met    ' : 'MISSED '} wall time ${run.wallSeconds.toFixed(1)} s, every lifecycle complete (target <= ${MAX_LIFECYCLE_SECONDS} s)`,
);
process.exitCode = met && fastEnough ? 0 : 1;

/** The lifecycle run in a child process (see scripts/bench/lifecycles-cli.ts), its progress shown as it goes. */
async function runLifecyclesApart(count: number, dayMs: number | undefined): Promise<LifecycleRun> {
  const cli = fileURLToPath(new URL('./bench/lifecycles-cli.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, cli, String(count), String(dayMs ?? '')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the lifecycle run ended with code ${code}`);
  return lifecycleRunSchema.parse(JSON.parse(output));
}

/** The machine's 1-minute load average: other work on a 2-core machine changes the wall time a lot. */
function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}

/** `--invoices N` (0 skips the lifecycle run, for measuring the write units alone); the default otherwise. */
function invoicesFlag(argv: readonly string[]): number {
  return numberFlag(argv, '--invoices', LIFECYCLE_INVOICES);
}

/** The whole number after `flag`, or `otherwise` when the flag is not given. */
function numberFlag(argv: readonly string[], flag: string, otherwise: number): number {
  const at = argv.indexOf(flag);
  if (at < 0) return otherwise;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} takes a whole number, 0 or more`);
  return value;
}

async function payInFull(invoiceId: string) {
  const paidOn = h.today();
  await h.erp.pay(invoiceId, h.amountDueOn(await h.case(invoiceId), paidOn), paidOn, `full-${invoiceId}`);
}

/** A person works the open task the way the caller API does it, deciding when the task is there. */
async function answer(
  invoiceId: string,
  kind: TaskKind,
  outcome: () => TaskOutcome | Promise<TaskOutcome>,
  timeoutMs = 20_000,
) {
  const task = await h.openTask(invoiceId, kind, { timeoutMs });
  const completion = await completeTask(api, task.taskId, await outcome());
  if (completion.result !== 'completed')
    throw new Error(`${kind} task of ${invoiceId}: ${completion.result}`);
}

async function measure(
  scenario: string,
  invoiceId: string,
  completions: number,
  before: Pick<DynamoDbMeter, 'read' | 'write'>,
): Promise<Measurement> {
  const executions = h.executionsOf(invoiceId);
  const transitions = executions.reduce(
    (sum, execution) => sum + h.stack.stepFunctions.transitionCount(execution.executionArn),
    0,
  );
  const stepInvocations = executions
    .flatMap((execution) => execution.history)
    .filter(
      (event) =>
        event.type === 'LambdaFunctionScheduled' ||
        (event.type === 'TaskScheduled' && event.resourceType === 'lambda'),
    ).length;
  const busEvents = h.stack.bus
    .events()
    .filter(({ event }) => JSON.stringify(event.detail).includes(`"${invoiceId}"`));
  const queued = busEvents.reduce((sum, { matchedRules }) => sum + matchedRules.length, 0);
  // AWS service events (SES bounces) on the default bus are free; the ERP's and the product's events are not.
  const putEvents = busEvents.filter(({ event }) => event.source !== 'aws.ses').length;
  return {
    scenario,
    transitions,
    lambdaInvocations: stepInvocations + queued + completions,
    readUnits: units.read - before.read,
    writeUnits: units.write - before.write,
    emails: (await h.mailsTo(h.invoice(invoiceId))).length,
    putEvents,
    sqsRequests: queued * SQS_REQUESTS_PER_MESSAGE,
  };
}
