import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { PrintQueue } from '../../functions/adapters/print-queue.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { clientConfig } from './emulators-support.js';

let dynamo: LocalDynamoDb;
let queue: PrintQueue;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  queue = new PrintQueue(
    new DocumentClient(clientConfig(dynamo.endpoint)),
    dynamo.tableNames.DunningTable ?? '',
  );
});

afterAll(async () => {
  await dynamo.stop();
});

const letter = (invoiceId: string, renderedAt: string) => ({
  invoiceId,
  levelId: 'final',
  documentKey: `cases/${invoiceId}/letters/final.pdf`,
  pages: 1,
  renderedAt,
});

describe('the print queue on the local DynamoDB emulator', () => {
  it('hands letters out in the order they were rendered, also within one second and across offsets', async () => {
    // Arrange: registered out of order; "…:25Z" would sort after "…:25.5Z" as a string
    await queue.letterRendered(letter('q-3', '2027-01-04T09:00:25.5+01:00'));
    await queue.letterRendered(letter('q-1', '2027-01-04T08:00:25Z'));
    await queue.letterRendered(letter('q-4', '2027-01-04T08:00:26Z'));
    await queue.letterRendered(letter('q-2', '2027-01-04T08:00:25.25Z'));

    // Act
    const pending = await queue.pendingBefore('2027-01-04T08:00:26Z', 10);
    const rest = await queue.pendingBefore('2027-01-04T09:00:00Z', 10, pending.at(-1)?.queuedAs);

    // Assess: the cut is exclusive, the next run picks up after the last entry taken
    expect(pending.map(({ invoiceId }) => invoiceId)).toEqual(['q-1', 'q-2', 'q-3']);
    expect(rest.map(({ invoiceId }) => invoiceId)).toEqual(['q-4']);
  });
});
