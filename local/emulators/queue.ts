import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { createDeferred, type Deferred, localAccountId, localRegion } from './shared.js';

/**
 * A Lambda function behind an SQS event source mapping with ReportBatchItemFailures: it answers nothing
 * (all records done), `{ batchItemFailures }` (these records failed), or throws (the whole batch failed).
 */
export type QueueConsumer = (event: SQSEvent) => Promise<unknown>;

export interface LocalQueueOptions {
  name?: string;
  consumer?: QueueConsumer;
  /** Records per consumer call (SQS event source default: 10). */
  batchSize?: number;
  /** How long a received message stays invisible; a failed one comes back after it (SQS default: 30 s). */
  visibilityTimeoutMs?: number;
  /** Receives before a message moves to the dead-letter list (the redrive policy; default 3). */
  maxReceiveCount?: number;
  /** Batches the consumer may work on at once. */
  maxConcurrency?: number;
  region?: string;
  accountId?: string;
  /** Sees what a consumer threw (the batch is retried regardless); by default errors are only counted. */
  onConsumerError?: (error: unknown, event: SQSEvent) => void;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: Date;
}

interface Message {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  visibleAt: number;
  inFlight: boolean;
}

interface DrainWaiter {
  readonly done: Deferred<void>;
  timer?: NodeJS.Timeout;
}

const batchResponseSchema = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.string().min(1) })).nullish(),
});

/** An SQS queue with its dead-letter queue, drained by one consumer the way Lambda polls SQS. */
export class LocalQueue {
  readonly name: string;
  readonly arn: string;
  private readonly region: string;
  private consumer: QueueConsumer | undefined;
  private readonly batchSize: number;
  private readonly visibilityTimeoutMs: number;
  private readonly maxReceiveCount: number;
  private readonly maxConcurrency: number;
  private readonly onConsumerError: LocalQueueOptions['onConsumerError'];
  /** In send order; a message leaves when its consumer succeeds or it moves to the dead letters. */
  private readonly messages = new Map<string, Message>();
  private readonly dead: DeadLetter[] = [];
  private readonly drainWaiters = new Set<DrainWaiter>();
  private batchesInFlight = 0;
  private consumerErrors = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private pumpScheduled: NodeJS.Immediate | undefined;
  private stopped = false;

  constructor(options: LocalQueueOptions = {}) {
    this.name = options.name ?? `local-queue-${randomUUID()}`;
    this.region = options.region ?? localRegion;
    this.arn = `arn:aws:sqs:${this.region}:${options.accountId ?? localAccountId}:${this.name}`;
    this.consumer = options.consumer;
    this.batchSize = options.batchSize ?? 10;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.maxReceiveCount = options.maxReceiveCount ?? 3;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    this.onConsumerError = options.onConsumerError;
  }

  /** Enqueues a message body; returns its message id. */
  send(body: string): string {
    const messageId = randomUUID();
    const now = Date.now();
    this.messages.set(messageId, {
      messageId,
      body,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now,
      inFlight: false,
    });
    this.schedulePump();
    return messageId;
  }

  setConsumer(consumer: QueueConsumer): void {
    this.consumer = consumer;
    this.schedulePump();
  }

  /** Messages that are neither done nor dead: waiting, invisible after a failure, or being consumed. */
  pendingCount(): number {
    return this.messages.size;
  }

  deadLetters(): DeadLetter[] {
    return [...this.dead];
  }

  /** How many consumer calls threw. */
  errorCount(): number {
    return this.consumerErrors;
  }

  /** Resolves when no message is waiting or in flight (all consumed or dead-lettered). */
  drain(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error(`Queue ${this.name} is stopped`));
    if (!this.consumer) return Promise.reject(new Error(`Queue ${this.name} has no consumer to drain it`));
    const waiter: DrainWaiter = { done: createDeferred<void>() };
    const timeoutMs = options.timeoutMs ?? 10_000;
    waiter.timer = setTimeout(() => {
      this.drainWaiters.delete(waiter);
      waiter.done.reject(
        new Error(`Queue ${this.name} still has ${this.messages.size} messages after ${timeoutMs} ms`),
      );
    }, timeoutMs);
    this.drainWaiters.add(waiter);
    return waiter.done.promise;
  }

  /** Stops delivering and clears every timer; batches already with the consumer finish on their own. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    if (this.pumpScheduled) clearImmediate(this.pumpScheduled);
    this.pumpScheduled = undefined;
    for (const waiter of this.drainWaiters) {
      clearTimeout(waiter.timer);
      waiter.done.reject(new Error(`Queue ${this.name} stopped before it drained`));
    }
    this.drainWaiters.clear();
  }

  private isIdle(): boolean {
    return this.messages.size === 0 && this.batchesInFlight === 0;
  }

  /** Sends of one tick go out together, like records a poller finds in one receive. */
  private schedulePump(): void {
    if (this.stopped || this.pumpScheduled) return;
    this.pumpScheduled = setImmediate(() => {
      this.pumpScheduled = undefined;
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const consumer = this.consumer;
    if (this.stopped || !consumer) return;
    while (this.batchesInFlight < this.maxConcurrency) {
      const batch = this.receive(Date.now());
      if (batch.length === 0) break;
      this.batchesInFlight += 1;
      void this.deliver(consumer, batch);
    }
    this.scheduleWake();
    this.resolveDrainedWaiters();
  }

  private receive(now: number): Message[] {
    const batch: Message[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= this.batchSize) break;
      if (message.inFlight || message.visibleAt > now) continue;
      // SQS's redrive: the receive after the last allowed one moves the message to the dead-letter queue.
      if (message.receiveCount >= this.maxReceiveCount) {
        this.messages.delete(message.messageId);
        this.dead.push({
          messageId: message.messageId,
          body: message.body,
          receiveCount: message.receiveCount,
          sentAt: new Date(message.sentTimestamp),
        });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.visibleAt = now + this.visibilityTimeoutMs;
      message.inFlight = true;
      batch.push(message);
    }
    return batch;
  }

  private async deliver(consumer: QueueConsumer, batch: Message[]): Promise<void> {
    const event: SQSEvent = { Records: batch.map((message) => this.toRecord(message)) };
    let failed: ReadonlySet<string>;
    try {
      failed = failedMessageIds(await consumer(event), batch);
    } catch (error) {
      this.consumerErrors += 1;
      this.onConsumerError?.(error, event);
      failed = new Set(batch.map((message) => message.messageId));
    }
    this.batchesInFlight -= 1;
    for (const message of batch) {
      message.inFlight = false;
      if (!failed.has(message.messageId)) this.messages.delete(message.messageId);
    }
    this.pump();
  }

  /** Failed messages wait out their visibility timeout; one timer wakes the poller for the earliest. */
  private scheduleWake(): void {
    if (this.stopped || this.batchesInFlight >= this.maxConcurrency) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const message of this.messages.values()) {
      if (!message.inFlight) earliest = Math.min(earliest, message.visibleAt);
    }
    if (earliest === Number.POSITIVE_INFINITY) return;
    this.wakeTimer = setTimeout(() => this.pump(), Math.max(0, earliest - Date.now()));
  }

  private resolveDrainedWaiters(): void {
    if (!this.isIdle()) return;
    for (const waiter of this.drainWaiters) {
      clearTimeout(waiter.timer);
      waiter.done.resolve();
    }
    this.drainWaiters.clear();
  }

  private toRecord(message: Message): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: randomUUID(),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: 'AIDALOCALEVENTBRIDGE',
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
      },
      messageAttributes: {},
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: this.region,
    };
  }
}

/**
 * Lambda's rules for a batch response: nothing or no failures means success; an unknown or empty item
 * identifier, or an answer that is not a batch response, fails the whole batch.
 */
function failedMessageIds(response: unknown, batch: readonly Message[]): ReadonlySet<string> {
  const all = new Set(batch.map((message) => message.messageId));
  if (response === undefined || response === null) return new Set();
  const parsed = batchResponseSchema.safeParse(response);
  if (!parsed.success) return all;
  const failures = parsed.data.batchItemFailures ?? [];
  const ids = new Set(failures.map((failure) => failure.itemIdentifier));
  for (const id of ids) {
    if (!all.has(id)) return all;
  }
  return ids;
}
