import { type DunningCase, dunningCaseSchema } from '../domain/case.js';
import { reportCaseOf } from '../domain/report-case.js';
import * as z from '../domain/zod.js';
import { type Outbox, outboxSchema } from '../workflow/outbox.js';
import { digestOf, packJson, unpackJson } from './case-item-codec.js';
import { byCustomerKey } from './case-keys.js';
import { caseSearchKeys } from './search-keys.js';

/*
 * A case is stored as two items of its partition. The hot item (sort key CASE) holds what changes: the case
 * without its invoice, packed, the outbox, the version every write is conditional on, and the attributes its
 * indexes project. The cold item holds the invoice, which never changes after the case is opened, so a change
 * writes only the small hot item. A cold item is keyed by the digest of its content (CASE#COLD#<digest>), so
 * its content never changes and writing it again is harmless; the hot item names it by that digest. A new
 * cold item is written before the hot item that names it, and a Query reads the hot item before the cold
 * items, so a reader always finds the cold item its hot item names. Items of the older shape (the whole case
 * in `case`) still load and take the new shape on their next change.
 */

export const caseKey = (invoiceId: string) => ({ pk: `CASE#${invoiceId}`, sk: 'CASE' });

/** The invoice id of a case item, from its table key (every index carries it). */
export const invoiceIdOf = (item: Record<string, unknown>) =>
  z.string().check(z.startsWith('CASE#')).parse(item.pk).slice('CASE#'.length);
const COLD_PREFIX = 'CASE#COLD#';
const coldKey = (invoiceId: string, digest: string) => ({
  pk: `CASE#${invoiceId}`,
  sk: `${COLD_PREFIX}${digest}`,
});
/** The sort keys of a case's hot and cold items, for one Query of both. */
export const CASE_ITEMS_RANGE = { from: 'CASE', to: `${COLD_PREFIX}~` };

/** The part of a case kept in the cold item. */
type ColdPart = Pick<DunningCase, 'invoice'>;
const coldPartOf = ({ invoice }: DunningCase): ColdPart => ({ invoice });
const hotPartOf = ({ invoice: _, ...hot }: DunningCase) => hot;

/** The digest of the cold part: a change whose cold part has this digest need not write a cold item. */
export const coldDigestOf = (dunningCase: DunningCase) => digestOf(coldPartOf(dunningCase));

/**
 * The hot item's attributes besides its key and the cold reference: what each change writes. The outbox
 * keeps its version and lease as plain attributes (claiming it updates the lease alone); the rest is packed.
 */
export function hotAttributes(dunningCase: DunningCase, outbox: Outbox | null): Record<string, unknown> {
  const { invoice } = dunningCase;
  return {
    packed: packJson(hotPartOf(dunningCase)),
    outbox: outbox && packedOutbox(outbox),
    version: dunningCase.version,
    ...reportCaseOf(dunningCase),
    customerId: invoice.customer.id,
    // The search's result list shows it without unpacking the cold item.
    customerName: invoice.customer.name,
    invoiceNumber: invoice.invoiceNumber,
    // An open case is in the customer index's OPEN# partitions (a caller's exposure, the sweep and the report
    // job read them); a closed one moves to CLOSED# there (the customer's history, and the report job's walk of
    // the closed cases): one index entry per case, and a change between open statuses moves none.
    ...byCustomerKey(dunningCase),
    // Derived from what never changes: rewriting them writes nothing to their indexes.
    ...caseSearchKeys(dunningCase),
  };
}

function packedOutbox({ version, leaseExpiresAtMs, ...rest }: Outbox) {
  return { version, leaseExpiresAtMs, packed: packJson(rest) };
}

/**
 * The update of the hot item that writes a change whose cold part is stored already: every hot attribute
 * set (the customer index's keys among them: open or closed, a case is in that index), its key and cold
 * reference left as they are.
 */
export function hotUpdate(dunningCase: DunningCase, outbox: Outbox | null) {
  const attributes = Object.entries(hotAttributes(dunningCase, outbox));
  return {
    update: `SET ${attributes.map((_, index) => `#s${index} = :s${index}`).join(', ')}`,
    names: Object.fromEntries(attributes.map(([name], index) => [`#s${index}`, name])),
    values: Object.fromEntries(attributes.map(([, value], index) => [`:s${index}`, value])),
  };
}

/** The hot item, naming the cold item that holds the rest of the case. */
export function hotItem(dunningCase: DunningCase, outbox: Outbox | null) {
  return {
    ...caseKey(dunningCase.invoiceId),
    ...hotAttributes(dunningCase, outbox),
    coldDigest: coldDigestOf(dunningCase),
  };
}

/** The cold item of a case. */
export function coldItem(dunningCase: DunningCase) {
  const cold = coldPartOf(dunningCase);
  return { ...coldKey(dunningCase.invoiceId, digestOf(cold)), packed: packJson(cold) };
}

/** Both items of a case as a new case stores them (for filling a table in bulk). */
export const caseItems = (dunningCase: DunningCase, outbox: Outbox | null) => [
  hotItem(dunningCase, outbox),
  coldItem(dunningCase),
];

const bytesSchema = z.instanceof(Uint8Array);
const packedSchema = z.pipe(
  bytesSchema,
  z.transform((bytes) => unpackJson(bytes)),
);
const storedOutboxSchema = z._default(
  z.nullable(
    z.union([
      z.pipe(
        z.object({ version: z.number(), leaseExpiresAtMs: z.number(), packed: packedSchema }),
        z.transform(({ packed, ...lease }) =>
          outboxSchema.parse({ ...z.record(z.string(), z.unknown()).parse(packed), ...lease }),
        ),
      ),
      outboxSchema,
    ]),
  ),
  null,
);
const hotItemSchema = z.object({
  sk: z.literal('CASE'),
  packed: packedSchema,
  coldDigest: z.string(),
  outbox: storedOutboxSchema,
});
const coldItemSchema = z.object({ sk: z.string().check(z.startsWith(COLD_PREFIX)), packed: packedSchema });
const legacyItemSchema = z.object({ case: dunningCaseSchema, outbox: storedOutboxSchema });

export interface StoredCase {
  case: DunningCase;
  outbox: Outbox | null;
}

/** The case from the items of its partition in the case range (hot item first); undefined when none. */
export function storedCaseOf(
  invoiceId: string,
  items: readonly Record<string, unknown>[],
): StoredCase | undefined {
  // Cold items alone belong to a case whose first write is under way (or failed): no case yet.
  const first = items.find((item) => item.sk === caseKey(invoiceId).sk);
  if (!first) return undefined;
  if ('case' in first) return legacyItemSchema.parse(first);
  const hot = hotItemSchema.parse(first);
  const coldSk = coldKey(invoiceId, hot.coldDigest).sk;
  const cold = items.find((item) => item.sk === coldSk);
  if (!cold) throw new Error(`case ${invoiceId}: its cold item ${coldSk} is missing`);
  const coldPart = z.record(z.string(), z.unknown()).parse(coldItemSchema.parse(cold).packed);
  const hotPart = z.record(z.string(), z.unknown()).parse(hot.packed);
  return { case: dunningCaseSchema.parse({ ...hotPart, ...coldPart }), outbox: hot.outbox };
}
