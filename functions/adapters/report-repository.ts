import { type Instant, instantSchema } from '../domain/calendar.js';
import {
  type ReportCall,
  type ReportCase,
  type ReportFigures,
  reportCallSchema,
  reportCaseSchema,
  reportFiguresSchema,
} from '../domain/report-figures.js';
import * as z from '../domain/zod.js';
import {
  type ExposureTotals,
  type Page,
  type PageKey,
  pageKeySchema,
  type ReportJobPorts,
  type ReportPass,
  reportPassSchema,
} from '../workflow/reports/compute-reports.js';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from './aws/dynamodb.js';
import { closedShardKey, shardKey } from './case-keys.js';
import { queuePkOf } from './task-keys.js';

const SNAPSHOT_KEY = { pk: 'REPORTS', sk: 'SNAPSHOT' };
const PASS_KEY = { pk: 'REPORTS', sk: 'PASS' };
const exposureKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'EXPOSURE' });

/** Figures and passes are stored as JSON text: one attribute, whatever days they hold. */
const jsonText = <S extends z.ZodMiniType>(schema: S) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text) => JSON.parse(text)),
    ),
    schema,
  );

const snapshotItemSchema = z.object({ computedAt: instantSchema, figures: jsonText(reportFiguresSchema) });
export type ReportSnapshot = z.infer<typeof snapshotItemSchema>;
const passItemSchema = z.object({ pass: z.optional(jsonText(reportPassSchema)) });
const exposureItemSchema = z.object({
  openCaseCount: z.int(),
  totalOpenCents: z.int(),
  computedAt: instantSchema,
});
const openCaseSchema = z.extend(reportCaseSchema, { customerId: z.string() });

/**
 * The report snapshot, the report job's pass and large customers' exposure totals, and the index pages the
 * job reads: only projected figures, never a case or a task in full.
 */
export class ReportRepository implements ReportJobPorts {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async snapshot(): Promise<ReportSnapshot | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: SNAPSHOT_KEY }),
    );
    return Item ? snapshotItemSchema.parse(Item) : undefined;
  }

  async saveSnapshot(computedAt: Instant, figures: ReportFigures): Promise<void> {
    await this.put({ ...SNAPSHOT_KEY, computedAt, figures: JSON.stringify(figures) });
  }

  async pass(): Promise<ReportPass | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: PASS_KEY, ConsistentRead: true }),
    );
    return Item ? passItemSchema.parse(Item).pass : undefined;
  }

  async savePass(pass: ReportPass | undefined): Promise<void> {
    await this.put({ ...PASS_KEY, ...(pass ? { pass: JSON.stringify(pass) } : {}) });
  }

  async exposure(customerId: string): Promise<ExposureTotals | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: exposureKey(customerId) }),
    );
    return Item ? exposureItemSchema.parse(Item) : undefined;
  }

  async saveExposure(customerId: string, totals: ExposureTotals): Promise<void> {
    await this.put({ ...exposureKey(customerId), ...totals });
  }

  openCasesPage(shard: number, limit: number, after?: PageKey) {
    return this.page('byCustomer', 'customerPk', shardKey(shard), openCaseSchema, limit, after);
  }

  closedCasesPage(shard: number, limit: number, after?: PageKey): Promise<Page<ReportCase>> {
    return this.page('byCustomer', 'customerPk', closedShardKey(shard), reportCaseSchema, limit, after);
  }

  finishedCallsPage(queue: string, limit: number, after?: PageKey): Promise<Page<ReportCall>> {
    return this.page('byQueue', 'queuePk', queuePkOf(queue, 'done', 'call'), reportCallSchema, limit, after);
  }

  private async page<S extends z.ZodMiniType>(
    indexName: string,
    partitionKey: string,
    partition: string,
    schema: S,
    limit: number,
    after: PageKey | undefined,
  ): Promise<Page<z.infer<S>>> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#partition = :partition',
        ExpressionAttributeNames: { '#partition': partitionKey },
        ExpressionAttributeValues: { ':partition': partition },
        Limit: limit,
        ExclusiveStartKey: after,
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => schema.parse(item)),
      ...(page.LastEvaluatedKey ? { after: pageKeySchema.parse(page.LastEvaluatedKey) } : {}),
    };
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }
}
