import { AwsClient, type AwsClientOptions, callJsonRpc } from './client.js';
import { type Item, marshall, unmarshall } from './dynamodb-codec.js';
import { errorCode } from './errors.js';

export type { Item } from './dynamodb-codec.js';

/** `error instanceof ConditionalCheckFailedException`, as with the SDK's exception class. */
export const ConditionalCheckFailedException = errorCode('ConditionalCheckFailedException');

/** Sends a conditional write; false when its condition did not hold (someone else was first). */
export async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

interface Expressions {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

export interface GetCommandInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface PutCommandInput extends Expressions {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}
export interface UpdateCommandInput extends Expressions {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ConditionExpression?: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}
export interface DeleteCommandInput extends Expressions {
  TableName: string;
  Key: Item;
  ConditionExpression?: string;
}
export interface QueryCommandInput extends Expressions {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ConsistentRead?: boolean;
  ScanIndexForward?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
}
export interface BatchGetCommandInput {
  RequestItems: Record<
    string,
    {
      Keys: Item[];
      ConsistentRead?: boolean;
      ProjectionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
    }
  >;
}

/** What an operation answers, its items as plain values (further members, e.g. ConsumedCapacity, as sent). */
export interface DocumentOutput {
  Item?: Item;
  Items?: Item[];
  Attributes?: Item;
  LastEvaluatedKey?: Item;
  Count?: number;
  Responses?: Record<string, Item[]>;
  UnprocessedKeys?: Record<string, { Keys: Item[] }>;
  [member: string]: unknown;
}

/**
 * One DynamoDB operation with plain values, shaped like @aws-sdk/lib-dynamodb's commands so the repositories
 * read the same (`documents.send(new GetCommand({...}))`).
 */
abstract class DocumentCommand<Input> {
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
}
export class GetCommand extends DocumentCommand<GetCommandInput> {
  readonly operation = 'GetItem';
}
export class PutCommand extends DocumentCommand<PutCommandInput> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends DocumentCommand<UpdateCommandInput> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends DocumentCommand<DeleteCommandInput> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends DocumentCommand<QueryCommandInput> {
  readonly operation = 'Query';
}
export class BatchGetCommand extends DocumentCommand<BatchGetCommandInput> {
  readonly operation = 'BatchGetItem';
}
export type AnyDocumentCommand =
  | GetCommand
  | PutCommand
  | UpdateCommand
  | DeleteCommand
  | QueryCommand
  | BatchGetCommand;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ITEM_MEMBERS = ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const;
const OUTPUT_ITEM_MEMBERS = ['Item', 'Attributes', 'LastEvaluatedKey'] as const;

/** The request as DynamoDB reads it: every item-valued member marshalled, everything else as given. */
function marshallInput(input: object): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...input };
  for (const member of ITEM_MEMBERS) {
    const value = wire[member];
    if (isRecord(value)) wire[member] = marshall(value);
  }
  const requests = wire.RequestItems;
  if (isRecord(requests)) {
    wire.RequestItems = Object.fromEntries(
      Object.entries(requests).map(([table, request]) => [
        table,
        isRecord(request) && Array.isArray(request.Keys)
          ? { ...request, Keys: request.Keys.map((key: Item) => marshall(key)) }
          : request,
      ]),
    );
  }
  return wire;
}

const unmarshallAll = (items: unknown) => (Array.isArray(items) ? items.map(unmarshall) : []);

function unmarshallOutput(output: Record<string, unknown>): DocumentOutput {
  const plain: DocumentOutput = { ...output };
  for (const member of OUTPUT_ITEM_MEMBERS) {
    if (isRecord(output[member])) plain[member] = unmarshall(output[member]);
  }
  if (Array.isArray(output.Items)) plain.Items = unmarshallAll(output.Items);
  if (isRecord(output.Responses)) {
    plain.Responses = Object.fromEntries(
      Object.entries(output.Responses).map(([table, items]) => [table, unmarshallAll(items)]),
    );
  }
  if (isRecord(output.UnprocessedKeys)) {
    plain.UnprocessedKeys = Object.fromEntries(
      Object.entries(output.UnprocessedKeys).map(([table, request]) => [
        table,
        { ...(isRecord(request) ? request : {}), Keys: unmarshallAll(isRecord(request) ? request.Keys : []) },
      ]),
    );
  }
  return plain;
}

/** DynamoDB (JSON 1.0) with plain values: the document client of the repositories. */
export class DocumentClient {
  private readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient(
      { endpointVariable: 'DYNAMODB', hostPrefix: 'dynamodb', signingName: 'dynamodb', errors: 'json' },
      options,
    );
  }

  async send(command: AnyDocumentCommand): Promise<DocumentOutput> {
    const output = await callJsonRpc(
      this.client,
      `DynamoDB_20120810.${command.operation}`,
      '1.0',
      marshallInput(command.input),
    );
    return unmarshallOutput(output);
  }
}

/** The SDK's name for it, so repositories written against lib-dynamodb keep their type annotations. */
export type DynamoDBDocumentClient = DocumentClient;
