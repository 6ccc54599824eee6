import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient, stepFunctionsClient } from '../functions/adapters/clients.js';
import { Executions } from '../functions/adapters/executions.js';
import { TaskRepository } from '../functions/adapters/task-repository.js';
import { addDays, compareDates } from '../functions/domain/calendar.js';
import type { TaskKind, TaskOutcome } from '../functions/domain/outcomes.js';
import { completeTask } from '../functions/workflow/complete-task.js';
import { eventually, SCENARIO_START, WorkflowHarness } from '../test/workflow/support.js';

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

/**
 * List prices for eu-central-1 (Frankfurt), USD, as published on the AWS pricing pages in 2025 (DynamoDB after
 * the on-demand price reduction of 1 November 2024). Re-check them before quoting the result to anyone.
 */
const PRICES = {
  stepFunctionsPerTransition: 0.025 / 1_000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaArmPerGbSecond: 0.000_013_333_4,
  dynamoPerWriteUnit: 0.762_5 / 1_000_000,
  dynamoPerReadUnit: 0.152_5 / 1_000_000,
  sesPerEmail: 0.1 / 1_000,
  eventBridgePerEvent: 1 / 1_000_000,
  sqsPerRequest: 0.4 / 1_000_000,
} as const;
const PRICES_NOTE = 'eu-central-1 list prices (USD) as published in 2025; check before quoting';

/** Lambda assumptions: 256 MB on arm64 and this average billed duration per invocation (warm, one step each). */
const LAMBDA_MEMORY_GB = 256 / 1024;
const LAMBDA_AVERAGE_MS = 120;
/** Per message on a rule's queue: EventBridge's SendMessage, the poller's ReceiveMessage and DeleteMessage. */
const SQS_REQUESTS_PER_MESSAGE = 3;

/** Global secondary indexes by the attribute that puts an item into them (infra/table-definitions.ts). */
const INDEX_KEYS = ['queuePk', 'customerPk', 'casePk', 'statusPk'];
const READS = new Set(['GetCommand', 'GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand']);
const WRITES = new Set([
  'PutCommand',
  'PutItemCommand',
  'UpdateCommand',
  'UpdateItemCommand',
  'DeleteCommand',
  'DeleteItemCommand',
]);

const TARGETS = [
  { scenario: 'paid on time', maxTransitions: 6 },
  { scenario: 'full path', maxTransitions: 35 },
] as const;

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const h = await WorkflowHarness.start({
  businessStart: SCENARIO_START,
  dayMs: 100,
  logLevel: 'ERROR',
});

/** DynamoDB request units of the product (handlers, caller API, idempotency store), not of the harness. */
const units = { read: 0, write: 0 };
meterDynamoDb();

/** The caller API's view: the same clients as the handlers, so its requests are metered like theirs. */
const api = {
  tasks: new TaskRepository(dynamoDocumentClient(), h.stack.tableNames.DunningTable ?? ''),
  executions: new Executions(stepFunctionsClient()),
  now: () => h.stack.clock.businessNow(),
};

interface Measurement {
  scenario: string;
  transitions: number;
  lambdaInvocations: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  putEvents: number;
  sqsRequests: number;
}

const scenarios: { name: string; run: (invoiceId: string) => Promise<number> }[] = [
  {
    name: 'paid on time',
    run: async (invoiceId) => {
      const invoice = h.invoice(invoiceId, { dueDate: addDays(h.today(), 5) });
      await h.issue(invoice);
      // Paid while the execution sleeps until the first reminder, the common case.
      await eventually(
        () =>
          h.executionsOf(invoiceId)[0]?.history.some((event) => event.type === 'WaitStateEntered') ||
          undefined,
        'the execution to wait',
      );
      await h.erp.pay(invoiceId, invoice.amount.cents, h.today());
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
try {
  for (const [index, scenario] of scenarios.entries()) {
    const invoiceId = `bench-${index + 1}`;
    const before = { ...units };
    const completions = await scenario.run(invoiceId).catch(async (error: unknown) => {
      const timeline = await h.cases.timeline(invoiceId);
      console.error(`${scenario.name} failed; the timeline of ${invoiceId}:`);
      for (const entry of timeline) console.error(`  ${entry.on} ${entry.type}: ${entry.summary}`);
      throw error;
    });
    await h.settled(invoiceId, 60_000);
    await Promise.all(h.stack.queues.map((queue) => queue.drain({ timeoutMs: 10_000 })));
    measurements.push(await measure(scenario.name, invoiceId, completions, before));
  }
} finally {
  await h.stop();
}
const met = report(measurements);
process.exitCode = met ? 0 : 1;

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
  before: typeof units,
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

/** A property of an object the SDK hands around, without trusting its shape. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

/**
 * Meters the DynamoDB requests of the product. Every SDK client sends through the prototype of smithy's
 * Client, so one wrapper sees the handlers' document client and the idempotency store's own client alike;
 * the harness's clients (test-side reads) are left out. Each metered request asks for its consumed capacity.
 */
function meterDynamoDb(): void {
  const handlersDocuments = dynamoDocumentClient();
  const indexesByItem = new Map<string, number>();
  const prototypes = new Set<unknown>([
    Object.getPrototypeOf(DynamoDBClient.prototype),
    Object.getPrototypeOf(DynamoDBDocumentClient.prototype),
  ]);
  for (const prototype of prototypes) {
    const send = field(prototype, 'send');
    if (typeof prototype !== 'object' || prototype === null || typeof send !== 'function') {
      throw new Error('cannot meter DynamoDB: the SDK client has no send on its prototype');
    }
    Reflect.set(
      prototype,
      'send',
      async function metered(this: unknown, command: unknown, ...rest: unknown[]) {
        const isProduct =
          this === handlersDocuments || (this instanceof DynamoDBClient && !h.ownsClient(this));
        const name = typeof command === 'object' && command !== null ? command.constructor.name : '';
        const input = field(command, 'input');
        const metered =
          isProduct && (READS.has(name) || WRITES.has(name)) && typeof input === 'object' && input !== null;
        if (metered) Reflect.set(input, 'ReturnConsumedCapacity', 'TOTAL');
        const output: unknown = await Reflect.apply(send, this, [command, ...rest]);
        if (!metered) return output;
        const capacity = [field(output, 'ConsumedCapacity')]
          .flat()
          .reduce((sum: number, entry) => sum + Number(field(entry, 'CapacityUnits') ?? 0), 0);
        if (READS.has(name)) {
          units.read += capacity;
          return output;
        }
        // DynamoDB also writes every index the item is in; the emulator reports the table's share only.
        const item = field(input, 'Item');
        const key = field(input, 'Key') ?? item;
        const itemKey = JSON.stringify([field(key, 'pk'), field(key, 'sk')]);
        if (typeof item === 'object' && item !== null) {
          indexesByItem.set(
            itemKey,
            INDEX_KEYS.filter((attribute) => field(item, attribute) !== undefined).length,
          );
        }
        units.write += capacity * (1 + (indexesByItem.get(itemKey) ?? 0));
        return output;
      },
    );
  }
}

function gbSeconds(row: Measurement): number {
  return row.lambdaInvocations * (LAMBDA_AVERAGE_MS / 1000) * LAMBDA_MEMORY_GB;
}

function report(rows: readonly Measurement[]): boolean {
  const costs = rows.map((row) => {
    const perInvoice = {
      stepFunctions: row.transitions * PRICES.stepFunctionsPerTransition,
      lambda: row.lambdaInvocations * PRICES.lambdaPerRequest + gbSeconds(row) * PRICES.lambdaArmPerGbSecond,
      dynamoDb: row.readUnits * PRICES.dynamoPerReadUnit + row.writeUnits * PRICES.dynamoPerWriteUnit,
      ses: row.emails * PRICES.sesPerEmail,
      eventBridge: row.putEvents * PRICES.eventBridgePerEvent,
      sqs: row.sqsRequests * PRICES.sqsPerRequest,
    };
    const total = Object.values(perInvoice).reduce((sum, cost) => sum + cost, 0);
    const thousand = (cost: number) => cost * 1000;
    return {
      row,
      perThousand: {
        stepFunctions: thousand(perInvoice.stepFunctions),
        lambda: thousand(perInvoice.lambda),
        dynamoDb: thousand(perInvoice.dynamoDb),
        ses: thousand(perInvoice.ses),
        eventBridge: thousand(perInvoice.eventBridge),
        sqs: thousand(perInvoice.sqs),
        total: thousand(total),
      },
    };
  });
  const usd = (value: number) => `$${value.toFixed(4)}`;
  const table = [
    [
      'scenario',
      'transitions',
      'lambda',
      'GB-s',
      'RRU',
      'WRU',
      'emails',
      'events',
      'SQS req',
      'SFN',
      'Lambda',
      'DynamoDB',
      'SES',
      'EventBr.',
      'SQS',
      'total / 1,000',
    ],
    ...costs.map(({ row, perThousand }) => [
      row.scenario,
      String(row.transitions),
      String(row.lambdaInvocations),
      gbSeconds(row).toFixed(3),
      String(row.readUnits),
      String(row.writeUnits),
      String(row.emails),
      String(row.putEvents),
      String(row.sqsRequests),
      usd(perThousand.stepFunctions),
      usd(perThousand.lambda),
      usd(perThousand.dynamoDb),
      usd(perThousand.ses),
      usd(perThousand.eventBridge),
      usd(perThousand.sqs),
      usd(perThousand.total),
    ]),
  ];
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length))) ?? [];
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  console.log('\nCost per 1,000 invoices by path through the workflow (counts are per invoice)\n');
  console.log(format(table[0] ?? []));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of table.slice(1)) console.log(format(line));
  console.log(
    `\nPrices: ${PRICES_NOTE}. Step Functions Standard ${usd(PRICES.stepFunctionsPerTransition * 1000)} per 1,000 transitions;` +
      ` Lambda ${usd(PRICES.lambdaPerRequest * 1_000_000)} per 1M requests + ${PRICES.lambdaArmPerGbSecond} per GB-s` +
      ` (arm64, ${LAMBDA_MEMORY_GB * 1024} MB, ${LAMBDA_AVERAGE_MS} ms average billed duration assumed);` +
      ` DynamoDB on-demand ${usd(PRICES.dynamoPerWriteUnit * 1_000_000)} per 1M WRU, ${usd(PRICES.dynamoPerReadUnit * 1_000_000)} per 1M RRU;` +
      ` SES ${usd(PRICES.sesPerEmail * 1000)} per 1,000 emails; EventBridge ${usd(PRICES.eventBridgePerEvent * 1_000_000)} per 1M events;` +
      ` SQS ${usd(PRICES.sqsPerRequest * 1_000_000)} per 1M requests (${SQS_REQUESTS_PER_MESSAGE} per message).` +
      ' Not included: free tiers, storage, CloudWatch logs and metrics, API Gateway, data transfer.',
  );
  console.log('\nTargets');
  let allMet = true;
  for (const target of TARGETS) {
    const row = rows.find((candidate) => candidate.scenario === target.scenario);
    const isMet = row !== undefined && row.transitions <= target.maxTransitions;
    allMet &&= isMet;
    console.log(
      `  ${isMet ? 'met    ' : 'MISSED '} ${target.scenario}: ${row?.transitions ?? 'n/a'} transitions (target <= ${target.maxTransitions})`,
    );
  }
  return allMet;
}
