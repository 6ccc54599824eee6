import { Duration } from 'aws-cdk-lib';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventRuleDefinition } from '../event-rules.js';

/**
 * The rule definitions are EventBridge JSON (shared with the local stack); CDK spells `detail-type` as
 * `detailType` and renders it back, every other top-level key passes through unchanged.
 */
export function toCdkEventPattern(pattern: Readonly<Record<string, unknown>>): EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return (detailType === undefined ? rest : { ...rest, detailType }) as EventPattern;
}

/** A message that failed this often (each time after the function's own retries) goes to the DLQ. */
export const MAX_RECEIVE_COUNT = 5;

export interface EventQueueProps {
  /** The Lambda that reads the queue in batches. */
  readonly consumer: IFunction;
  /** The consumer's timeout: the queue's visibility timeout is derived from it. */
  readonly consumerTimeout: Duration;
  /**
   * Batches the consumer works on at once (the event source's maxConcurrency): a burst of events waits in
   * the queue instead of fanning out into as many invocations as Lambda allows.
   */
  readonly maxConcurrency: number;
}

/**
 * One SQS queue (with a dead-letter queue) in front of one consumer Lambda. Rules feed it; the Lambda reads
 * batches and reports failed records alone (partial batch response), so one bad event does not hold up
 * the rest and ends in the DLQ after MAX_RECEIVE_COUNT attempts.
 */
export class EventQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EventQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to fix the cause and redrive after a long weekend.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS recommends six times the function timeout, so a batch in flight is never delivered twice.
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    props.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
  }

  /** A rule on `bus` that sends matching events here; events EventBridge cannot deliver go to the DLQ too. */
  addRule(definition: EventRuleDefinition, bus: IEventBus): Rule {
    const rule = new Rule(this, `${definition.id}Rule`, {
      eventBus: bus,
      description: definition.description,
      eventPattern: toCdkEventPattern(definition.eventPattern),
    });
    rule.addTarget(
      new SqsQueue(this.queue, {
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      }),
    );
    return rule;
  }
}
