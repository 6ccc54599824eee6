import { Server } from 'node:http';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { type KeyDefinition, type TableDefinition, tableDefinitions } from '../../infra/table-definitions.js';
import { closeServer, delay, listenOnLoopback, localCredentials, localRegion } from './shared.js';

export interface DynamoDbOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A directory for a persistent LevelDB store; in memory when absent. */
  path?: string;
  /** Physical table name = prefix + definition id. */
  tablePrefix?: string;
  /**
   * Runs dynalite on a worker thread of its own (default: in this thread). Every request costs dynalite
   * far more than the client: on its own thread it uses a second core, so a stack under load does not
   * wait for the handlers and the store in turn.
   */
  thread?: 'main' | 'worker';
}

export interface LocalDynamoDb {
  readonly endpoint: string;
  /** Physical table names keyed by the definition id, e.g. `{ DunningTable: 'local-DunningTable' }`. */
  readonly tableNames: Record<string, string>;
  stop(): Promise<void>;
}

type DynaliteFactory = (options: {
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
  path?: string;
}) => unknown;

/** dynalite ships no type declarations; it is loaded through require and narrowed at runtime instead. */
function loadDynalite(): DynaliteFactory {
  const required: unknown = createRequire(import.meta.url)('dynalite');
  if (typeof required !== 'function') throw new Error('dynalite did not export a factory function');
  return (options) => Reflect.apply(required, undefined, [options]);
}

/** Starts dynalite (in this thread or on a worker) and creates every table of infra/table-definitions.ts in it. */
export async function startDynamoDb(options: DynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const { endpoint, stop } =
    options.thread === 'worker' ? await listenOnWorker(options) : await listenInProcess(options);
  const prefix = options.tablePrefix ?? 'local-';
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    const tableNames: Record<string, string> = {};
    for (const definition of tableDefinitions) {
      const tableName = `${prefix}${definition.id}`;
      await createTable(client, tableName, definition);
      tableNames[definition.id] = tableName;
    }
    return { endpoint, tableNames, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}

interface Listening {
  endpoint: string;
  stop(): Promise<void>;
}

async function listenInProcess(options: DynamoDbOptions): Promise<Listening> {
  const server = loadDynalite()({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  if (!(server instanceof Server)) throw new Error('dynalite did not return an HTTP server');
  const endpoint = await listenOnLoopback(server, options.port ?? 0);
  return { endpoint, stop: () => closeServer(server) };
}

const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), port: z.number().int() }),
  z.object({ type: z.literal('closed') }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
type WorkerMessage = z.infer<typeof workerMessageSchema>;

async function listenOnWorker(options: DynamoDbOptions): Promise<Listening> {
  const worker = new Worker(new URL('./dynamodb-worker.mjs', import.meta.url), {
    workerData: { port: options.port ?? 0, path: options.path },
    // The worker is plain JavaScript: no TypeScript loader of this process needs to start with it.
    execArgv: [],
  });
  const next = (type: WorkerMessage['type']) =>
    new Promise<WorkerMessage>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const message = workerMessageSchema.parse(raw);
        if (message.type !== type && message.type !== 'error') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        if (message.type === 'error') reject(new Error(`dynalite: ${message.message}`));
        else resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  // Stopping twice (a test stops the stack, its afterAll again) must not wait for a dead worker's answer.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = next('closed');
      worker.postMessage('close');
      await closed.catch(() => undefined);
      await worker.terminate();
    })();
    return stopping;
  };
  try {
    const listening = await next('listening');
    const port = listening.type === 'listening' ? listening.port : 0;
    return { endpoint: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}

async function createTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition,
): Promise<void> {
  const keyAttributes = new Set<string>();
  for (const key of [definition, ...definition.globalSecondaryIndexes]) {
    keyAttributes.add(key.partitionKey);
    if (key.sortKey) keyAttributes.add(key.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...keyAttributes].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: keySchema(definition),
        GlobalSecondaryIndexes:
          definition.globalSecondaryIndexes.length === 0
            ? undefined
            : definition.globalSecondaryIndexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: keySchema(index),
                Projection:
                  index.projection.type === 'INCLUDE'
                    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.attributes] }
                    : { ProjectionType: 'KEYS_ONLY' },
              })),
      }),
    );
  } catch (error) {
    // A persistent store (`path`) keeps the tables of an earlier run; they were made from the same definitions.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // dynalite implements no UpdateTimeToLive, so `timeToLiveAttribute` is not applied locally: records that
  // would expire on AWS (idempotency keys) simply stay, which only matters for runs longer than their TTL.
  await waitUntilActive(client, tableName);
}

function keySchema(key: KeyDefinition): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: key.partitionKey, KeyType: 'HASH' }];
  if (key.sortKey) schema.push({ AttributeName: key.sortKey, KeyType: 'RANGE' });
  return schema;
}

/** The SDK's waiter polls every 20 s at first; dynalite activates tables within milliseconds. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await delay(10);
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}
