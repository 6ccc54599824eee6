import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyDocumentCommand,
  DocumentClient,
  type DocumentOutput,
} from '../../functions/adapters/aws/dynamodb.js';
import { CallerTaskRepository } from '../../functions/adapters/caller-tasks.js';
import { CUSTOMER_SHARDS } from '../../functions/adapters/case-keys.js';
import { CaseRepository } from '../../functions/adapters/case-repository.js';
import { ReportRepository } from '../../functions/adapters/report-repository.js';
import { taskItem } from '../../functions/adapters/task-repository.js';
import { type DunningCase, openCase } from '../../functions/domain/case.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import type { TaskKind } from '../../functions/domain/outcomes.js';
import { openTask, type Task } from '../../functions/domain/task.js';
import { computeReports, EXPOSURE_LIST_LIMIT } from '../../functions/workflow/reports/compute-reports.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { invoice } from '../unit/case-fixtures.js';
import { defaultContext } from '../unit/fixtures.js';
import { clientConfig } from './emulators-support.js';

const NOW = '2026-03-16T09:00:00Z';

let dynamo: LocalDynamoDb;
let documents: CountingDocuments;
/** The test's own writer of fixtures (BatchWrite, which the product never sends). */
let seeder: DynamoDBDocumentClient;
let tableName: string;
/** Items DynamoDB evaluated for the Queries since the last reset: what a read costs. */
let scanned = 0;

/** The product's document client, counting what each Query evaluated. */
class CountingDocuments extends DocumentClient {
  override async send(command: AnyDocumentCommand): Promise<DocumentOutput> {
    const output = await super.send(command);
    scanned += typeof output.ScannedCount === 'number' ? output.ScannedCount : 0;
    return output;
  }
}

beforeAll(async () => {
  dynamo = await startDynamoDb();
  tableName = dynamo.tableNames.DunningTable ?? '';
  documents = new CountingDocuments(clientConfig(dynamo.endpoint));
  seeder = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(dynamo.endpoint)));
});

afterAll(async () => {
  seeder.destroy();
  await dynamo.stop();
});

function task(index: number, kind: TaskKind, patch: Partial<Task> = {}): Task {
  return {
    ...openTask(
      {
        taskId: `${kind}-${String(index).padStart(20, '0')}`,
        kind,
        queue: 'receivables',
        priority: kind === 'call' ? 100 - (index % 100) : 9000,
        dueAt: NOW,
        invoiceId: `inv-${kind}-${index}`,
        invoiceNumber: `RE-${index}`,
        invoiceDueDate: '2026-01-15',
        customerId: 'cust-1',
        customerName: 'Kunde',
        openCents: 1_000,
        currency: 'EUR',
        levelId: 'call',
        attempt: 1,
        salesRepInvolved: false,
        executionId: 'exec',
        taskToken: 'secret-token',
      },
      NOW,
    ),
    ...patch,
  };
}

async function write(items: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    await seeder.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
}

function caseOf(invoiceId: string, patch: Partial<InvoiceIssued>): DunningCase {
  return openCase(invoice({ ...patch, invoiceId, invoiceNumber: `RE-${invoiceId}` }), defaultContext).case;
}

/** A case stored with nothing left to carry out. */
const noOutbox = null;

describe('bounded reads', () => {
  it('lists the tasks of one kind without reading the tasks of other kinds ahead of them', async () => {
    // Arrange
    const tasks = new CallerTaskRepository(documents, tableName);
    await write([
      ...Array.from({ length: 300 }, (_, index) => taskItem(task(index, 'approval'))),
      ...Array.from({ length: 5 }, (_, index) => taskItem(task(index, 'call'))),
    ]);
    scanned = 0;

    // Act
    const first = await tasks.listQueue('receivables', { limit: 3, kind: 'call' });
    const second = await tasks.listQueue('receivables', {
      limit: 3,
      kind: 'call',
      cursor: first.nextCursor ?? undefined,
    });

    // Assert
    expect([...first.tasks, ...second.tasks].map((listed) => listed.taskId)).toEqual(
      Array.from({ length: 5 }, (_, index) => task(index, 'call').taskId),
    );
    expect(second.nextCursor).toBeNull();
    expect(scanned).toBeLessThanOrEqual(6);
    expect(JSON.stringify(first)).not.toContain('secret-token');
  });

  it('reads the newest tasks of a case, however many it has, oldest of them first', async () => {
    // Arrange
    const tasks = new CallerTaskRepository(documents, tableName);
    const created = (index: number) => `2026-03-${String(1 + index).padStart(2, '0')}T08:00:00Z`;
    const ofCase = Array.from({ length: 12 }, (_, index) =>
      task(100 + index, 'call', { invoiceId: 'inv-many-calls', createdAt: created(index) }),
    );
    await write(ofCase.map(taskItem));

    // Act
    const recent = await tasks.recentTasksOfCase('inv-many-calls', 3);
    const all = await tasks.tasksOfCase('inv-many-calls');

    // Assert
    expect(recent.map((found) => found.createdAt)).toEqual([created(9), created(10), created(11)]);
    expect(all).toHaveLength(12);
  });

  it('lists a customer’s open cases oldest due first, capped, with more, and none of other customers', async () => {
    // Arrange
    const cases = new CaseRepository(documents, tableName);
    const customer = (id: string) => ({ ...invoice().customer, id });
    const due = (index: number) => `2026-01-${String(1 + index).padStart(2, '0')}`;
    for (let index = 0; index < 5; index++) {
      await cases.put(
        caseOf(`big-${index}`, { customer: customer('big'), dueDate: due(4 - index) }),
        noOutbox,
        undefined,
      );
    }
    await cases.put(caseOf('other-1', { customer: customer('big#other') }), noOutbox, undefined);
    const paid = caseOf('big-paid', { customer: customer('big'), dueDate: '2025-12-01' });
    await cases.put({ ...paid, status: 'paid' }, noOutbox, undefined);

    // Act
    const capped = await cases.openCasesOfCustomer('big', 3);
    const all = await cases.openCasesOfCustomer('big', 10);

    // Assert
    expect(capped.cases.map((open) => open.invoiceId)).toEqual(['big-4', 'big-3', 'big-2']);
    expect(capped.more).toBe(true);
    expect(all.cases.map((open) => open.invoiceId).sort()).toEqual([
      'big-0',
      'big-1',
      'big-2',
      'big-3',
      'big-4',
    ]);
    expect(all.more).toBe(false);
  });

  it('computes the report snapshot in bounded runs, closed cases included, and totals the customers with more open cases than listed', async () => {
    // Arrange
    const cases = new CaseRepository(documents, tableName);
    const reports = new ReportRepository(documents, tableName);
    const customer = { ...invoice().customer, id: 'key-account' };
    const count = EXPOSURE_LIST_LIMIT + 5;
    for (let index = 0; index < count; index++) {
      await cases.put(
        caseOf(`key-${index}`, { customer, amount: { cents: 100_00, currency: 'EUR' } }),
        noOutbox,
        undefined,
      );
    }
    // A closed case is only in the customer index's CLOSED# shards: the job counts it from there.
    const settled = caseOf('report-paid', {
      dueDate: '2025-11-03',
      amount: { cents: 700_00, currency: 'EUR' },
    });
    await cases.put(
      {
        ...settled,
        status: 'paid',
        paidCents: 700_00,
        closed: { outcome: 'paid', on: '2025-11-20', waivedCents: 0 },
      },
      noOutbox,
      undefined,
    );
    const scope = {
      ports: reports,
      shards: CUSTOMER_SHARDS,
      queues: ['receivables'],
      now: () => NOW,
    };

    // Act
    const runs = [];
    for (let run = 0; run < 100; run++) {
      const result = await computeReports(scope, { pageSize: 10, pages: 2 });
      runs.push(result);
      if (result.complete) break;
    }
    const snapshot = await reports.snapshot();
    const exposure = await reports.exposure('key-account');

    // Assert
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.at(-1)?.complete).toBe(true);
    expect(snapshot?.computedAt).toBe(NOW);
    expect(exposure).toEqual({ openCaseCount: count, totalOpenCents: count * 100_00, computedAt: NOW });
    expect(snapshot?.figures.byDueDate['2025-11-03']?.recovered).toEqual({
      paid: { cases: 1, recoveredCents: 700_00 },
    });
    expect(await reports.pass()).toBeUndefined();
  });
});
