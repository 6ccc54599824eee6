import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EventPattern,
  LocalEventBridge,
  LocalQueue,
  matchesPattern,
} from '../../local/emulators/eventbridge.js';
import { clientConfig, parseObject } from './emulators-support.js';

describe('the local EventBridge', () => {
  let bus: LocalEventBridge;
  let client: EventBridgeClient;
  const queues: LocalQueue[] = [];

  /** A queue whose consumer records every SQS event it gets. */
  const recordingQueue = (name: string) => {
    const received: SQSEvent[] = [];
    const queue = new LocalQueue({
      name,
      consumer: async (event) => {
        received.push(event);
      },
    });
    queues.push(queue);
    return { queue, received };
  };

  beforeEach(async () => {
    bus = new LocalEventBridge({ eventBusNames: ['dunning'] });
    client = new EventBridgeClient(clientConfig((await bus.listen()).endpoint));
  });

  afterEach(async () => {
    client.destroy();
    for (const queue of queues.splice(0)) queue.stop();
    await bus.close();
  });

  it('delivers an event put through the SDK to the queue of the matching rule only', async () => {
    // Arrange
    const issued = recordingQueue('invoice-issued');
    const payments = recordingQueue('case-events');
    const otherBus = recordingQueue('default-bus-invoices');
    bus.addRule({
      name: 'InvoiceIssued',
      eventBusName: 'dunning',
      eventPattern: { 'detail-type': ['Invoice Issued'] },
      target: issued.queue,
    });
    bus.addRule({
      name: 'CaseEvents',
      eventBusName: 'dunning',
      eventPattern: { 'detail-type': ['Payment Received', 'Invoice Cancelled'] },
      target: payments.queue,
    });
    bus.addRule({
      name: 'Elsewhere',
      eventPattern: { 'detail-type': ['Invoice Issued'] },
      target: otherBus.queue,
    });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'dunning',
            Source: 'erp.invoicing',
            DetailType: 'Invoice Issued',
            Detail: JSON.stringify({ invoiceId: 'RE-10' }),
          },
        ],
      }),
    );
    await Promise.all(queues.map((queue) => queue.drain()));

    // Assert
    expect(response.FailedEntryCount).toBe(0);
    expect(issued.received).toHaveLength(1);
    const body = parseObject(issued.received[0]?.Records[0]?.body);
    expect(body).toMatchObject({
      version: '0',
      id: response.Entries?.[0]?.EventId,
      'detail-type': 'Invoice Issued',
      source: 'erp.invoicing',
      account: '000000000000',
      region: 'eu-central-1',
      resources: [],
      detail: { invoiceId: 'RE-10' },
    });
    expect(payments.received).toEqual([]);
    expect(otherBus.received).toEqual([]);
    expect(bus.events().map((event) => event.matchedRules)).toEqual([['InvoiceIssued']]);
  });

  it('fails single entries for an unknown bus or a malformed detail, like AWS', async () => {
    // Arrange
    const entry = { Source: 'erp.invoicing', DetailType: 'Invoice Issued', Detail: '{}' };

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry, EventBusName: 'dunning' },
          { ...entry, EventBusName: 'missing' },
          { ...entry, EventBusName: 'dunning', Detail: '[1, 2]' },
        ],
      }),
    );

    // Assert
    expect(response.FailedEntryCount).toBe(2);
    expect(response.Entries?.map((result) => result.ErrorCode)).toEqual([
      undefined,
      'ResourceNotFoundException',
      'MalformedDetail',
    ]);
  });

  it('moves a message whose consumer failed it twice to the dead letters when maxReceiveCount is 2', async () => {
    // Arrange
    const receiveCounts: string[] = [];
    const queue = new LocalQueue({
      visibilityTimeoutMs: 20,
      maxReceiveCount: 2,
      consumer: async (event) => ({
        batchItemFailures: event.Records.map((record) => {
          receiveCounts.push(record.attributes.ApproximateReceiveCount);
          return { itemIdentifier: record.messageId };
        }),
      }),
    });
    queues.push(queue);

    // Act
    const messageId = queue.send('{"detail-type":"Payment Received"}');
    await queue.drain();

    // Assert
    expect(receiveCounts).toEqual(['1', '2']);
    expect(queue.deadLetters()).toMatchObject([
      { messageId, body: '{"detail-type":"Payment Received"}', receiveCount: 2 },
    ]);
  });

  it('redelivers only the records of a batch that the consumer reported as failed', async () => {
    // Arrange
    const deliveries: string[] = [];
    let failedOnce = false;
    const queue = new LocalQueue({
      visibilityTimeoutMs: 20,
      consumer: async (event) => {
        deliveries.push(...event.Records.map((record) => record.body));
        const flaky = event.Records.find((record) => record.body === 'flaky');
        if (!flaky || failedOnce) return undefined;
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: flaky.messageId }] };
      },
    });
    queues.push(queue);

    // Act
    queue.send('steady');
    queue.send('flaky');
    await queue.drain();

    // Assert
    expect(deliveries).toEqual(['steady', 'flaky', 'flaky']);
    expect(queue.deadLetters()).toEqual([]);
  });
});

describe('event pattern matching', () => {
  const event = {
    source: 'erp.invoicing',
    'detail-type': 'Payment Received',
    detail: { invoiceId: 'RE-11', amount: { cents: 5000 }, tags: ['b2b', 'priority'], channel: 'sepa' },
  };

  it.each<[string, EventPattern, boolean]>([
    ['an exact value in a list', { 'detail-type': ['Invoice Issued', 'Payment Received'] }, true],
    ['a value missing from the list', { 'detail-type': ['Invoice Issued'] }, false],
    ['a nested detail field', { detail: { amount: { cents: [5000] } } }, true],
    ['a prefix', { source: [{ prefix: 'erp.' }] }, true],
    ['a prefix that does not fit', { source: [{ prefix: 'crm.' }] }, false],
    ['anything-but a listed value', { detail: { channel: [{ 'anything-but': ['card'] }] } }, true],
    ['anything-but the actual value', { detail: { channel: [{ 'anything-but': 'sepa' }] } }, false],
    ['an existing field', { detail: { invoiceId: [{ exists: true }] } }, true],
    ['a field that must not exist but does', { detail: { invoiceId: [{ exists: false }] } }, false],
    ['a missing field that must not exist', { detail: { dunningBlock: [{ exists: false }] } }, true],
    ['a numeric range', { detail: { amount: { cents: [{ numeric: ['>', 0, '<=', 5000] }] } } }, true],
    ['an element of an array', { detail: { tags: ['priority'] } }, true],
    ['an $or of two patterns', { $or: [{ source: ['crm'] }, { detail: { channel: ['sepa'] } }] }, true],
    ['all fields, not just one', { source: ['erp.invoicing'], 'detail-type': ['Invoice Issued'] }, false],
  ])('matches %s: %j -> %s', (_, pattern, expected) => {
    // Arrange
    const subject = event;

    // Act
    const matches = matchesPattern(pattern, subject);

    // Assert
    expect(matches).toBe(expected);
  });

  it('rejects a malformed pattern with InvalidEventPatternException', () => {
    // Arrange
    const malformed: EventPattern = { source: 'erp.invoicing' };

    // Act
    const attempt = () => matchesPattern(malformed, event);

    // Assert
    expect(attempt).toThrow(expect.objectContaining({ name: 'InvalidEventPatternException' }));
  });
});
