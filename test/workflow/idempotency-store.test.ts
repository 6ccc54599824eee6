import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { IdempotencyStore } from '../../functions/adapters/idempotency-store.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { clientConfig } from './emulators-support.js';

let dynamo: LocalDynamoDb;
let documents: DocumentClient;
let tableName: string;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  tableName = dynamo.tableNames.IdempotencyTable ?? '';
  documents = new DocumentClient(clientConfig(dynamo.endpoint));
});
afterAll(() => dynamo?.stop());

/** A send wrapped as the email delivery wraps SES: idempotent by its first argument. */
function idempotentSend(send: (key: string) => Promise<string>) {
  const config = new IdempotencyConfig({ expiresAfterSeconds: 3600 });
  return makeIdempotent((key: string, _payload: { to: string }) => send(key), {
    persistenceStore: new IdempotencyStore(() => documents, tableName),
    dataIndexArgument: 0,
    config,
  });
}

describe('the idempotency store on the small DynamoDB client', () => {
  it('runs a send once per key and answers the first result to the retry, from a completed record', async () => {
    // Arrange
    let sends = 0;
    const deliver = idempotentSend(async (key) => {
      sends++;
      return `message-${key}-${sends}`;
    });

    // Act
    const first = await deliver('RE-1#reminder-1', { to: 'ap@kunde.example' });
    const retried = await deliver('RE-1#reminder-1', { to: 'ap@kunde.example' });
    const other = await deliver('RE-2#reminder-1', { to: 'ap@kunde.example' });

    // Assert
    expect([first, retried, other]).toEqual([
      'message-RE-1#reminder-1-1',
      'message-RE-1#reminder-1-1',
      'message-RE-2#reminder-1-2',
    ]);
    expect(sends).toBe(2);
  });

  it('refuses a second send of a key whose first send is still in flight (IdempotencyAlreadyInProgressError)', async () => {
    // Arrange
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const deliver = idempotentSend(async (key) => {
      await held;
      return `message-${key}`;
    });

    // Act
    const first = deliver('RE-3#reminder-1', { to: 'ap@kunde.example' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = deliver('RE-3#reminder-1', { to: 'ap@kunde.example' }).catch((error: Error) => error.name);
    const refused = await second;
    release();

    // Assert
    expect(refused).toBe('IdempotencyAlreadyInProgressError');
    expect(await first).toBe('message-RE-3#reminder-1');
  });

  it('removes the record of a send that failed, so a retry sends', async () => {
    // Arrange
    let attempts = 0;
    const deliver = idempotentSend(async (key) => {
      attempts++;
      if (attempts === 1) throw new Error('SES refused');
      return `message-${key}`;
    });

    // Act
    const failed = await deliver('RE-4#reminder-1', { to: 'ap@kunde.example' }).catch(
      (error: Error) => error.message,
    );
    const retried = await deliver('RE-4#reminder-1', { to: 'ap@kunde.example' });

    // Assert
    expect(failed).toBe('SES refused');
    expect(retried).toBe('message-RE-4#reminder-1');
  });
});
