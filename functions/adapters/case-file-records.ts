import { compareDates } from '../domain/calendar.js';
import { type DunningCase, isTerminal } from '../domain/case.js';
import { type InkassoCaseFile, inkassoCaseFileSchema } from '../domain/case-file.js';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from './aws/dynamodb.js';
import { invoiceIdOf } from './case-items.js';
import { CUSTOMER_SHARDS, closedShardKey, shardKey } from './case-keys.js';
import { CaseRepository } from './case-repository.js';

const handoverKey = (invoiceId: string) => ({ pk: `CASE#${invoiceId}`, sk: 'HANDOVER' });

/**
 * The § 13a RDG file handed to the agency, kept with the case. Apart from the case repository because only
 * the handover writes it and the API reads it: the other functions neither carry nor build its schema.
 */
export class CaseFileRecords {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Written again on retry, with the same content. */
  async put(invoiceId: string, file: InkassoCaseFile): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...handoverKey(invoiceId), file } }),
    );
  }

  async get(invoiceId: string): Promise<InkassoCaseFile | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: handoverKey(invoiceId), ConsistentRead: true }),
    );
    return Item ? inkassoCaseFileSchema.parse(Item.file) : undefined;
  }
}

/** The cases with the reads only the API and the tests make: case files, and every case in a status. */
export class CaseRepositoryWithFiles extends CaseRepository {
  private readonly files: CaseFileRecords;

  constructor(documents: DynamoDBDocumentClient, tableName: string) {
    super(documents, tableName);
    this.files = new CaseFileRecords(documents, tableName);
  }

  putCaseFile(invoiceId: string, file: InkassoCaseFile): Promise<void> {
    return this.files.put(invoiceId, file);
  }

  caseFile(invoiceId: string): Promise<InkassoCaseFile | undefined> {
    return this.files.get(invoiceId);
  }

  /**
   * Every case in a status, oldest due date first: the indexes hold no cases, only their keys and figures,
   * so each is read from the table (the tests' check of every open case; no request path uses it). The
   * cases are found in the customer index, shard by shard, under OPEN# or CLOSED#.
   */
  async casesInStatus(status: DunningCase['status']): Promise<DunningCase[]> {
    const shardKeyOf = isTerminal(status) ? closedShardKey : shardKey;
    const items = (
      await Promise.all(
        Array.from({ length: CUSTOMER_SHARDS }, (_, shard) =>
          this.queryAll({
            IndexName: 'byCustomer',
            KeyConditionExpression: 'customerPk = :shard',
            FilterExpression: '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':shard': shardKeyOf(shard), ':status': status },
          }),
        ),
      )
    ).flat();
    const cases = await Promise.all(items.map((item) => this.get(invoiceIdOf(item))));
    return cases
      .flatMap((stored) => (stored && stored.case.status === status ? [stored.case] : []))
      .sort((a, b) => compareDates(a.invoice.dueDate, b.invoice.dueDate));
  }
}
