import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { invoiceIdOf } from './case-items.js';
import { CUSTOMER_SHARDS, shardKey } from './case-keys.js';

/** Where the sweep over the open cases stands: the customer shard it reads and the last key of its last page. */
const sweepCursorSchema = z.object({
  shard: z.number().int().min(0),
  after: z.record(z.string(), z.string()).optional(),
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
  const at = parsed?.success ? parsed.data : { shard: 0 };
  if (at.shard >= CUSTOMER_SHARDS) return { invoiceIds: [] };
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'byCustomer',
      KeyConditionExpression: 'customerPk = :shard',
      ExpressionAttributeValues: { ':shard': shardKey(at.shard) },
      ProjectionExpression: 'pk, sk, customerPk, customerSk',
      Limit: limit,
      ExclusiveStartKey: at.after,
    }),
  );
  const invoiceIds = (page.Items ?? []).map(invoiceIdOf);
  const after = page.LastEvaluatedKey
    ? z.record(z.string(), z.string()).parse(page.LastEvaluatedKey)
    : undefined;
  const next = after ? { shard: at.shard, after } : { shard: at.shard + 1 };
  const done = !after && next.shard >= CUSTOMER_SHARDS;
  return {
    invoiceIds,
    ...(done ? {} : { nextCursor: Buffer.from(JSON.stringify(next)).toString('base64url') }),
  };
}
