import * as z from '../domain/zod.js';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from './aws/dynamodb.js';
import { invoiceIdOf } from './case-items.js';
import { CUSTOMER_SHARDS, shardKey } from './case-keys.js';

/** Where the sweep over the open cases stands: the customer shard it reads and the last key of its last page. */
const sweepCursorSchema = z.object({
  shard: z.int().check(z.gte(0)),
  after: z.optional(z.record(z.string(), z.string())),
});

/**
 * One page of the open cases' invoice ids for the reconciler's sweep, shard by shard from the byCustomer
 * index (keys only, so a page costs little whatever the cases hold). The cursor is opaque to callers; one
 * it cannot read (written before the open cases moved out of the status index) starts from the beginning.
 */
export async function openCasePage(
  documents: DynamoDBDocumentClient,
  tableName: string,
  limit: number,
  cursor?: string,
): Promise<{ invoiceIds: string[]; nextCursor?: string }> {
  const parsed = cursor
    ? sweepCursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()))
    : undefined;
  let at: z.infer<typeof sweepCursorSchema> = parsed?.success ? parsed.data : { shard: 0 };
  const invoiceIds: string[] = [];
  // A page goes on into the next shards while it has room: a run of N pages then covers N pages of cases
  // however sparsely they are spread over the shards.
  while (at.shard < CUSTOMER_SHARDS && invoiceIds.length < limit) {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerPk = :shard',
        ExpressionAttributeValues: { ':shard': shardKey(at.shard) },
        ProjectionExpression: 'pk, sk, customerPk, customerSk',
        Limit: limit - invoiceIds.length,
        ExclusiveStartKey: at.after,
      }),
    );
    invoiceIds.push(...(page.Items ?? []).map(invoiceIdOf));
    at = page.LastEvaluatedKey
      ? { shard: at.shard, after: z.record(z.string(), z.string()).parse(page.LastEvaluatedKey) }
      : { shard: at.shard + 1 };
  }
  return {
    invoiceIds,
    ...(at.shard < CUSTOMER_SHARDS
      ? { nextCursor: Buffer.from(JSON.stringify(at)).toString('base64url') }
      : {}),
  };
}

const SWEEP_KEY = { pk: 'SWEEP', sk: 'OPEN-CASES' };

/**
 * The open cases page by page, and where the periodic sweep stopped. Only the sweep function reads them, so it
 * installs them (the other functions carry neither this module nor its cursor schema).
 */
export class OpenCaseSweep {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  page(limit: number, cursor?: string): Promise<{ invoiceIds: string[]; nextCursor?: string }> {
    return openCasePage(this.documents, this.tableName, limit, cursor);
  }

  /** Where the last sweep stopped; undefined starts from the beginning. */
  async sweepCursor(): Promise<string | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: SWEEP_KEY }));
    return Item ? z.optional(z.string()).parse(Item.cursor) : undefined;
  }

  async saveSweepCursor(cursor: string | undefined): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...SWEEP_KEY, ...(cursor ? { cursor } : {}) } }),
    );
  }
}
