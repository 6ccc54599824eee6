import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyDefinition, tableDefinitions } from '../../infra/table-definitions.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { clientConfig, sdkError } from './emulators-support.js';

describe('the local DynamoDB', () => {
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    client = new DynamoDBClient(clientConfig(dynamo.endpoint));
    documents = DynamoDBDocumentClient.from(client);
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('creates every table of the definitions with its keys, global secondary indexes and their projections', async () => {
    // Arrange
    const keySchema = (key: KeyDefinition) => [
      { AttributeName: key.partitionKey, KeyType: 'HASH' },
      ...(key.sortKey ? [{ AttributeName: key.sortKey, KeyType: 'RANGE' }] : []),
    ];
    const expected = tableDefinitions.map((definition) => ({
      name: `local-${definition.id}`,
      keys: keySchema(definition),
      indexes: definition.globalSecondaryIndexes
        .map((index) => ({
          name: index.indexName,
          keys: keySchema(index),
          projection: index.projection.type,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));

    // Act
    const described = await Promise.all(
      tableDefinitions.map((definition) =>
        client.send(new DescribeTableCommand({ TableName: dynamo.tableNames[definition.id] })),
      ),
    );

    // Assert
    expect(
      described.map(({ Table }) => ({
        name: Table?.TableName,
        keys: Table?.KeySchema,
        indexes: (Table?.GlobalSecondaryIndexes ?? [])
          .map((index) => ({
            name: index.IndexName,
            keys: index.KeySchema,
            projection: index.Projection?.ProjectionType,
          }))
          .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
      })),
    ).toEqual(expected);
    expect(
      described.find(({ Table }) => Table?.TableName === 'local-DunningTable')?.Table?.GlobalSecondaryIndexes
        ?.length,
    ).toBeGreaterThan(0);
  });

  it('refuses a second conditional put of the same key and finds the item through its index', async () => {
    // Arrange
    const TableName = dynamo.tableNames.DunningTable ?? '';
    const task = {
      pk: 'TASK#t-1',
      sk: 'TASK',
      queuePk: 'QUEUE#calls#open',
      queueSk: '0900#2026-11-23',
      status: 'open',
    };
    const putOnce = () =>
      documents.send(
        new PutCommand({ TableName, Item: task, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    await putOnce();

    // Act
    const second = await sdkError(putOnce());
    const byQueue = await documents.send(
      new QueryCommand({
        TableName,
        IndexName: 'byQueue',
        KeyConditionExpression: 'queuePk = :queue',
        ExpressionAttributeValues: { ':queue': 'QUEUE#calls#open' },
      }),
    );

    // Assert
    expect(second.name).toBe('ConditionalCheckFailedException');
    expect(byQueue.Items).toEqual([task]);
  });

  it('keeps out of an index what its projection does not include, such as the task token', async () => {
    // Arrange
    const TableName = dynamo.tableNames.DunningTable ?? '';
    const keys = { pk: 'TASK#t-2', sk: 'TASK', queuePk: 'QUEUE#calls#open#call', queueSk: '0800#2026-11-23' };
    await documents.send(
      new PutCommand({
        TableName,
        Item: { ...keys, kind: 'call', taskToken: 'secret', casePk: 'CASE#i-2', caseSk: 'TASK#1' },
      }),
    );

    // Act
    const [byQueue, byCase] = await Promise.all(
      [
        { IndexName: 'byQueue', KeyConditionExpression: 'queuePk = :key', value: keys.queuePk },
        { IndexName: 'byCase', KeyConditionExpression: 'casePk = :key', value: 'CASE#i-2' },
      ].map(({ value, ...query }) =>
        documents.send(
          new QueryCommand({ TableName, ...query, ExpressionAttributeValues: { ':key': value } }),
        ),
      ),
    );

    // Assert
    expect(byQueue?.Items).toEqual([{ ...keys, kind: 'call' }]);
    expect(byCase?.Items).toEqual([{ pk: 'TASK#t-2', sk: 'TASK', casePk: 'CASE#i-2', caseSk: 'TASK#1' }]);
  });
});
