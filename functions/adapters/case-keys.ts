import { type DunningCase, isTerminal } from '../domain/case.js';

/*
 * The byCustomer index holds the open cases sorted by customer within a few shards: a customer's open cases
 * are one range of one shard (a bounded Query), and the report job walks each shard customer by customer.
 * Sharding spreads the index's writes over partitions; the shard of a customer never changes. Closed cases
 * move to the same shard number under CLOSED#: the customer's history is one range too, the report job walks
 * them shard by shard like the open ones, and the exposure read never sees them.
 */

/** How many byCustomer partitions the open cases are spread over. */
export const CUSTOMER_SHARDS = 16;

/** FNV-1a over the id's UTF-16 code units: stable across runtimes and cheap. */
function customerShard(customerId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < customerId.length; index++) {
    hash ^= customerId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % CUSTOMER_SHARDS;
}

export const shardKey = (shard: number) => `OPEN#${String(shard).padStart(2, '0')}`;
export const closedShardKey = (shard: number) => `CLOSED#${String(shard).padStart(2, '0')}`;
export const customerShardKey = (customerId: string) => shardKey(customerShard(customerId));
export const closedCustomerShardKey = (customerId: string) => closedShardKey(customerShard(customerId));

/** The customer id escaped so that `#` only ever separates, and one customer's range never holds another's. */
export const customerRangePrefix = (customerId: string) => `${encodeURIComponent(customerId)}#`;

/** The byCustomer key of a case: its customer's open or closed shard, then customer, due date and invoice. */
export function byCustomerKey(dunningCase: DunningCase) {
  const customerId = dunningCase.invoice.customer.id;
  return {
    customerPk: isTerminal(dunningCase.status)
      ? closedCustomerShardKey(customerId)
      : customerShardKey(customerId),
    customerSk: `${customerRangePrefix(customerId)}${dunningCase.invoice.dueDate}#${dunningCase.invoiceId}`,
  };
}
