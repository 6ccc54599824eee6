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

export interface TableDefinition extends KeyDefinition {
  /** Logical name; the physical name comes from the environment (CDK) or the local stack. */
  readonly id: string;
  /** The table's global secondary indexes (all attributes projected); may be empty. */
  readonly globalSecondaryIndexes: readonly (KeyDefinition & { readonly indexName: string })[];
  /**
   * The attribute DynamoDB's TTL reads (epoch seconds).
   *
   * @default - none: items never expire
   */
  readonly timeToLiveAttribute?: string;
}

/**
 * One table for cases, timelines, payments and tasks (DESIGN.md section 4):
 * - CASE#<invoiceId> / CASE                the case
 * - CASE#<invoiceId> / EVT#<iso>#<n>       timeline entry (append-only, never expires: § 257 HGB)
 * - CASE#<invoiceId> / PAY#<paymentId>     payment
 * - TASK#<taskId>    / TASK                call, approval or dispute-resolution task
 */
export const dunningTable: TableDefinition = {
  id: 'DunningTable',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    // QUEUE#<queue>#<status> / <inverted priority>#<due (UTC)>: the caller's list is one Query, never a Scan.
    { indexName: 'byQueue', partitionKey: 'queuePk', sortKey: 'queueSk' },
    // CUSTOMER#<customerId> / CASE#<invoiceId>: a caller sees the customer's whole exposure.
    { indexName: 'byCustomer', partitionKey: 'customerPk', sortKey: 'customerSk' },
    // CASE#<invoiceId> / TASK#<taskId>: the open tasks of a case, to finish them when it closes.
    { indexName: 'byCase', partitionKey: 'casePk', sortKey: 'caseSk' },
    // STATUS#<status> / <due date>#<invoiceId>: reports read cases per status with a Query, never a Scan.
    { indexName: 'byStatus', partitionKey: 'statusPk', sortKey: 'statusSk' },
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
