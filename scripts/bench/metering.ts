import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../../functions/adapters/clients.js';

/** Global secondary indexes by the attribute that puts an item into them (infra/table-definitions.ts). */
const INDEX_KEYS = ['queuePk', 'customerPk', 'casePk', 'statusPk'];
const READS = new Set(['GetCommand', 'GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand']);
const WRITES = new Set([
  'PutCommand',
  'PutItemCommand',
  'UpdateCommand',
  'UpdateItemCommand',
  'DeleteCommand',
  'DeleteItemCommand',
]);

/** A property of an object the SDK hands around, without trusting its shape. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

/**
 * Meters the DynamoDB requests of the product (returns the running totals). Every SDK client sends through the prototype of smithy's
 * Client, so one wrapper sees the handlers' document client and the idempotency store's own client alike;
 * the harness's clients (test-side reads) are left out. Each metered request asks for its consumed capacity.
 */
export function meterDynamoDb(isHarnessClient: (client: unknown) => boolean): {
  read: number;
  write: number;
} {
  const units = { read: 0, write: 0 };
  const handlersDocuments = dynamoDocumentClient();
  const indexesByItem = new Map<string, number>();
  const prototypes = new Set<unknown>([
    Object.getPrototypeOf(DynamoDBClient.prototype),
    Object.getPrototypeOf(DynamoDBDocumentClient.prototype),
  ]);
  for (const prototype of prototypes) {
    const send = field(prototype, 'send');
    if (typeof prototype !== 'object' || prototype === null || typeof send !== 'function') {
      throw new Error('cannot meter DynamoDB: the SDK client has no send on its prototype');
    }
    Reflect.set(
      prototype,
      'send',
      async function metered(this: unknown, command: unknown, ...rest: unknown[]) {
        const isProduct =
          this === handlersDocuments || (this instanceof DynamoDBClient && !isHarnessClient(this));
        const name = typeof command === 'object' && command !== null ? command.constructor.name : '';
        const input = field(command, 'input');
        const metered =
          isProduct && (READS.has(name) || WRITES.has(name)) && typeof input === 'object' && input !== null;
        if (metered) Reflect.set(input, 'ReturnConsumedCapacity', 'TOTAL');
        const output: unknown = await Reflect.apply(send, this, [command, ...rest]);
        if (!metered) return output;
        const capacity = [field(output, 'ConsumedCapacity')]
          .flat()
          .reduce((sum: number, entry) => sum + Number(field(entry, 'CapacityUnits') ?? 0), 0);
        if (READS.has(name)) {
          units.read += capacity;
          return output;
        }
        // DynamoDB also writes every index the item is in; the emulator reports the table's share only.
        const item = field(input, 'Item');
        const key = field(input, 'Key') ?? item;
        const itemKey = JSON.stringify([field(key, 'pk'), field(key, 'sk')]);
        if (typeof item === 'object' && item !== null) {
          indexesByItem.set(
            itemKey,
            INDEX_KEYS.filter((attribute) => field(item, attribute) !== undefined).length,
          );
        }
        units.write += capacity * (1 + (indexesByItem.get(itemKey) ?? 0));
        if (process.env.BENCH_TRACE)
          console.log(
            'WRITE',
            name,
            itemKey,
            capacity,
            indexesByItem.get(itemKey) ?? 0,
            JSON.stringify(input).length,
          );
        return output;
      },
    );
  }
  return units;
}
