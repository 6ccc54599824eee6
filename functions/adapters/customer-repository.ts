import { caseStatusSchema } from '../domain/case.js';
import { type CustomerCase, customerCaseSchema } from '../domain/customer-case.js';
import { normaliseName, normaliseNumber, type SearchKind, searchKindSchema } from '../domain/search-terms.js';
import * as z from '../domain/zod.js';
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from './aws/dynamodb.js';
import { closedCustomerShardKey, customerRangePrefix, customerShardKey } from './case-keys.js';
import {
  customerTasksPartition,
  invoiceNumberPartition,
  namePartition,
  queueRangePrefix,
} from './search-keys.js';
import { InvalidCursorError } from './task-keys.js';

/*
 * The reads behind the search and the customer page. Each is one bounded Query per range (a limit of at most
 * `limit + 1` items) and at most one BatchGet of the hits; none scans, none filters away what it read.
 */

/** One index range: a partition, optionally narrowed to the sort keys that begin with a prefix. */
interface Range {
  index: 'bySearch' | 'byCase' | 'byCustomer';
  partition: string;
  prefix: string;
  newestFirst?: boolean;
}

const INDEX_KEYS = {
  bySearch: ['searchPk', 'searchSk'],
  byCase: ['casePk', 'caseSk'],
  byCustomer: ['customerPk', 'customerSk'],
} as const;

/** Where a page of ranges continues: the range, and the key of the last item taken from it. */
const positionSchema = z.strictObject({
  part: z.int().check(z.gte(0), z.lte(1)),
  after: z.optional(z.record(z.string(), z.string())),
});
type Position = z.infer<typeof positionSchema>;
const searchCursorSchema = z.extend(positionSchema, { kind: searchKindSchema });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** The kind a search cursor continues (a later page needs no `kind` of its own). */
export const kindOfCursor = (cursor: string): SearchKind => decode(searchCursorSchema, cursor).kind;

function decode<S extends z.ZodMiniType>(schema: S, text: string): z.output<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
}

/** The invoice id of a case item, from its table key (every index carries it). */
const invoiceIdOf = (item: Record<string, unknown>) =>
  z.string().check(z.startsWith('CASE#')).parse(item.pk).slice('CASE#'.length);

/** One search hit: the fields the result list shows, read from the case item. */
const searchHitSchema = z.object({
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  status: caseStatusSchema,
  openCents: z.int(),
  dueDate: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export interface Page<T> {
  items: T[];
  /** Opaque; null when there is nothing more. */
  nextCursor: string | null;
}

/** How often unprocessed keys of a BatchGet are asked for again before the read fails. */
const BATCH_ATTEMPTS = 5;

export class CustomerRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * One page of cases found by a search: by name prefix (bySearch), by invoice number or customer number
   * (exact, after normalisation for the invoice number). The cursor names its kind; one of another kind, or
   * whose key lies outside the searched ranges, throws InvalidCursorError.
   */
  async search(kind: SearchKind, term: string, limit: number, cursor?: string): Promise<Page<SearchHit>> {
    const ranges = searchRanges(kind, term);
    const at = cursor ? decode(searchCursorSchema, cursor) : { kind, part: 0 };
    if (at.kind !== kind) throw new InvalidCursorError();
    const page = await this.pageOf(ranges, limit, at);
    const hits = await this.hits(page.items.map(invoiceIdOf));
    return { items: hits, nextCursor: page.next ? encode({ kind, ...page.next }) : null };
  }

  /** Up to `limit` open cases of the customer, oldest due first, and whether there are more. */
  async openCases(customerId: string, limit: number): Promise<{ cases: CustomerCase[]; more: boolean }> {
    const page = await this.pageOf([customerRange(customerShardKey(customerId), customerId)], limit);
    return { cases: page.items.map(customerCaseOf), more: page.next !== null };
  }

  /** One page of the customer's closed cases, latest due first. */
  async closedCases(customerId: string, limit: number, cursor?: string): Promise<Page<CustomerCase>> {
    const range = { ...customerRange(closedCustomerShardKey(customerId), customerId), newestFirst: true };
    const page = await this.pageOf([range], limit, cursor ? decode(positionSchema, cursor) : undefined);
    return { items: page.items.map(customerCaseOf), nextCursor: page.next ? encode(page.next) : null };
  }

  /** Whether the customer has a task (of any status) in one of the queues: one Query per queue, one key each. */
  async hasTaskIn(customerId: string, queues: readonly string[]): Promise<boolean> {
    const found = await Promise.all(
      queues.map(async (queue) => (await this.taskKeys(customerId, queue, 1)).length > 0),
    );
    return found.includes(true);
  }

  /** The ids of the customer's newest `limit` tasks in the queues, newest first. */
  async recentTaskIds(customerId: string, queues: readonly string[], limit: number): Promise<string[]> {
    const keys = (await Promise.all(queues.map((queue) => this.taskKeys(customerId, queue, limit)))).flat();
    return keys
      .sort((a, b) => b.created.localeCompare(a.created))
      .slice(0, limit)
      .map((key) => key.taskId);
  }

  private async taskKeys(customerId: string, queue: string, limit: number) {
    const { Items = [] } = await this.query(
      { index: 'bySearch', partition: customerTasksPartition(customerId), prefix: queueRangePrefix(queue) },
      { Limit: limit, ScanIndexForward: false },
    );
    return Items.map((item) => {
      const [created = '', taskId = ''] = z
        .string()
        .parse(item.searchSk)
        .slice(queueRangePrefix(queue).length)
        .split('#');
      return { created, taskId };
    });
  }

  /**
   * Up to `limit` items of the ranges in order, from where `at` stands: one Query per range touched, each
   * asking for one item more than it may take, so the page knows whether anything follows.
   */
  private async pageOf(
    ranges: readonly Range[],
    limit: number,
    at: Position = { part: 0 },
  ): Promise<{ items: Record<string, unknown>[]; next: Position | null }> {
    const items: Record<string, unknown>[] = [];
    let { part, after } = at;
    if (after) checkPosition(ranges[part], after);
    while (part < ranges.length) {
      const range = ranges[part];
      if (!range) break;
      const wanted = limit - items.length;
      const { Items = [] } = await this.query(range, {
        Limit: wanted + 1,
        ExclusiveStartKey: after,
        ScanIndexForward: !range.newestFirst,
      });
      items.push(...Items.slice(0, wanted));
      const last = items.at(-1);
      if (Items.length > wanted && last) return { items, next: { part, after: keyOf(range, last) } };
      part += 1;
      after = undefined;
      if (items.length === limit) return { items, next: part < ranges.length ? { part } : null };
    }
    return { items, next: null };
  }

  private query(
    range: Range,
    page: { Limit: number; ExclusiveStartKey?: Record<string, string>; ScanIndexForward: boolean },
  ) {
    const [partitionKey, sortKey] = INDEX_KEYS[range.index];
    return this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: range.index,
        KeyConditionExpression: `${partitionKey} = :partition AND begins_with(${sortKey}, :prefix)`,
        ExpressionAttributeValues: { ':partition': range.partition, ':prefix': range.prefix },
        ...page,
      }),
    );
  }

  /** The result list's fields of each case, in the order of the ids: one BatchGet (at most 100 keys). */
  private async hits(invoiceIds: readonly string[]): Promise<SearchHit[]> {
    const found = new Map<string, SearchHit>();
    let keys = invoiceIds.map((invoiceId) => ({ pk: `CASE#${invoiceId}`, sk: 'CASE' }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new Error('the search hits could not be read');
      const { Responses, UnprocessedKeys } = await this.documents.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: keys,
              ProjectionExpression:
                'pk, invoiceNumber, customerId, customerName, openCents, dueDate, #status, #case.invoice.customer.#name',
              // Items stored before the case was split carry the name only inside the whole case.
              ExpressionAttributeNames: { '#status': 'status', '#case': 'case', '#name': 'name' },
            },
          },
        }),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        const hit = searchHitOf(item);
        found.set(hit.invoiceId, hit);
      }
      keys = z
        .array(z.object({ pk: z.string(), sk: z.string() }))
        .parse(UnprocessedKeys?.[this.tableName]?.Keys ?? []);
    }
    return invoiceIds.flatMap((invoiceId) => found.get(invoiceId) ?? []);
  }
}

const legacyCaseNameSchema = z.object({
  case: z.object({ invoice: z.object({ customer: z.object({ name: z.string() }) }) }),
});

function searchHitOf(item: Record<string, unknown>): SearchHit {
  return searchHitSchema.parse({
    ...item,
    invoiceId: invoiceIdOf(item),
    customerName:
      typeof item.customerName === 'string'
        ? item.customerName
        : legacyCaseNameSchema.parse(item).case.invoice.customer.name,
  });
}

const customerCaseOf = (item: Record<string, unknown>) =>
  customerCaseSchema.parse({ ...item, invoiceId: invoiceIdOf(item) });

const customerRange = (partition: string, customerId: string): Range => ({
  index: 'byCustomer',
  partition,
  prefix: customerRangePrefix(customerId),
});

/** The index ranges a search reads, in the order its results are listed. */
function searchRanges(kind: SearchKind, term: string): Range[] {
  switch (kind) {
    case 'name': {
      const name = normaliseName(term);
      return [{ index: 'bySearch', partition: namePartition(name), prefix: name }];
    }
    case 'invoice':
      return [{ index: 'byCase', partition: invoiceNumberPartition(normaliseNumber(term)), prefix: 'CASE#' }];
    case 'customer':
      // A customer's open cases first, then the closed ones.
      return [
        customerRange(customerShardKey(term), term),
        { ...customerRange(closedCustomerShardKey(term), term), newestFirst: true },
      ];
  }
}

/** The key to continue after `item` in `range`: the table's key and the index's. */
function keyOf(range: Range, item: Record<string, unknown>): Record<string, string> {
  const names = ['pk', 'sk', ...INDEX_KEYS[range.index]];
  return Object.fromEntries(names.map((name) => [name, z.string().parse(item[name])]));
}

/** A cursor's key must be a case item's key inside the range it claims, or DynamoDB would fail the query. */
function checkPosition(range: Range | undefined, after: Record<string, string>): void {
  if (!range) throw new InvalidCursorError();
  const [partitionKey, sortKey] = INDEX_KEYS[range.index];
  const names = Object.keys(after).sort();
  const inRange =
    names.join() === ['pk', 'sk', partitionKey, sortKey].sort().join() &&
    after.pk?.startsWith('CASE#') === true &&
    after.sk === 'CASE' &&
    after[partitionKey] === range.partition &&
    after[sortKey]?.startsWith(range.prefix) === true;
  if (!inRange) throw new InvalidCursorError();
}
