import { type InkassoCaseFile, inkassoCaseFileSchema } from '../domain/case-file.js';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from './aws/dynamodb.js';
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

/** The cases with their case files: what the API and the tests read. */
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
}
