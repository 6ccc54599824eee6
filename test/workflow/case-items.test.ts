import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyDocumentCommand,
  DocumentClient,
  type DocumentOutput,
  type Item,
  PutCommand,
  QueryCommand,
} from '../../functions/adapters/aws/dynamodb.js';
import { packJson, unpackJson } from '../../functions/adapters/case-item-codec.js';
import {
  CaseRepository,
  CaseVersionConflictError,
  caseItems,
} from '../../functions/adapters/case-repository.js';
import { OpenCaseSweep } from '../../functions/adapters/case-sweep.js';
import { type DunningCase, openCase } from '../../functions/domain/case.js';
import { reportCaseOf } from '../../functions/domain/report-figures.js';
import { CaseService } from '../../functions/workflow/case-service.js';
import { scaledClock } from '../../functions/workflow/clock.js';
import type { Outbox } from '../../functions/workflow/outbox.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { invoice } from '../unit/case-fixtures.js';
import { defaultContext } from '../unit/fixtures.js';
import { clientConfig } from './emulators-support.js';

/** The product's document client, recording the key of each item a write request writes. */
class RecordingDocuments extends DocumentClient {
  override send(command: AnyDocumentCommand): Promise<DocumentOutput> {
    const input = command.input as { Item?: Item; Key?: Item };
    const write = /^(Put|Update|Delete)Item/.exec(command.operation);
    if (write) written.push(`${write[1]} ${String((input.Item ?? input.Key)?.sk)}`);
    return super.send(command);
  }
}

let dynamo: LocalDynamoDb;
let documents: RecordingDocuments;
let tableName: string;
let cases: CaseRepository;
let sweep: OpenCaseSweep;
const START = '2026-11-23T08:00:00Z';
/** The keys of the items each write request of the repository wrote, in order. */
let written: string[] = [];

beforeAll(async () => {
  dynamo = await startDynamoDb();
  tableName = dynamo.tableNames.DunningTable ?? '';
  documents = new RecordingDocuments(clientConfig(dynamo.endpoint));
  cases = new CaseRepository(documents, tableName);
  sweep = new OpenCaseSweep(documents, tableName);
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  written = [];
});

function opened(invoiceId: string): DunningCase {
  return openCase(invoice({ invoiceId, invoiceNumber: `RE-${invoiceId}` }), defaultContext).case;
}

const outboxOf = (version: number): Outbox => ({
  version,
  leaseExpiresAtMs: 1_000,
  timeline: [{ on: '2026-03-02', recordedAt: '2026-03-02T08:00:00Z', type: 'hold-set', summary: 'held' }],
  events: [],
  finishOpenTasks: null,
  warnings: [],
  cancelStart: false,
});

describe('the case items', () => {
  it('writes only the hot item for a change that leaves the invoice as it is', async () => {
    // Arrange
    const created = opened('items-hot');
    await cases.put(created, null, undefined);
    written = [];
    const changed: DunningCase = { ...created, status: 'on-hold', nextLevelIndex: 1, version: 1 };

    // Act
    await cases.put(changed, outboxOf(1), 0);

    // Assert
    expect(written).toEqual(['Update CASE']);
    expect(await cases.get('items-hot')).toEqual({ case: changed, outbox: outboxOf(1) });
  });

  it('writes a cold item before the hot item when the invoice changes, and reads the new invoice', async () => {
    // Arrange
    const created = opened('items-cold');
    await cases.put(created, null, undefined);
    written = [];
    const reissued = { ...created.invoice, lineSummary: ['Ersatzteile, neu berechnet'] };
    const changed: DunningCase = { ...created, invoice: reissued, version: 1 };

    // Act
    await cases.put(changed, null, 0);

    // Assert
    // the update of the hot item alone is refused first: the stored item names the old invoice
    expect(written).toEqual(['Update CASE', expect.stringMatching(/^Put CASE#COLD#/), 'Put CASE']);
    expect((await cases.get('items-cold'))?.case).toEqual(changed);
  });

  it('finds no case while only the cold item of its first write is stored', async () => {
    // Arrange: the first write of a case got as far as its cold item
    const [, cold] = caseItems(opened('items-half-open'), null);
    await documents.send(new PutCommand({ TableName: tableName, Item: cold ?? {} }));

    // Act
    const found = await cases.get('items-half-open');

    // Assert
    expect(found).toBeUndefined();
  });

  it('refuses a change made on an older version, whichever part of the case it changes', async () => {
    // Arrange
    const created = opened('items-conflict');
    await cases.put(created, null, undefined);
    await cases.put({ ...created, status: 'on-hold', version: 1 }, null, 0);
    const stale = { ...created, version: 1 };
    const staleWithNewInvoice = { ...stale, invoice: { ...created.invoice, orderNumber: 'PO-neu' } };

    // Act
    const hotOnly = cases.put(stale, null, 0);
    const withCold = cases.put(staleWithNewInvoice, null, 0);
    const createdAgain = cases.put(created, null, undefined);

    // Assert
    await expect(hotOnly).rejects.toBeInstanceOf(CaseVersionConflictError);
    await expect(withCold).rejects.toBeInstanceOf(CaseVersionConflictError);
    await expect(createdAgain).rejects.toBeInstanceOf(CaseVersionConflictError);
    expect((await cases.get('items-conflict'))?.case.status).toBe('on-hold');
  });

  it('loads a case stored whole in the older item shape and stores it split on its next change', async () => {
    // Arrange: the item as the repository wrote it before the split, with an outbox still to carry out
    const legacy = opened('items-legacy');
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: 'CASE#items-legacy',
          sk: 'CASE',
          case: legacy,
          outbox: outboxOf(0),
          version: 0,
          ...reportCaseOf(legacy),
          statusPk: 'STATUS#open',
          statusSk: `${legacy.invoice.dueDate}#items-legacy`,
        },
      }),
    );

    // Act
    const loaded = await cases.get('items-legacy');
    const claimed = await cases.claimOutbox('items-legacy', 0, 2_000, 20_000);
    await cases.put({ ...legacy, status: 'on-hold', version: 1 }, null, 0);
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CASE#items-legacy' },
      }),
    );

    // Assert
    expect(loaded).toEqual({ case: legacy, outbox: outboxOf(0) });
    expect(claimed).toBe(true);
    expect(Items.map((item) => item.sk)).toEqual(['CASE', expect.stringMatching(/^CASE#COLD#/)]);
    expect(Items[0]).not.toHaveProperty('case');
    expect((await cases.get('items-legacy'))?.case).toEqual({ ...legacy, status: 'on-hold', version: 1 });
  });

  it('claims, releases and clears the outbox of a split case by its lease alone', async () => {
    // Arrange
    const created = opened('items-lease');
    await cases.put(created, outboxOf(0), undefined);

    // Act
    const early = await cases.claimOutbox('items-lease', 0, 500, 10_000);
    const late = await cases.claimOutbox('items-lease', 0, 1_000, 10_000);
    const leased = (await cases.get('items-lease'))?.outbox?.leaseExpiresAtMs;
    await cases.clearOutbox('items-lease', 0);

    // Assert
    expect([early, late, leased]).toEqual([false, true, 10_000]);
    expect(await cases.get('items-lease')).toEqual({ case: created, outbox: null });
  });

  it('keeps an open case under OPEN# in the customer index and moves a closed one to CLOSED# there, in no other index', async () => {
    // Arrange
    const created = opened('items-indexes');
    await cases.put(created, null, undefined);
    const inIndexes = async () => {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk = :sk',
          ExpressionAttributeValues: { ':pk': 'CASE#items-indexes', ':sk': 'CASE' },
          ProjectionExpression: 'customerPk, statusPk',
        }),
      );
      const [item = {}] = Items;
      return [String(item.customerPk).split('#')[0], item.statusPk ?? null];
    };

    // Act
    const whileOpen = await inIndexes();
    await cases.put({ ...created, status: 'promise', version: 1 }, null, 0);
    const whilePromised = await inIndexes();
    await cases.put({ ...created, status: 'paid', version: 2 }, null, 1);
    const closed = await inIndexes();

    // Assert
    expect([whileOpen, whilePromised, closed]).toEqual([
      ['OPEN', null],
      ['OPEN', null],
      ['CLOSED', null],
    ]);
  });

  it('sweeps every open case page by page and starts over from a cursor of the older format', async () => {
    // Arrange
    const open = ['sweep-a', 'sweep-b', 'sweep-c'].map(opened);
    for (const dunningCase of open) await cases.put(dunningCase, null, undefined);
    const closed = opened('sweep-closed');
    await cases.put({ ...closed, status: 'cancelled' }, null, undefined);
    const olderCursor = Buffer.from(JSON.stringify({ status: 2 })).toString('base64url');

    // Act
    const swept: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await sweep.page(2, cursor);
      swept.push(...page.invoiceIds);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const restarted = await sweep.page(2, olderCursor);
    const first = await sweep.page(2);

    // Assert
    expect(swept).toEqual(expect.arrayContaining(['sweep-a', 'sweep-b', 'sweep-c']));
    expect(swept).not.toContain('sweep-closed');
    expect(new Set(swept).size).toBe(swept.length);
    expect(restarted).toEqual(first);
  });

  it('fills a sweep page from as many customer shards as it takes, so a few pages cover sparse shards', async () => {
    // Arrange
    const spread = ['spread-a', 'spread-b', 'spread-c', 'spread-d', 'spread-e'].map((invoiceId, index) => {
      const dunningCase = opened(invoiceId);
      const customer = { ...dunningCase.invoice.customer, id: `cust-spread-${index}` };
      return { ...dunningCase, invoice: { ...dunningCase.invoice, customer } };
    });
    for (const dunningCase of spread) await cases.put(dunningCase, null, undefined);

    // Act
    const page = await sweep.page(1_000);

    // Assert
    expect(page.invoiceIds).toEqual(expect.arrayContaining(spread.map(({ invoiceId }) => invoiceId)));
    expect(page.nextCursor).toBeUndefined();
  });

  it('writes the timeline lines of a change that has nothing else to carry out and marks its outbox done at once', async () => {
    // Arrange
    const service = new CaseService(
      {
        cases,
        publish: async () => {},
        finishOpenTasks: async () => {},
        cancelStart: async () => {},
        warn: () => {},
        clock: scaledClock({ scale: 1, businessEpoch: START, engineEpoch: START, engineNow: Date.now }),
        isVersionConflict: (error) => error instanceof CaseVersionConflictError,
      },
      defaultContext,
    );

    // Act
    await service.open(invoice({ invoiceId: 'items-opened', invoiceNumber: 'RE-items-opened' }));

    // Assert
    expect(written).toEqual([expect.stringMatching(/^Put CASE#COLD#/), 'Put CASE', 'Put EVT#00000000#000']);
    expect(await cases.outboxDone('items-opened', 0)).toBe(true);
  });

  it('reads values packed with the first format exactly as they were written', () => {
    // Arrange: bytes stored by the first format; its dictionary must never change
    const stored = Buffer.from('AUPNCEGu4JyM6G5ASidYB8bI2MS0FgA=', 'base64');

    // Act
    const value = unpackJson(stored);

    // Assert
    expect(value).toEqual({ invoiceId: 'RE-1', status: 'paid', cents: 12_345 });
    expect(unpackJson(packJson(value))).toEqual(value);
  });
});
