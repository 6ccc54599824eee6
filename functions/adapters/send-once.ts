import { createHash } from 'node:crypto';
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

/**
 * The idempotency table's record layout (infra/table-definitions.ts: partition key `id`, TTL `expiration`). It is
 * the layout Powertools idempotency writes, which the product used before: a send in flight during a deploy is
 * still recognised afterwards.
 */
const KEY = 'id';
const EXPIRES_AT_SECONDS = 'expiration';
const IN_PROGRESS_UNTIL_MS = 'in_progress_expiration';
const STATUS = 'status';
const RESULT = 'data';
const IN_PROGRESS = 'INPROGRESS';
const COMPLETED = 'COMPLETED';

/** A second send of a key whose first send has not finished: the state machine retries the step later. */
export class IdempotencyAlreadyInProgressError extends Error {
  constructor(key: string) {
    super(`a send for idempotency key ${key} is still in progress`);
    this.name = 'IdempotencyAlreadyInProgressError';
  }
}

export interface SendOnceOptions {
  /** How long a completed send answers its retries. */
  readonly keepSeconds: number;
  /** The key's prefix; the function's name, so each function keeps its own sends apart. */
  readonly prefix: string;
  readonly now?: () => number;
}

/**
 * Runs a send (an email to SES) at most once per key and answers every retry with the first send's result
 * (the message id). The record is claimed before the send and completed after it; a send that fails gives its
 * claim up so a retry sends, and a claim whose invocation ran out of time lapses with it.
 */
export class SendOnce {
  private remainingMillis: () => number | undefined = () => undefined;

  constructor(
    private readonly documents: () => DocumentClient,
    private readonly tableName: string,
    private readonly options: SendOnceOptions,
  ) {}

  /** A claim lives as long as the invocation that holds it (none registered: until the record expires). */
  registerRemainingTime(remainingMillis: () => number): void {
    this.remainingMillis = remainingMillis;
  }

  async run(key: string, send: () => Promise<string>): Promise<string> {
    const id = this.recordId(key);
    const earlier = await this.claim(id);
    if (earlier !== undefined) return earlier;
    let result: string;
    try {
      result = await send();
    } catch (error) {
      await this.documents().send(new DeleteCommand({ TableName: this.tableName, Key: { [KEY]: id } }));
      throw error;
    }
    await this.documents().send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [KEY]: id },
        UpdateExpression: 'SET #status = :completed, #result = :result, #expires = :expires',
        ExpressionAttributeNames: { '#status': STATUS, '#result': RESULT, '#expires': EXPIRES_AT_SECONDS },
        ExpressionAttributeValues: {
          ':completed': COMPLETED,
          ':result': result,
          ':expires': this.expiresAt(),
        },
      }),
    );
    return result;
  }

  /** The same id Powertools derived: `<prefix>#<base64 md5 of the JSON key>`. */
  private recordId(key: string): string {
    const hash = createHash('md5').update(JSON.stringify(key)).digest('base64');
    return `${this.options.prefix}#${hash}`;
  }

  private expiresAt(): number {
    return Math.floor(this.now() / 1000) + this.options.keepSeconds;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async read(id: string): Promise<Item | undefined> {
    const { Item } = await this.documents().send(
      new GetCommand({ TableName: this.tableName, Key: { [KEY]: id }, ConsistentRead: true }),
    );
    return Item;
  }

  /** Claims the key, or answers the earlier send's result; a claim still held by another send refuses. */
  private async claim(id: string): Promise<string | undefined> {
    const now = this.now();
    const remaining = this.remainingMillis();
    try {
      await this.documents().send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [KEY]: id,
            [STATUS]: IN_PROGRESS,
            [EXPIRES_AT_SECONDS]: this.expiresAt(),
            ...(remaining === undefined ? {} : { [IN_PROGRESS_UNTIL_MS]: now + remaining }),
          },
          ConditionExpression:
            'attribute_not_exists(#id) OR #expires < :now OR (#status = :inProgress AND attribute_exists(#until) AND #until < :nowMillis)',
          ExpressionAttributeNames: {
            '#id': KEY,
            '#expires': EXPIRES_AT_SECONDS,
            '#status': STATUS,
            '#until': IN_PROGRESS_UNTIL_MS,
          },
          ExpressionAttributeValues: { ':now': now / 1000, ':nowMillis': now, ':inProgress': IN_PROGRESS },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = storedRecord(error) ?? (await this.read(id));
      const result = existing?.[RESULT];
      if (existing?.[STATUS] === COMPLETED && typeof result === 'string') return result;
      throw new IdempotencyAlreadyInProgressError(id);
    }
  }
}

/**
 * The record that refused the claim, which DynamoDB returns with the refusal (ALL_OLD) in its wire format; an
 * emulator that does not is read instead.
 */
function storedRecord(error: unknown): Item | undefined {
  const item = error instanceof AwsServiceError ? error.details.Item : undefined;
  return typeof item === 'object' && item !== null ? unmarshall(item) : undefined;
}
