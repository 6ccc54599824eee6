import { MAX_CALL_MEMBERS } from '../domain/customer-call.js';
import { nonEmptyStringSchema } from '../domain/shared-schemas.js';
import { taskSchema } from '../domain/task.js';
import * as z from '../domain/zod.js';
import type { CustomerCallStore } from '../workflow/customer-call.js';
import {
  conditionHeld,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from './aws/dynamodb.js';
import { taskKey } from './task-keys.js';

/**
 * The customer's open call (`CUSTOMER#<id>` / `CALL`): which call task the customer's next case at a call level
 * joins. One small item per customer, written with single conditional puts only: it is moved from one call task
 * to the next only by whoever read the task it names, so of two executions starting a call at once one wins and
 * the other joins it. Members are appended to the call task itself (`members`), conditional on the call still
 * taking members; appending the same member again is a no-op.
 */
export const customerCallKey = (customerId: string) => ({
  pk: `CUSTOMER#${encodeURIComponent(customerId)}`,
  sk: 'CALL' as const,
});

const pointerSchema = z.object({ leadTaskId: nonEmptyStringSchema });

export class CustomerCalls implements CustomerCallStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(customerId: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: customerCallKey(customerId), ConsistentRead: true }),
    );
    return Item ? pointerSchema.parse(Item).leadTaskId : undefined;
  }

  async point(customerId: string, leadTaskId: string, previous: string | undefined, at: string) {
    return conditionHeld(async () => {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...customerCallKey(customerId), leadTaskId, customerId, at },
          ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'leadTaskId = :previous',
          ExpressionAttributeValues: previous === undefined ? undefined : { ':previous': previous },
        }),
      );
    });
  }

  async attach(leadTaskId: string, memberTaskId: string): Promise<boolean> {
    const attached = await conditionHeld(async () => {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(leadTaskId),
          UpdateExpression: 'SET members = list_append(if_not_exists(members, :empty), :member)',
          ConditionExpression: [
            'attribute_exists(pk)',
            '#status = :open',
            'outcome = :none',
            '(attribute_not_exists(sharedOutcome) OR sharedOutcome = :none)',
            '(attribute_not_exists(leadTaskId) OR leadTaskId = :none)',
            'NOT contains(members, :memberId)',
            '(attribute_not_exists(members) OR size(members) < :most)',
          ].join(' AND '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':empty': [],
            ':member': [memberTaskId],
            ':memberId': memberTaskId,
            ':most': MAX_CALL_MEMBERS - 1,
            ':open': 'open',
            ':none': null,
          },
        }),
      );
    });
    if (attached) return true;
    // A retried step finds itself a member already; anything else means the call takes no more members.
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: taskKey(leadTaskId), ConsistentRead: true }),
    );
    return Item !== undefined && taskSchema.parse(Item).members.includes(memberTaskId);
  }
}
