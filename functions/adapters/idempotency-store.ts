import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { IdempotencyRecordStatusValue } from '@aws-lambda-powertools/idempotency/types';
import {
  ConditionalCheckFailedException,
  DeleteCommand,
  type DocumentClient,
  GetCommand,
  type Item,
  PutCommand,
  UpdateCommand,
} from './aws/dynamodb.js';
import { unmarshall } from './aws/dynamodb-codec.js';
import { AwsServiceError } from './aws/errors.js';

type RecordOptions = ConstructorParameters<typeof IdempotencyRecord>[0];

const { statusAttr, expiryAttr, inProgressExpiryAttr, dataAttr, validationKeyAttr } =
  PERSISTENCE_ATTRIBUTE_KEY_MAPPINGS;
/** The idempotency table's partition key (infra/table-definitions.ts); it has no sort key. */
const KEY_ATTR = 'id';
const STATUSES: readonly string[] = Object.values(IdempotencyRecordStatus);

/**
 * Powertools idempotency records in DynamoDB through the product's own document client, in place of
 * Powertools' DynamoDBPersistenceLayer (which needs the AWS SDK): the same item layout and the same
 * conditions, so records written by either read the same.
 */
export class IdempotencyStore extends BasePersistenceLayer {
  constructor(
    private readonly documents: () => DocumentClient,
    private readonly tableName: string,
  ) {
    super();
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const { Item } = await this.documents().send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [KEY_ATTR]: idempotencyKey },
        ConsistentRead: true,
      }),
    );
    if (!Item) throw new IdempotencyItemNotFoundError();
    return recordOf(Item);
  }

  /**
   * Saves the record unless one exists that is neither expired nor an in-progress record whose invocation
   * timed out; the existing record comes back with the refusal.
   */
  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const now = Date.now();
    try {
      await this.documents().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [KEY_ATTR]: record.idempotencyKey,
            [expiryAttr]: record.expiryTimestamp,
            [statusAttr]: record.getStatus(),
            [inProgressExpiryAttr]: record.inProgressExpiryTimestamp,
            ...(this.isPayloadValidationEnabled() ? { [validationKeyAttr]: record.payloadHash } : {}),
          },
          ConditionExpression: [
            'attribute_not_exists(#id)',
            '#expiry < :now',
            '(#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
          ].join(' OR '),
          ExpressionAttributeNames: {
            '#id': KEY_ATTR,
            '#expiry': expiryAttr,
            '#in_progress_expiry': inProgressExpiryAttr,
            '#status': statusAttr,
          },
          ExpressionAttributeValues: {
            ':now': now / 1000,
            ':now_in_millis': now,
            ':inprogress': IdempotencyRecordStatus.INPROGRESS,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The refusal carries the stored record (ALL_OLD) in DynamoDB's wire format.
      const existing = error instanceof AwsServiceError ? error.details.Item : undefined;
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        typeof existing === 'object' && existing !== null ? recordOf(unmarshall(existing)) : undefined,
      );
    }
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    const names: Record<string, string> = { '#expiry': expiryAttr, '#status': statusAttr };
    const values: Item = { ':expiry': record.expiryTimestamp, ':status': record.getStatus() };
    const fields = ['#expiry = :expiry', '#status = :status'];
    if (record.responseData !== undefined) {
      fields.push('#response_data = :response_data');
      names['#response_data'] = dataAttr;
      values[':response_data'] = record.responseData;
    }
    if (this.isPayloadValidationEnabled()) {
      fields.push('#validation_key = :validation_key');
      names['#validation_key'] = validationKeyAttr;
      values[':validation_key'] = record.payloadHash;
    }
    await this.documents().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [KEY_ATTR]: record.idempotencyKey },
        UpdateExpression: `SET ${fields.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.documents().send(
      new DeleteCommand({ TableName: this.tableName, Key: { [KEY_ATTR]: record.idempotencyKey } }),
    );
  }
}

function recordOf(item: Item): IdempotencyRecord {
  const status = item[statusAttr];
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw new Error(`idempotency record ${String(item[KEY_ATTR])} has no valid status`);
  }
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const payloadHash = item[validationKeyAttr];
  return new IdempotencyRecord({
    idempotencyKey: String(item[KEY_ATTR]),
    status: status as IdempotencyRecordStatusValue,
    expiryTimestamp: number(item[expiryAttr]),
    inProgressExpiryTimestamp: number(item[inProgressExpiryAttr]),
    responseData: item[dataAttr] as RecordOptions['responseData'],
    payloadHash: typeof payloadHash === 'string' ? payloadHash : undefined,
  });
}
