import type { IsoDate } from '../domain/calendar.js';
import { type CustomerDayReminder, customerDayReminderSchema } from '../domain/combined-reminders.js';
import type { CustomerReminderStore, DayReminderOutcome } from '../workflow/ports.js';
import {
  conditionHeld,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from './aws/dynamodb.js';
import type { CaseRepository } from './case-repository.js';

/**
 * The customer's reminder of a day (`CUSTOMER#<id>` / `REMINDER#<date>`), one small item per customer and
 * business day with a reminder. Every write is a single conditional put or update: the first execution due
 * to send creates it, a listed execution takes over an expired claim, and only a claim is ever finished.
 * Kept like the timeline (it says which mail reminded which invoices), so it never expires.
 */
export const customerReminderKey = (customerId: string, date: IsoDate) => ({
  pk: `CUSTOMER#${encodeURIComponent(customerId)}`,
  sk: `REMINDER#${date}`,
});

export class CustomerReminders implements CustomerReminderStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cases: Pick<CaseRepository, 'openCasesOfCustomer'>,
  ) {}

  async get(customerId: string, date: IsoDate): Promise<CustomerDayReminder | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerReminderKey(customerId, date),
        ConsistentRead: true,
      }),
    );
    return Item ? customerDayReminderSchema.parse(Item) : undefined;
  }

  async claim(reminder: CustomerDayReminder): Promise<boolean> {
    const item = customerDayReminderSchema.parse(reminder);
    return conditionHeld(() =>
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...customerReminderKey(item.customerId, item.date), ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  takeOver(
    customerId: string,
    date: IsoDate,
    claimedBy: string,
    nowMs: number,
    untilMs: number,
  ): Promise<boolean> {
    return this.update(customerId, date, {
      UpdateExpression: 'SET claimedBy = :claimedBy, leaseExpiresAtMs = :until',
      ConditionExpression: '#status = :claimed AND (leaseExpiresAtMs <= :now OR claimedBy = :claimedBy)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':claimedBy': claimedBy,
        ':until': untilMs,
        ':now': nowMs,
        ':claimed': 'claimed',
      },
    });
  }

  finish(customerId: string, date: IsoDate, outcome: DayReminderOutcome): Promise<boolean> {
    return this.update(customerId, date, {
      UpdateExpression: 'SET #status = :status, messageId = :messageId, mailed = :mailed',
      ConditionExpression: '#status = :claimed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': outcome.status,
        ':messageId': outcome.status === 'sent' ? outcome.messageId : null,
        ':mailed': outcome.status === 'sent' ? outcome.mailed : [],
        ':claimed': 'claimed',
      },
    });
  }

  async openInvoiceIds(customerId: string, limit: number): Promise<string[]> {
    const { cases } = await this.cases.openCasesOfCustomer(customerId, limit);
    return cases.map(({ invoiceId }) => invoiceId);
  }

  private update(
    customerId: string,
    date: IsoDate,
    input: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.documents.send(
        new UpdateCommand({
          ...input,
          TableName: this.tableName,
          Key: customerReminderKey(customerId, date),
        }),
      ),
    );
  }
}
