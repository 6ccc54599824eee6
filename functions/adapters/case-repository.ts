import { caseStatusSchema, type DunningCase } from '../domain/case.js';
import * as z from '../domain/zod.js';
import type { Outbox, TimelineRecord } from '../workflow/outbox.js';
import { timelineRecordSchema } from '../workflow/outbox.js';
import {
  ConditionalCheckFailedException,
  conditionHeld,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from './aws/dynamodb.js';
import {
  CASE_ITEMS_RANGE,
  caseKey,
  coldDigestOf,
  coldItem,
  hotItem,
  hotUpdate,
  invoiceIdOf,
  type StoredCase,
  storedCaseOf,
} from './case-items.js';
import { customerRangePrefix, customerShardKey } from './case-keys.js';

export { caseItems, type StoredCase } from './case-items.js';

/** Another writer changed the case since it was read: reload and apply the event again. */
export class CaseVersionConflictError extends Error {
  constructor(invoiceId: string) {
    super(`case ${invoiceId} was changed concurrently`);
    this.name = 'CaseVersionConflictError';
  }
}

const timelineSortKey = (version: number, index: number) =>
  `EVT#${String(version).padStart(8, '0')}#${String(index).padStart(3, '0')}`;

/** One of the customer's open cases as the byCustomer index holds it. */
const exposureCaseSchema = z.object({
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  status: caseStatusSchema,
  openCents: z.int(),
});
export type ExposureCase = z.infer<typeof exposureCaseSchema>;
export interface CustomerOpenCases {
  cases: ExposureCase[];
  /** The customer has more open cases than were read. */
  more: boolean;
}

/** A timeline item: one line, or the lines of one case version. */
const timelineItemSchema = z.union([
  z.pipe(
    z.object({ lines: z.array(timelineRecordSchema) }),
    z.transform(({ lines }) => lines),
  ),
  z.pipe(
    timelineRecordSchema,
    z.transform((line) => [line]),
  ),
]);

/**
 * Cases and their timelines in the single table. Every write is one conditional put or update, so a retry
 * is harmless; what else must happen after a change (timeline entries, outbound events, finishing tasks)
 * is stored in an outbox on the case item in the same write and carried out afterwards (at least once).
 */
export class CaseRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The case and its outbox: one consistent Query of its hot and cold items. */
  async get(invoiceId: string): Promise<StoredCase | undefined> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': caseKey(invoiceId).pk,
          ':from': CASE_ITEMS_RANGE.from,
          ':to': CASE_ITEMS_RANGE.to,
        },
        ConsistentRead: true,
      }),
    );
    return storedCaseOf(invoiceId, Items);
  }

  /**
   * Writes the case and its outbox; `expectedVersion` undefined means "create, must not exist yet". A change
   * that leaves the cold part as stored updates the hot item alone; otherwise a new cold item is written
   * first and then the whole hot item naming it. Either way the hot item's version condition decides.
   */
  async put(
    dunningCase: DunningCase,
    outbox: Outbox | null,
    expectedVersion: number | undefined,
  ): Promise<void> {
    if (expectedVersion !== undefined && (await this.updateHot(dunningCase, outbox, expectedVersion))) return;
    // The cold item's key is its content's digest: writing it again, or for nothing, harms no reader.
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: coldItem(dunningCase) }));
    const written = await this.putIf(
      hotItem(dunningCase, outbox),
      expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expectedVersion',
      expectedVersion === undefined ? undefined : { ':expectedVersion': expectedVersion },
    );
    if (!written) throw new CaseVersionConflictError(dunningCase.invoiceId);
  }

  /**
   * Updates the hot item if it has `expectedVersion` and names a cold item with the case's cold part; false
   * when the cold part differs (or the item has the older shape), so the caller writes both items instead.
   */
  private async updateHot(dunningCase: DunningCase, outbox: Outbox | null, expectedVersion: number) {
    const { update, names, values } = hotUpdate(dunningCase, outbox);
    const updated = await this.updateCaseIf(
      dunningCase.invoiceId,
      update,
      'version = :expectedVersion AND coldDigest = :coldDigest',
      { ...values, ':expectedVersion': expectedVersion, ':coldDigest': coldDigestOf(dunningCase) },
      names,
    );
    if (updated) return true;
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: caseKey(dunningCase.invoiceId),
        ProjectionExpression: 'version, coldDigest',
        ConsistentRead: true,
      }),
    );
    if (Item?.version !== expectedVersion) throw new CaseVersionConflictError(dunningCase.invoiceId);
    return false;
  }

  /** One conditional put; false when its condition did not hold. */
  private async putIf(
    item: Record<string, unknown>,
    condition: string,
    values: Record<string, unknown> | undefined,
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Clears the outbox once carried out, unless a newer change already replaced it. */
  async clearOutbox(invoiceId: string, version: number): Promise<void> {
    await this.updateCaseIf(invoiceId, 'SET outbox = :none', 'version = :version', {
      ':none': null,
      ':version': version,
    });
  }

  /**
   * Takes over an outbox whose lease ran out (its writer died or stalled): one reader wins the conditional
   * update and carries it out; the others leave it alone.
   */
  claimOutbox(invoiceId: string, version: number, nowMs: number, untilMs: number): Promise<boolean> {
    return this.updateCaseIf(
      invoiceId,
      'SET outbox.leaseExpiresAtMs = :until',
      'version = :version AND attribute_type(outbox, :map) AND ' +
        '(attribute_not_exists(outbox.leaseExpiresAtMs) OR outbox.leaseExpiresAtMs <= :now)',
      { ':version': version, ':map': 'M', ':now': nowMs, ':until': untilMs },
    );
  }

  async releaseOutbox(invoiceId: string, version: number): Promise<void> {
    await this.updateCaseIf(
      invoiceId,
      'SET outbox.leaseExpiresAtMs = :released',
      'version = :version AND attribute_type(outbox, :map)',
      { ':version': version, ':map': 'M', ':released': 0 },
    );
  }

  /**
   * Marks the outbox of `version` as carried out on its timeline item (a small item: far cheaper than
   * rewriting the case item and its index entries to clear the outbox).
   */
  async markOutboxDone(invoiceId: string, version: number): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `CASE#${invoiceId}`, sk: timelineSortKey(version, 0) },
        UpdateExpression: 'SET outboxDone = :done',
        ExpressionAttributeValues: { ':done': true },
      }),
    );
  }

  /** Whether the outbox of `version` was carried out (its timeline item says so). */
  async outboxDone(invoiceId: string, version: number): Promise<boolean> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CASE#${invoiceId}`, sk: timelineSortKey(version, 0) },
        ProjectionExpression: 'outboxDone',
        ConsistentRead: true,
      }),
    );
    return Item?.outboxDone === true;
  }

  /** One conditional update of the case item; false when its condition did not hold. */
  private async updateCaseIf(
    invoiceId: string,
    update: string,
    condition: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseKey(invoiceId),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        }),
      ),
    );
  }

  /**
   * The lines of one case version go into one item keyed by the version (a change that records a payment and
   * closes the case writes one item, not two), so writing them again is a no-op. A single line is stored as
   * the line itself, several as `lines`; older items hold one line each and read the same.
   */
  async appendTimeline(
    invoiceId: string,
    version: number,
    records: readonly TimelineRecord[],
    options: { outboxDone?: boolean } = {},
  ): Promise<void> {
    const [first, ...more] = records;
    if (!first) return;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `CASE#${invoiceId}`,
            sk: timelineSortKey(version, 0),
            ...(more.length === 0 ? first : { lines: records }),
            // An outbox of timeline lines alone is carried out by this write: it says so in the same item.
            ...(options.outboxDone ? { outboxDone: true } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (options.outboxDone) await this.markOutboxDone(invoiceId, version);
    }
  }

  /**
   * Up to `limit` open cases of a customer, oldest due date first, and whether there are more: one Query
   * of the customer's range in the byCustomer index, however many invoices the customer has.
   */
  async openCasesOfCustomer(customerId: string, limit: number): Promise<CustomerOpenCases> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCustomer',
        KeyConditionExpression: 'customerPk = :shard AND begins_with(customerSk, :customer)',
        ExpressionAttributeValues: {
          ':shard': customerShardKey(customerId),
          ':customer': customerRangePrefix(customerId),
        },
        Limit: limit + 1,
      }),
    );
    const cases = Items.map((item) => exposureCaseSchema.parse({ ...item, invoiceId: invoiceIdOf(item) }));
    return { cases: cases.slice(0, limit), more: cases.length > limit };
  }

  async timeline(invoiceId: string): Promise<TimelineRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${invoiceId}`, ':prefix': 'EVT#' },
    });
    return items.flatMap((item) => timelineItemSchema.parse(item));
  }

  /** Every item a query finds, page by page (only for reads bounded by their key: one case, the tests). */
  protected async queryAll(
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
