import type { Instant, IsoDate } from '../domain/calendar.js';
import { utcInstant } from '../domain/instant.js';
import {
  type PrintBatch,
  printBatchSchema,
  printLetterStatusSchema,
  type RenderedLetter,
  renderedLetterSchema,
} from '../domain/print-batch.js';
import * as z from '../domain/zod.js';
import {
  ConditionalCheckFailedException,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from './aws/dynamodb.js';

/**
 * The print queue in the table, without a scan and without transactions:
 * - PRINTLETTER#<documentKey> / LETTER: one item per rendered letter (pending, batched, posted), written once.
 * - PRINTQUEUE / <renderedAt>#<documentKey>: every registered letter in the order it was rendered; a day's job
 *   reads those after the last batch's last entry and before its own cut (one Query, no scan, no deletes).
 * - PRINTBATCHES / <date>: the day's batch with its letters in PDF order; listed newest first.
 * Every write is a conditional or idempotent single-item write, so each retry is harmless.
 */
const letterKey = (documentKey: string) => ({ pk: `PRINTLETTER#${documentKey}`, sk: 'LETTER' });
const QUEUE_PK = 'PRINTQUEUE';
const queueKey = (renderedAt: Instant, documentKey: string) => ({
  pk: QUEUE_PK,
  sk: `${renderedAt}#${documentKey}`,
});
const BATCHES_PK = 'PRINTBATCHES';
const batchKey = (date: IsoDate) => ({ pk: BATCHES_PK, sk: date });

const letterItemSchema = z.extend(renderedLetterSchema, {
  status: printLetterStatusSchema,
  batchId: z.optional(z.string()),
});
const batchItemSchema = z.object({ batch: z.string() });

/**
 * UTC with always three fraction digits, so the queue's sort keys order as the instants do: with as many digits
 * as needed, "…:25Z" sorted after "…:25.5Z" ('Z' after '.').
 */
const utc = (instant: Instant): Instant => utcInstant(instant, 'millisecond');

const isConflict = (error: unknown) => error instanceof ConditionalCheckFailedException;

export class PrintQueue {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Registers a rendered letter for the next print batch: once per document (a repeated call finds it and only
   * restores its queue entry, should the first call have stopped between the two writes).
   */
  async letterRendered(rendered: RenderedLetter): Promise<'registered' | 'known'> {
    const letter = { ...renderedLetterSchema.parse(rendered), renderedAt: utc(rendered.renderedAt) };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...letterKey(letter.documentKey), ...letter, status: 'pending' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConflict(error)) throw error;
      const known = await this.letter(letter.documentKey);
      if (known?.status === 'pending') await this.enqueue(known);
      return 'known';
    }
    await this.enqueue(letter);
    return 'registered';
  }

  private async enqueue(letter: RenderedLetter): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...queueKey(letter.renderedAt, letter.documentKey), letter: JSON.stringify(letter) },
      }),
    );
  }

  async letter(documentKey: string): Promise<z.infer<typeof letterItemSchema> | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: letterKey(documentKey), ConsistentRead: true }),
    );
    return Item ? letterItemSchema.parse(Item) : undefined;
  }

  /**
   * The letters queued after `after` (the last batch's last queue entry; none: from the start) and rendered before
   * `cut`, oldest first, at most `limit`, each with its queue position.
   */
  async pendingBefore(
    cut: Instant,
    limit: number,
    after?: string,
  ): Promise<(RenderedLetter & { queuedAs: string })[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk AND sk < :cut',
        ExpressionAttributeValues: {
          ':pk': QUEUE_PK,
          ...(after ? { ':after': after } : { ':cut': utc(cut) }),
        },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ({
      ...renderedLetterSchema.parse(JSON.parse(z.string().parse(item.letter))),
      queuedAs: z.string().parse(item.sk),
    })).filter((letter) => letter.queuedAs < `${utc(cut)}`);
  }

  /** The letter is in `batchId`. */
  async markBatched(documentKey: string, batchId: string): Promise<void> {
    await this.setStatus(documentKey, 'batched', batchId);
  }

  async markPosted(documentKey: string, batchId: string): Promise<void> {
    await this.setStatus(documentKey, 'posted', batchId);
  }

  private async setStatus(documentKey: string, status: 'batched' | 'posted', batchId: string) {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: letterKey(documentKey),
        UpdateExpression: 'SET #status = :status, batchId = :batchId',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':batchId': batchId },
      }),
    );
  }

  /** Stores a new batch unless the day has one already; either way answers the day's batch. */
  async createBatch(batch: PrintBatch): Promise<PrintBatch> {
    try {
      await this.putBatch(batch, 'attribute_not_exists(pk)');
      return batch;
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await this.batch(batch.date);
      if (!existing) throw error;
      return existing;
    }
  }

  async saveBatch(batch: PrintBatch): Promise<void> {
    await this.putBatch(batch, 'attribute_exists(pk)');
  }

  private async putBatch(batch: PrintBatch, condition: string) {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...batchKey(batch.date),
          batch: JSON.stringify(printBatchSchema.parse(batch)),
          status: batch.status,
        },
        ConditionExpression: condition,
      }),
    );
  }

  async batch(date: IsoDate): Promise<PrintBatch | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: batchKey(date), ConsistentRead: true }),
    );
    return Item ? printBatchSchema.parse(JSON.parse(batchItemSchema.parse(Item).batch)) : undefined;
  }

  /** The newest batches first, at most `limit`. */
  async recentBatches(limit: number): Promise<PrintBatch[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': BATCHES_PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((item) => printBatchSchema.parse(JSON.parse(batchItemSchema.parse(item).batch)));
  }
}
