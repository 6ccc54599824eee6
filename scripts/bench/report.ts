/** The cost table of `npm run bench:workflow`: list prices, what one invoice's path costs, the targets. */

export interface Measurement {
  scenario: string;
  transitions: number;
  lambdaInvocations: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  putEvents: number;
  sqsRequests: number;
}

/**
 * List prices for eu-central-1 (Frankfurt), USD, as published on the AWS pricing pages in 2025 (DynamoDB after
 * the on-demand price reduction of 1 November 2024). Re-check them before quoting the result to anyone.
 */
export const PRICES = {
  stepFunctionsPerTransition: 0.025 / 1_000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaArmPerGbSecond: 0.000_013_333_4,
  dynamoPerWriteUnit: 0.762_5 / 1_000_000,
  dynamoPerReadUnit: 0.152_5 / 1_000_000,
  sesPerEmail: 0.1 / 1_000,
  eventBridgePerEvent: 1 / 1_000_000,
  sqsPerRequest: 0.4 / 1_000_000,
} as const;
export const PRICES_NOTE = 'eu-central-1 list prices (USD) as published in 2025; check before quoting';

/** Lambda assumptions: 256 MB on arm64 and this average billed duration per invocation (warm, one step each). */
export const LAMBDA_MEMORY_GB = 256 / 1024;
export const LAMBDA_AVERAGE_MS = 120;
/** Per message on a rule's queue: EventBridge's SendMessage, the poller's ReceiveMessage and DeleteMessage. */
export const SQS_REQUESTS_PER_MESSAGE = 3;

export function gbSeconds(row: Measurement): number {
  return row.lambdaInvocations * (LAMBDA_AVERAGE_MS / 1000) * LAMBDA_MEMORY_GB;
}

/** What a path may cost at most: state transitions and DynamoDB write units per invoice. */
export interface Target {
  scenario: string;
  maxTransitions: number;
  maxWriteUnits: number;
}

/** Prints the table and the targets; true when every target is met. */
export function report(rows: readonly Measurement[], targets: readonly Target[]): boolean {
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
  for (const target of targets) {
    const row = rows.find((candidate) => candidate.scenario === target.scenario);
    const checks = [
      ['transitions', row?.transitions, target.maxTransitions],
      ['write units', row?.writeUnits, target.maxWriteUnits],
    ] as const;
    for (const [what, measured, limit] of checks) {
      const isMet = measured !== undefined && measured <= limit;
      allMet &&= isMet;
      console.log(
        `  ${isMet ? 'met    ' : 'MISSED '} ${target.scenario}: ${measured ?? 'n/a'} ${what} (target <= ${limit})`,
      );
    }
  }
  return allMet;
}

/** Where one scenario's write units went: each kind of write, how often, and its units. */
export function reportWrites(
  scenario: string,
  rows: readonly { what: string; requests: number; units: number }[],
): void {
  const total = rows.reduce((sum, row) => sum + row.units, 0);
  console.log(`\n  ${scenario}: ${total} write units`);
  const width = Math.max(...rows.map((row) => row.what.length));
  for (const row of rows)
    console.log(
      `    ${row.what.padEnd(width)}  ${String(row.requests).padStart(3)} x  ${String(row.units).padStart(4)} WRU`,
    );
}
