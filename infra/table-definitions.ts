/**
 * Keys and indexes of the product's DynamoDB tables as plain data: the CDK stack and the local stack both
 * build their tables from here, so they can never disagree. No CDK import on purpose.
 */
export interface KeyDefinition {
  /** Name of the partition key attribute (a string). */
  readonly partitionKey: string;
  /**
   * Name of the sort key attribute (a string).
   *
   * @default - none: the partition key alone is the key
   */
  readonly sortKey?: string;
}

/**
 * What an index copies of each item besides the keys. Never ALL: an index holds only what its reads need, so
 * task tokens and contact data (email, phone, address) stay in the base items.
 */
export type IndexProjection =
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };

export interface IndexDefinition extends KeyDefinition {
  readonly indexName: string;
  readonly projection: IndexProjection;
}

export interface TableDefinition extends KeyDefinition {
  /** Logical name; the physical name comes from the environment (CDK) or the local stack. */
  readonly id: string;
  /** The table's global secondary indexes; may be empty. */
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /**
   * The attribute DynamoDB's TTL reads (epoch seconds).
   *
   * @default - none: items never expire
   */
  readonly timeToLiveAttribute?: string;
}

/** What the caller's task list shows, and what the reasons report counts (never the task token). */
export const QUEUED_TASK_ATTRIBUTES = [
  'taskId',
  'kind',
  'status',
  'queue',
  'priority',
  'dueAt',
  'invoiceId',
  'invoiceNumber',
  'invoiceDueDate',
  'customerId',
  'customerName',
  'openCents',
  'currency',
  'levelId',
  'attempt',
  'salesRepInvolved',
  'claimedBy',
  'claimExpiresAt',
  'createdAt',
  'updatedAt',
  'outcomeReason',
  'outcomeDissatisfied',
] as const;

/** What a caller sees of the customer's other open cases. */
export const EXPOSURE_ATTRIBUTES = ['customerId', 'invoiceNumber', 'status', 'openCents'] as const;

/** What the report job reads of a case: figures only, no customer data. */
export const REPORT_ATTRIBUTES = [
  'status',
  'dueDate',
  'openCents',
  'paidCents',
  'closedOutcome',
  'waivedCents',
  'promisesKept',
  'promisesBroken',
  'promisesPending',
] as const;

/**
 * One table for cases, timelines, payments and tasks (DESIGN.md section 4):
 * - CASE#<invoiceId> / CASE                the case (all but its invoice, packed; see functions/adapters/case-items.ts)
 * - CASE#<invoiceId> / CASE#COLD#<digest>  the case's invoice, keyed by the digest of its content
 * - CASE#<invoiceId> / EVT#<iso>#<n>       timeline entry (append-only, never expires: § 257 HGB)
 * - CASE#<invoiceId> / PAY#<paymentId>     payment
 * - TASK#<taskId>    / TASK                call, approval or dispute-resolution task
 * - REPORTS          / SNAPSHOT | PASS     the report figures as of a time, and the job's pass computing the next
 * - CUSTOMER#<id>    / EXPOSURE            a large customer's open total as of the report job's last pass
 */
export const dunningTable: TableDefinition = {
  id: 'DunningTable',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    // QUEUE#<queue>#<status>#<kind> / <inverted priority>#<due (UTC)>: the caller's list, with or without a
    // kind, is one Query per queue and kind, never a Scan and never a filter that reads what it throws away.
    {
      indexName: 'byQueue',
      partitionKey: 'queuePk',
      sortKey: 'queueSk',
      projection: { type: 'INCLUDE', attributes: [...QUEUED_TASK_ATTRIBUTES] },
    },
    // OPEN#<shard> / <customerId>#<due date>#<invoiceId>: a customer's open cases are one bounded Query, the
    // report job walks the open cases grouped by customer, and the sweep walks them all. Closed cases lie under
    // CLOSED#<shard> with the same sort key: the customer's history, one paginated range, and what the report
    // job walks for the closed cases' figures (a closed case is in this index only, once).
    {
      indexName: 'byCustomer',
      partitionKey: 'customerPk',
      sortKey: 'customerSk',
      projection: {
        type: 'INCLUDE',
        attributes: [...new Set([...EXPOSURE_ATTRIBUTES, ...REPORT_ATTRIBUTES])],
      },
    },
    // CASE#<invoiceId> / TASK#<created (UTC)>#<taskId>: the tasks of a case, newest last; each hit is
    // confirmed by a consistent read of the task, so the keys are all the index needs. A case item files its
    // invoice number here too, INVOICE#<normalised number> / CASE#<invoiceId>: the search by invoice number.
    { indexName: 'byCase', partitionKey: 'casePk', sortKey: 'caseSk', projection: { type: 'KEYS_ONLY' } },
    // NAME#<first 2 letters> / <normalised name>#<customerId>#<invoiceId> (case items): the search by name
    // prefix, one bounded Query. TASKS#<customerId> / <queue>#<created (UTC)>#<taskId> (task items): which
    // queues a customer has tasks in, and the customer's contact history. Keys only: the keys never change,
    // so no later write of a case or a task writes this index, and it holds nothing but keys.
    {
      indexName: 'bySearch',
      partitionKey: 'searchPk',
      sortKey: 'searchSk',
      projection: { type: 'KEYS_ONLY' },
    },
  ],
};

/** Powertools idempotency records (send-reminder: one email per execution and level). */
export const idempotencyTable: TableDefinition = {
  id: 'IdempotencyTable',
  partitionKey: 'id',
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiration',
};

export const tableDefinitions = [dunningTable, idempotencyTable] as const;
