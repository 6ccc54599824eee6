import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { CaseRepository, CaseVersionConflictError } from '../../functions/adapters/case-repository.js';
import type { OutboundEvent } from '../../functions/domain/events.js';
import { CaseService } from '../../functions/workflow/case-service.js';
import { scaledClock } from '../../functions/workflow/clock.js';
import { outboundEvent } from '../../functions/workflow/outbound.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { defaultContext } from '../unit/fixtures.js';

let dynamo: LocalDynamoDb;
let client: DocumentClient;
let cases: CaseRepository;

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DocumentClient({
    endpoint: dynamo.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const tableName = dynamo.tableNames.DunningTable;
  if (!tableName) throw new Error('no dunning table');
  cases = new CaseRepository(client, tableName);
});
afterAll(async () => {
  await dynamo?.stop();
});

const START = '2026-11-23T08:00:00Z';

/** The stored outbox was carried out: cleared, or marked done on its version's timeline item. */
async function isCarriedOut(invoiceId: string): Promise<boolean> {
  const { outbox } = (await cases.get(invoiceId)) ?? {};
  return outbox === null || (outbox !== undefined && (await cases.outboxDone(invoiceId, outbox.version)));
}

/** One Lambda's view of the case store: its own service on the shared table, recording what it published. */
function writer(
  engineNow: () => number = Date.now,
  busUp: () => boolean = () => true,
  store: CaseRepository = cases,
) {
  const published: OutboundEvent[] = [];
  const service = new CaseService(
    {
      cases: store,
      publish: async (events) => {
        if (!busUp()) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        published.push(...events);
      },
      finishOpenTasks: async () => {},
      cancelStart: async () => {},
      warn: () => {},
      clock: scaledClock({ scale: 1, businessEpoch: START, engineEpoch: START, engineNow }),
      isVersionConflict: (error) => error instanceof CaseVersionConflictError,
    },
    defaultContext,
  );
  return { service, published };
}

/** The shared table, noting which of its timeline writes happened, in order, and how many events were out by then. */
class RecordingCases extends CaseRepository {
  readonly writes: string[] = [];

  constructor(private readonly publishedSoFar: () => number) {
    super(client, dynamo.tableNames.DunningTable ?? '');
  }

  override appendTimeline(...args: Parameters<CaseRepository['appendTimeline']>) {
    const [, , records, options] = args;
    this.writes.push(
      `${records.length} line(s)${options?.outboxDone ? ' marked done' : ''} after ${this.publishedSoFar()} event(s)`,
    );
    return super.appendTimeline(...args);
  }

  override markOutboxDone(...args: Parameters<CaseRepository['markOutboxDone']>) {
    this.writes.push('done mark');
    return super.markOutboxDone(...args);
  }
}

function invoice(invoiceId: string) {
  const [first] = demoInvoices('2026-11-23');
  if (!first) throw new Error('demo data missing');
  return { ...first, invoiceId };
}

describe('the case outbox', () => {
  it('is carried out once by its writer while other writers change the same case at the same time', async () => {
    // Arrange
    const writers = [writer(), writer()];
    const [first] = writers;
    await first?.service.open(invoice('outbox-concurrent'));
    const note = (n: number) => [{ on: '2026-11-23', type: 'hold-set', summary: `note ${n}` }];

    // Act: both writers annotate the case twice at once, each change publishing one event
    await Promise.all(
      writers.flatMap(({ service }, w) =>
        [0, 1].map((n) =>
          service.annotate('outbox-concurrent', note(w * 10 + n), (current) => [
            outboundEvent('Dunning Closed', current, START, {
              outcome: 'paid',
              recoveredCents: 0,
              waivedCents: 0,
              currency: 'EUR',
            }),
          ]),
        ),
      ),
    );

    // Assert
    const keys = writers.flatMap(({ published }) => published.map((event) => event.detail.eventKey));
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(4);
    expect(await isCarriedOut('outbox-concurrent')).toBe(true);
    expect(await cases.timeline('outbox-concurrent')).toHaveLength(5);
  });

  it('of a writer that died is left alone while its lease runs and carried out once when it has run out', async () => {
    // Arrange: a change is committed, but its writer never carries the outbox out
    let now = Temporal.Instant.from(START).epochMilliseconds;
    const reader = writer(() => now);
    const opened = await reader.service.open(invoice('outbox-orphaned'));
    const changed = { ...opened.case, version: opened.case.version + 1 };
    const event = outboundEvent('Dunning Closed', changed, START, {
      outcome: 'cancelled',
      recoveredCents: 0,
      waivedCents: 0,
      currency: 'EUR',
    });
    await cases.put(
      changed,
      {
        version: changed.version,
        leaseExpiresAtMs: now + 15_000,
        timeline: [{ on: '2026-11-23', recordedAt: START, type: 'hold-set', summary: 'orphaned' }],
        events: [event],
        finishOpenTasks: null,
        warnings: [],
        cancelStart: false,
      },
      opened.case.version,
    );

    // Act
    await reader.service.find('outbox-orphaned');
    const whileLeased = reader.published.length;
    now += 15_001;
    await Promise.all([reader.service.find('outbox-orphaned'), reader.service.find('outbox-orphaned')]);

    // Assert
    expect(whileLeased).toBe(0);
    expect(reader.published.map((published) => published.detail.eventKey)).toEqual([event.detail.eventKey]);
    expect(await isCarriedOut('outbox-orphaned')).toBe(true);
    expect((await cases.timeline('outbox-orphaned')).map((entry) => entry.summary)).toContain('orphaned');
  });

  it('of a writer that failed to carry it out is released, so the next reader carries it out at once', async () => {
    // Arrange: the bus refuses the first writer's event
    const failing = writer(Date.now, () => false);
    const next = writer();
    await next.service.open(invoice('outbox-released'));
    const closed = (current: Parameters<typeof outboundEvent>[1]) => [
      outboundEvent('Dunning Closed', current, START, {
        outcome: 'paid',
        recoveredCents: 0,
        waivedCents: 0,
        currency: 'EUR',
      }),
    ];

    // Act
    const refused = failing.service.annotate(
      'outbox-released',
      [{ on: '2026-11-23', type: 'hold-set', summary: 'x' }],
      closed,
    );
    await expect(refused).rejects.toThrow('Rate exceeded');
    await next.service.find('outbox-released');

    // Assert
    expect(next.published).toHaveLength(1);
    expect(await isCarriedOut('outbox-released')).toBe(true);
  });

  it('writes the lines of a change after its events, in one write with the mark that its outbox is done', async () => {
    // Arrange
    let published = () => 0;
    const store = new RecordingCases(() => published());
    const recording = writer(Date.now, () => true, store);
    published = () => recording.published.length;
    await recording.service.open(invoice('outbox-lines-last'));

    // Act
    await recording.service.annotate(
      'outbox-lines-last',
      [{ on: '2026-11-23', type: 'hold-set', summary: 'closing' }],
      (current) => [
        outboundEvent('Dunning Closed', current, START, {
          outcome: 'paid',
          recoveredCents: 0,
          waivedCents: 0,
          currency: 'EUR',
        }),
      ],
    );

    // Assert
    expect(store.writes).toEqual([
      '1 line(s) marked done after 0 event(s)',
      '1 line(s) marked done after 1 event(s)',
    ]);
    expect(await isCarriedOut('outbox-lines-last')).toBe(true);
  });

  it('cannot be claimed once it is cleared or replaced by a newer change', async () => {
    // Arrange
    const { service } = writer();
    const opened = await service.open(invoice('outbox-cleared'));

    // Act
    const cleared = await cases.claimOutbox(
      'outbox-cleared',
      opened.case.version,
      Date.now(),
      Date.now() + 1,
    );
    const stale = await cases.claimOutbox(
      'outbox-cleared',
      opened.case.version - 1,
      Date.now(),
      Date.now() + 1,
    );

    // Assert
    expect(cleared).toBe(false);
    expect(stale).toBe(false);
  });
});
