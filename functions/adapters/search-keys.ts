import type { DunningCase } from '../domain/case.js';
import { utcInstant } from '../domain/instant.js';
import { namePrefixOf, normaliseName, normaliseNumber } from '../domain/search-terms.js';
import type { Task } from '../domain/task.js';
import { customerRangePrefix } from './case-keys.js';

/*
 * The keys that let a person find a customer (README "Bounded reads"). Every one of them is derived from what
 * never changes after the item is created (the invoice's customer and number, a task's customer, queue and
 * creation time), and the indexes that carry them are KEYS_ONLY: a later change of the case or the task
 * rewrites the same keys and writes nothing to these indexes (one index write per entry, when it is created).
 */

/** bySearch: the name entry of a case, `NAME#<first 2 letters>` / `<name>#<customer>#<invoice>`. */
export const namePartition = (normalisedName: string) => `NAME#${namePrefixOf(normalisedName)}`;

/** byCase: the invoice-number entry of a case, `INVOICE#<number>` (exact) / `CASE#<invoice id>`. */
export const invoiceNumberPartition = (normalisedNumber: string) => `INVOICE#${normalisedNumber}`;

/** bySearch: the task entries of a customer, one range per queue, oldest first. */
export const customerTasksPartition = (customerId: string) => `TASKS#${encodeURIComponent(customerId)}`;
export const queueRangePrefix = (queue: string) => `${queue}#`;

/** The search entries a case item carries: its customer's name in bySearch, its invoice number in byCase. */
export function caseSearchKeys(dunningCase: DunningCase) {
  const { customer, invoiceNumber } = dunningCase.invoice;
  const name = normaliseName(customer.name);
  return {
    ...(name
      ? {
          searchPk: namePartition(name),
          searchSk: `${name}#${customerRangePrefix(customer.id)}${dunningCase.invoiceId}`,
        }
      : {}),
    casePk: invoiceNumberPartition(normaliseNumber(invoiceNumber)),
    caseSk: `CASE#${dunningCase.invoiceId}`,
  };
}

const utc = (instant: string) => utcInstant(instant, 'millisecond');

/** The bySearch entry of a task: who may see its customer (by queue) and the customer's contact history. */
export function taskSearchKeys(task: Pick<Task, 'customerId' | 'queue' | 'createdAt' | 'taskId'>) {
  return {
    searchPk: customerTasksPartition(task.customerId),
    searchSk: `${queueRangePrefix(task.queue)}${utc(task.createdAt)}#${task.taskId}`,
  };
}
