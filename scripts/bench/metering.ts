import {
  ConditionalCheckFailedException,
  DocumentClient,
  GetCommand,
} from '../../functions/adapters/aws/dynamodb.js';
import { dynamoDocumentClient } from '../../functions/adapters/clients.js';
import type { IndexDefinition, TableDefinition } from '../../infra/table-definitions.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';

const READS = new Set(['GetCommand', 'GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand']);
const WRITES = new Set([
  'PutCommand',
  'PutItemCommand',
  'UpdateCommand',
  'UpdateItemCommand',
  'DeleteCommand',
  'DeleteItemCommand',
]);

/** The running totals of the product's request units, and each write with what it cost. */
export interface DynamoDbMeter {
  read: number;
  write: number;
  writes: MeteredWrite[];
}

/** One write request: what it wrote (`update case hot`, `index byCustomer`...) and its write units. */
export interface MeteredWrite {
  what: string;
  units: number;
}

type Item = Record<string, unknown>;

/** A property of an object the SDK hands around, without trusting its shape. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

const asItem = (value: unknown): Item | undefined =>
  typeof value === 'object' && value !== null ? (value as Item) : undefined;

/** DynamoDB's size of a value in bytes (names and values as its documentation counts them). */
function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return 1 + Math.ceil(String(Math.abs(value)).replace(/\D/g, '').length / 2);
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, entry) => sum + 1 + sizeOf(entry), 0);
  return 3 + itemSize(asItem(value) ?? {});
}

function itemSize(item: Item): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + sizeOf(value),
    0,
  );
}

const kilobytes = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** What an index holds of an item: the keys and the projected attributes; undefined when not in it. */
function indexEntry(
  item: Item | undefined,
  table: TableDefinition,
  index: IndexDefinition,
): Item | undefined {
  if (!item) return undefined;
  const keys = [index.partitionKey, index.sortKey].filter((key): key is string => key !== undefined);
  if (keys.some((key) => item[key] === undefined)) return undefined;
  const projected = index.projection.type === 'INCLUDE' ? index.projection.attributes : [];
  const names = [table.partitionKey, table.sortKey, ...keys, ...projected];
  return Object.fromEntries(
    names.flatMap((name) => (name !== undefined && item[name] !== undefined ? [[name, item[name]]] : [])),
  );
}

const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a, (_, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
  ) ===
  JSON.stringify(b, (_, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
  );

/**
 * The write units a change of an item costs an index, by DynamoDB's rules: an entry put or deleted costs its
 * size, a changed key a delete and a put, changed projected attributes a put, and anything else nothing.
 */
function indexUnits(before: Item | undefined, after: Item | undefined, index: IndexDefinition): number {
  if (!before && !after) return 0;
  if (!before || !after) return kilobytes(itemSize(before ?? after ?? {}));
  const keys = [index.partitionKey, index.sortKey].filter((key): key is string => key !== undefined);
  if (keys.some((key) => !sameValue(before[key], after[key])))
    return kilobytes(itemSize(before)) + kilobytes(itemSize(after));
  return sameValue(before, after) ? 0 : kilobytes(itemSize(after));
}

/** A short name for what an item is, from its key (the table layout in infra/table-definitions.ts). */
function kindOf(key: Item | undefined): string {
  const pk = String(key?.pk ?? '');
  const sk = String(key?.sk ?? '');
  if (key?.id !== undefined) return 'idempotency record';
  if (pk.startsWith('TASK#')) return 'task';
  if (sk === 'CASE') return 'case';
  if (sk.startsWith('CASE#COLD#')) return 'case (cold part)';
  if (sk.startsWith('EVT#')) return 'timeline';
  if (sk === 'HANDOVER') return 'case file';
  return `${pk.split('#')[0]}/${sk.split('#')[0]}`;
}

const OPERATIONS: Record<string, string> = {
  PutCommand: 'put',
  PutItemCommand: 'put',
  UpdateCommand: 'update',
  UpdateItemCommand: 'update',
  DeleteCommand: 'delete',
  DeleteItemCommand: 'delete',
};

/**
 * Meters the DynamoDB requests of the product. Every document client sends through DocumentClient's
 * prototype, so one wrapper sees the handlers' document client and the idempotency store's alike;
 * the harness's clients (test-side reads) are left out. Each metered request asks for its consumed capacity
 * (the emulator computes the table's share like DynamoDB: the larger of the old and new item). The indexes'
 * share is computed here by DynamoDB's rules from the item before the write (read with a client of the
 * meter's own) and after it (the put's item, the update's new image, nothing after a delete). A write refused by its condition costs the item's size too, as on AWS.
 */
export function meterDynamoDb(options: {
  isHarnessClient: (client: unknown) => boolean;
  endpoint: string;
  tables: Readonly<Record<string, TableDefinition>>;
}): DynamoDbMeter & { stop: () => void } {
  const meter: DynamoDbMeter = { read: 0, write: 0, writes: [] };
  const handlersDocuments = dynamoDocumentClient();
  const peek = new DocumentClient({
    endpoint: options.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const record = (what: string, units: number) => {
    meter.write += units;
    meter.writes.push({ what, units });
  };
  const prototypes = new Set<unknown>([DocumentClient.prototype]);
  const restore: (() => void)[] = [];
  for (const prototype of prototypes) {
    const send = field(prototype, 'send');
    if (typeof prototype !== 'object' || prototype === null || typeof send !== 'function') {
      throw new Error('cannot meter DynamoDB: the document client has no send on its prototype');
    }
    restore.push(() => Reflect.set(prototype, 'send', send));
    Reflect.set(
      prototype,
      'send',
      async function metered(this: unknown, command: unknown, ...rest: unknown[]) {
        const isProduct =
          this === handlersDocuments ||
          (this instanceof DocumentClient && !options.isHarnessClient(this) && this !== peek);
        const name = typeof command === 'object' && command !== null ? command.constructor.name : '';
        const input = asItem(field(command, 'input'));
        if (!isProduct || !input || !(READS.has(name) || WRITES.has(name)))
          return Reflect.apply(send, this, [command, ...rest]);
        input.ReturnConsumedCapacity = 'TOTAL';
        const table = options.tables[String(input.TableName)];
        const key = asItem(input.Key) ?? keyOf(asItem(input.Item), table);
        const indexed = WRITES.has(name) && table !== undefined && table.globalSecondaryIndexes.length > 0;
        const read = async () =>
          indexed && key
            ? asItem(
                (
                  await peek.send(
                    new GetCommand({ TableName: String(input.TableName), Key: key, ConsistentRead: true }),
                  )
                ).Item,
              )
            : undefined;
        const before = await read();
        // The item after the write comes with the answer (the product reads no update's return values).
        const operation = OPERATIONS[name];
        if (indexed && operation === 'update') input.ReturnValues = 'ALL_NEW';
        const what = `${operation ?? name} ${kindOf(key)}`;
        let output: unknown;
        try {
          output = await Reflect.apply(send, this, [command, ...rest]);
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException)
            record(`${what} (refused)`, kilobytes(itemSize(before ?? asItem(input.Item) ?? {})));
          throw error;
        }
        const capacity = [field(output, 'ConsumedCapacity')]
          .flat()
          .reduce((sum: number, entry) => sum + Number(field(entry, 'CapacityUnits') ?? 0), 0);
        if (READS.has(name)) {
          meter.read += capacity;
          return output;
        }
        record(what, capacity);
        if (indexed) {
          const after = operation === 'put' ? asItem(input.Item) : asItem(field(output, 'Attributes'));
          for (const index of table.globalSecondaryIndexes) {
            const units = indexUnits(
              indexEntry(before, table, index),
              indexEntry(after, table, index),
              index,
            );
            if (units > 0) record(`${kindOf(key)} in index ${index.indexName}`, units);
          }
        }
        return output;
      },
    );
  }
  // Stopped, the clients send as before (the lifecycle run that follows is timed, not metered).
  const stop = () => {
    for (const undo of restore) undo();
  };
  return Object.assign(meter, { stop });
}

function keyOf(item: Item | undefined, table: TableDefinition | undefined): Item | undefined {
  if (!item || !table) return undefined;
  const names = [table.partitionKey, table.sortKey].filter((name): name is string => name !== undefined);
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}

/** The writes since `from` (an index into `meter.writes`), summed by what they wrote, in first-seen order. */
export function writesSince(
  meter: DynamoDbMeter,
  from: number,
): { what: string; requests: number; units: number }[] {
  const rows = new Map<string, { what: string; requests: number; units: number }>();
  for (const { what, units } of meter.writes.slice(from)) {
    const row = rows.get(what) ?? { what, requests: 0, units: 0 };
    rows.set(what, { what, requests: row.requests + 1, units: row.units + units });
  }
  return [...rows.values()];
}
