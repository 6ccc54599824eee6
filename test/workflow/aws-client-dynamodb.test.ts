import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchGetCommand,
  ConditionalCheckFailedException,
  DeleteCommand,
  DocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '../../functions/adapters/aws/dynamodb.js';
import { marshall, unmarshall } from '../../functions/adapters/aws/dynamodb-codec.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { clientConfig, sdkError } from './emulators-support.js';

let dynamo: LocalDynamoDb;
let documents: DocumentClient;
let TableName: string;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  TableName = dynamo.tableNames.DunningTable ?? '';
  documents = new DocumentClient(clientConfig(dynamo.endpoint));
});
afterAll(() => dynamo?.stop());

/** Every kind of value the product stores, and an undefined member that must be left out. */
const stored = {
  pk: 'CASE#RE/2026 ü',
  sk: 'CASE',
  version: 3,
  cents: 250_000,
  rate: 0.0512,
  closed: false,
  closedOn: null,
  packed: new Uint8Array([0, 1, 254, 255]),
  reminders: [{ levelId: 'reminder-1', on: '2026-12-07', fee: undefined }, 'text', 7],
  outbox: { events: [], nested: { deep: 'value' } },
  empty: '',
  gone: undefined,
};

describe('the small DynamoDB client against dynalite (JSON 1.0)', () => {
  it('marshalls every kind of stored value and reads it back as it was written, without undefined members', async () => {
    // Act
    await documents.send(new PutCommand({ TableName, Item: stored }));
    const { Item } = await documents.send(
      new GetCommand({ TableName, Key: { pk: stored.pk, sk: 'CASE' }, ConsistentRead: true }),
    );

    // Assert
    const { gone: _gone, ...expected } = stored;
    expect(Item).toEqual({
      ...expected,
      reminders: [{ levelId: 'reminder-1', on: '2026-12-07' }, 'text', 7],
    });
    expect(Item && 'gone' in Item).toBe(false);
    expect(Item?.packed).toBeInstanceOf(Uint8Array);
  });

  it('refuses a conditional put with ConditionalCheckFailedException (HTTP 400) and hands back the stored item on request', async () => {
    // Arrange
    const key = { pk: 'CASE#conditional', sk: 'CASE' };
    await documents.send(new PutCommand({ TableName, Item: { ...key, version: 1 } }));

    // Act
    const error = await sdkError(
      documents.send(
        new PutCommand({
          TableName,
          Item: { ...key, version: 2 },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );

    // Assert
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    const { Item } = await documents.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    expect(Item?.version).toBe(1);
  });

  it('updates with expression names and values, answers the new image, and deletes', async () => {
    // Arrange
    const key = { pk: 'CASE#update', sk: 'CASE' };
    await documents.send(new PutCommand({ TableName, Item: { ...key, version: 1, status: 'open' } }));

    // Act
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName,
        Key: key,
        UpdateExpression: 'SET #status = :status, version = version + :one',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'paid', ':one': 1, ':expected': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    await documents.send(new DeleteCommand({ TableName, Key: key }));
    const after = await documents.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));

    // Assert
    expect(Attributes).toEqual({ ...key, version: 2, status: 'paid' });
    expect(after.Item).toBeUndefined();
  });

  it('queries page by page with Limit and ExclusiveStartKey, and reads several items with BatchGetItem', async () => {
    // Arrange
    const pk = 'CASE#paged';
    for (const index of [1, 2, 3]) {
      await documents.send(new PutCommand({ TableName, Item: { pk, sk: `EVT#${index}`, index } }));
    }
    const query = {
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
      ExpressionAttributeValues: { ':pk': pk, ':evt': 'EVT#' },
      Limit: 2,
    };

    // Act
    const first = await documents.send(new QueryCommand(query));
    const second = await documents.send(
      new QueryCommand({ ...query, ExclusiveStartKey: first.LastEvaluatedKey }),
    );
    const batch = await documents.send(
      new BatchGetCommand({
        RequestItems: { [TableName]: { Keys: [1, 3].map((index) => ({ pk, sk: `EVT#${index}` })) } },
      }),
    );

    // Assert
    expect(first.Items?.map((item) => item.index)).toEqual([1, 2]);
    expect(first.LastEvaluatedKey).toEqual({ pk, sk: 'EVT#2' });
    expect(second.Items?.map((item) => item.index)).toEqual([3]);
    expect(batch.Responses?.[TableName]?.map((item) => item.index).sort()).toEqual([1, 3]);
  });

  it('answers a malformed request with the service error, not retried', async () => {
    // Act
    const error = await sdkError(
      documents.send(new GetCommand({ TableName: 'no-such-table', Key: { pk: 'x', sk: 'y' } })),
    );

    // Assert
    expect(error.name).toBe('ResourceNotFoundException');
  });
});

describe('the DynamoDB codec', () => {
  it('writes numbers as N strings, sets as SS/NS, and refuses values DynamoDB cannot hold', () => {
    // Act
    const wire = marshall({ n: 12, s: new Set(['a', 'b']), ns: new Set([1, 2]) });

    // Assert
    expect(wire).toEqual({ n: { N: '12' }, s: { SS: ['a', 'b'] }, ns: { NS: ['1', '2'] } });
    expect(unmarshall(wire)).toEqual({ n: 12, s: new Set(['a', 'b']), ns: new Set([1, 2]) });
    expect(() => marshall({ bad: Number.NaN })).toThrow('NaN');
    expect(() => marshall({ when: new Date() })).toThrow('Date');
  });
});
