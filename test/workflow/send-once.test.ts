import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient, GetCommand, PutCommand } from '../../functions/adapters/aws/dynamodb.js';
import { SendOnce } from '../../functions/adapters/send-once.js';
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

const sendOnce = (now?: () => number) =>
  new SendOnce(() => documents, tableName, { keepSeconds: 3600, prefix: 'mahnwesen-send-reminder', now });

describe('sending once per key through the idempotency table', () => {
  it('runs a send once per key and answers the first result to the retry, from the completed record', async () => {
    // Arrange
    const once = sendOnce();
    let sends = 0;
    const deliver = (key: string) => once.run(key, async () => `message-${key}-${++sends}`);

    // Act
    const first = await deliver('RE-1#reminder-1');
    const retried = await deliver('RE-1#reminder-1');
    const other = await deliver('RE-2#reminder-1');

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
    const once = sendOnce();
    once.registerRemainingTime(() => 60_000);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = once.run('RE-3#reminder-1', async () => {
      await held;
      return 'message-RE-3';
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Act
    const refused = await once
      .run('RE-3#reminder-1', async () => 'second')
      .catch((error: Error) => error.name);
    release();

    // Assert
    expect(refused).toBe('IdempotencyAlreadyInProgressError');
    expect(await first).toBe('message-RE-3');
  });

  it('gives the claim up when the send fails, so a retry sends', async () => {
    // Arrange
    const once = sendOnce();
    let attempts = 0;
    const send = async () => {
      attempts++;
      if (attempts === 1) throw new Error('SES refused');
      return 'message-RE-4';
    };

    // Act
    const failed = await once.run('RE-4#reminder-1', send).catch((error: Error) => error.message);
    const retried = await once.run('RE-4#reminder-1', send);

    // Assert
    expect(failed).toBe('SES refused');
    expect(retried).toBe('message-RE-4');
  });

  it('lets a retry send when the invocation that claimed the key ran out of time before completing', async () => {
    // Arrange: the first invocation claimed with 5 s left and died without sending or giving the claim up.
    let clock = Date.parse('2026-12-07T09:00:00Z');
    const dying = sendOnce(() => clock);
    dying.registerRemainingTime(() => 5_000);
    const never = new Promise<string>(() => {});
    void dying.run('RE-5#reminder-1', () => never);
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock += 6_000;

    // Act
    const retried = await sendOnce(() => clock).run('RE-5#reminder-1', async () => 'message-RE-5');

    // Assert
    expect(retried).toBe('message-RE-5');
  });

  it('answers a send that Powertools idempotency completed before the product wrote its own records', async () => {
    // Arrange: the record exactly as Powertools 2.x wrote it for this function and key (id: name#md5 base64).
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          id: 'mahnwesen-send-reminder#NFsBmwO2ubtDQgxcZorqVw==',
          expiration: Math.floor(Date.now() / 1000) + 3600,
          status: 'COMPLETED',
          data: 'message-from-powertools',
        },
      }),
    );
    let sends = 0;

    // Act
    const answered = await sendOnce().run('arn:exec#reminder-1', async () => `new-${++sends}`);

    // Assert
    expect(answered).toBe('message-from-powertools');
    expect(sends).toBe(0);
  });

  it('keeps the completed record until its expiry, for the table TTL to remove', async () => {
    // Arrange
    const now = Date.parse('2026-12-07T09:00:00Z');

    // Act
    await sendOnce(() => now).run('RE-6#reminder-1', async () => 'message-RE-6');

    // Assert
    const { Item } = await documents.send(
      new GetCommand({
        TableName: tableName,
        Key: { id: 'mahnwesen-send-reminder#uKJE17eshkXvq8ty9RdT5w==' },
      }),
    );
    expect(Item).toMatchObject({ status: 'COMPLETED', data: 'message-RE-6', expiration: now / 1000 + 3600 });
  });
});
