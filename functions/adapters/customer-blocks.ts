import * as z from '../domain/zod.js';
import type { CustomerBlock, CustomerBlockStore } from '../workflow/customer-blocks.js';
import {
  ConditionalCheckFailedException,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from './aws/dynamodb.js';
import { customerRangePrefix, customerShardKey } from './case-keys.js';

const blockKey = (customerId: string, blockId: string) => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `BLOCK#${blockId}`,
});
const blockItemSchema = z.object({ blockId: z.string(), reason: z.string(), since: z.string() });
const PAGE = 100;

/**
 * A customer's dunning blocks, one item per block in the customer's partition: setting one is a conditional
 * put (a redelivered event finds it there), releasing it a delete. Cases opened meanwhile read them.
 */
export class CustomerBlockRepository implements CustomerBlockStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(customerId: string, block: CustomerBlock): Promise<'added' | 'exists'> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...blockKey(customerId, block.blockId), ...block },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async remove(customerId: string, blockId: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: blockKey(customerId, blockId) }),
    );
  }

  /** The blocks in force, from the customer's own partition (a consistent read: a case opened now sees them). */
  async active(customerId: string): Promise<CustomerBlock[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :block)',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':block': 'BLOCK#' },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => blockItemSchema.parse(item));
  }

  /** Every open case of the customer, page by page from the byCustomer index (which holds open cases only). */
  async *openInvoiceIds(customerId: string): AsyncGenerator<string> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byCustomer',
          KeyConditionExpression: 'customerPk = :shard AND begins_with(customerSk, :customer)',
          ExpressionAttributeValues: {
            ':shard': customerShardKey(customerId),
            ':customer': customerRangePrefix(customerId),
          },
          Limit: PAGE,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        yield z.string().check(z.startsWith('CASE#')).parse(item.pk).slice('CASE#'.length);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
