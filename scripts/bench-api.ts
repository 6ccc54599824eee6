import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { taskItem } from '../functions/adapters/task-repository.js';
import { openTask } from '../functions/domain/task.js';
import { taskIdFor } from '../functions/workflow/tasks.js';
import { issueLocalToken } from '../local/api-gateway.js';
import { localCredentials, localRegion } from '../local/emulators/shared.js';
import { startWorkflowStack } from '../local/workflow-stack.js';

/**
 * `npm run bench:api`: GET /tasks latency with 1,000 and with 100,000 open tasks in the queue, against the
 * local stack (dynalite behind the real adapters, the real API handler behind the local gateway).
 * Targets: p99 <= 50 ms locally, and p99(100k) / p99(1k) <= 1.5 (the list is a Query, not a Scan).
 */
const REQUESTS = 300;
const WARMUP = 30;
const SIZES = [1_000, 100_000];

const stack = await startWorkflowStack({ clockScale: 1, logLevel: 'ERROR' });
try {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: localRegion,
      credentials: localCredentials,
      endpoint: stack.endpoints.dynamodb,
    }),
  );
  const token = await issueLocalToken('caller');
  const now = stack.clock.businessNow();
  let written = 0;
  const fill = async (target: number) => {
    const batches: Promise<unknown>[] = [];
    while (written < target) {
      const items = [];
      for (let i = 0; i < 25 && written < target; i++, written++) {
        const task = openTask(
          {
            taskId: taskIdFor('bench', 'call', written, 1),
            kind: 'call',
            queue: 'receivables',
            priority: (written * 7919) % 10_000,
            dueAt: now,
            invoiceId: `bench-${written}`,
            invoiceNumber: `RE-B-${written}`,
            invoiceDueDate: '2026-01-15',
            customerId: `cust-${written % 500}`,
            customerName: `Kunde ${written % 500}`,
            openCents: 10_000 + written,
            currency: 'EUR',
            levelId: 'call',
            attempt: 1,
            salesRepInvolved: false,
            executionId: 'bench',
            taskToken: 'bench-token',
          },
          now,
        );
        items.push({ PutRequest: { Item: taskItem(task) } });
      }
      batches.push(
        documents.send(
          new BatchWriteCommand({ RequestItems: { [String(stack.tableNames.DunningTable)]: items } }),
        ),
      );
      if (batches.length >= 16) await Promise.all(batches.splice(0));
    }
    await Promise.all(batches);
  };
  const measure = async () => {
    const durations: number[] = [];
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const started = performance.now();
      const response = await fetch(`${stack.endpoints.api}/tasks?limit=25`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.text();
      if (response.status !== 200) throw new Error(`GET /tasks answered ${response.status}`);
      if (i >= WARMUP) durations.push(performance.now() - started);
    }
    durations.sort((a, b) => a - b);
    const at = (quantile: number) =>
      durations[Math.min(durations.length - 1, Math.floor(quantile * durations.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  };
  const results: { size: number; p50: number; p99: number }[] = [];
  for (const size of SIZES) {
    const fillStarted = performance.now();
    await fill(size);
    console.log(
      `filled ${size.toLocaleString('en')} open tasks in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`,
    );
    results.push({ size, ...(await measure()) });
  }
  console.log('\nGET /tasks?limit=25 (local stack, %d requests each)', REQUESTS);
  console.log('open tasks  |  p50 ms |  p99 ms');
  for (const { size, p50, p99 } of results) {
    console.log(
      `${size.toLocaleString('en').padStart(10)}  | ${p50.toFixed(2).padStart(7)} | ${p99.toFixed(2).padStart(7)}`,
    );
  }
  const [small, large] = results;
  if (small && large) {
    const ratio = large.p99 / small.p99;
    console.log(
      `\np99 ratio 100k / 1k: ${ratio.toFixed(2)} (target <= 1.5: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `p99 at 100k: ${large.p99.toFixed(2)} ms (target <= 50 ms: ${large.p99 <= 50 ? 'met' : 'NOT met'})`,
    );
  }
} finally {
  await stack.stop();
}
