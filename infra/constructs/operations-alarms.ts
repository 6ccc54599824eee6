import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { POSTING_CONFIRMATION_BUSINESS_DAYS } from '../../functions/domain/print-batch.js';
import { METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME } from './dunning-function.js';

/** SES puts an account under review at a 5 % bounce rate and may pause sending at 10 %. */
export const BOUNCE_RATE_THRESHOLD = 0.05;
/** SES reviews an account at a 0.1 % complaint rate. */
export const COMPLAINT_RATE_THRESHOLD = 0.001;

/** Errors of one function in five minutes that are more than the steps' own retries absorb. */
export const FUNCTION_ERRORS_THRESHOLD = 5;
/** Throttling that lasts this many consecutive five-minute periods is no burst any more: it is a backlog. */
export const THROTTLED_PERIODS = 3;
/** Paced bursts wait in the rule queues for minutes; half an hour means the consumers do not keep up. */
export const OLDEST_MESSAGE_AGE_SECONDS = 30 * 60;
/** Below this many years left, the generated holiday table must be extended (npm run holidays). */
export const HOLIDAY_TABLE_MIN_YEARS_LEFT = 2;

/** A value the functions emit through Powertools Metrics (EMF, functions/observability.ts), summed by default. */
function productMetric(metricName: string, period: Duration, statistic = 'Sum'): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    // Powertools Metrics adds the service name as the dimension "service" to every metric it emits, and
    // CloudWatch matches a metric by all its dimensions: without this one the alarm would see no data.
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
    period,
    statistic,
  });
}

export interface OperationsAlarmsProps {
  /** Each consumer's dead-letter queue by consumer name: any message in one raises its alarm. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** The state machines by name: failed and timed-out executions raise their alarms. */
  readonly stateMachines: Readonly<Record<string, IStateMachine>>;
  /** The functions by name: repeated errors and lasting throttling raise their alarms. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Each rule's queue by consumer name: a message waiting too long raises its alarm. */
  readonly ruleQueues: Readonly<Record<string, IQueue>>;
  /**
   * An address subscribed to the alarm topic.
   *
   * @default - no subscription: the topic has no subscriber until an operator adds one
   */
  readonly notificationEmail?: string;
}

export interface OperatorAlarmOptions {
  readonly description: string;
  readonly metric: IMetric;
  readonly threshold: number;
  /**
   * Consecutive periods at or above the threshold before the alarm fires.
   *
   * @default 1
   */
  readonly periods?: number;
  /**
   * How the metric compares with the threshold.
   *
   * @default ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
   */
  readonly comparisonOperator?: ComparisonOperator;
}

/** An alarm that notifies the operators' topic; no data means nothing happened, which is fine. */
export function operatorAlarm(
  scope: Construct,
  id: string,
  topic: ITopic,
  options: OperatorAlarmOptions,
): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: options.description,
    metric: options.metric,
    threshold: options.threshold,
    comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: options.periods ?? 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

/**
 * Everything an operator must act on, sent to one encrypted SNS topic: events that could not be processed or
 * that wait too long, failed or timed-out executions, functions that keep failing or are throttled, cases that
 * keep being restarted, that no execution worked or that are about to become time-barred, a base-rate table
 * that ran out, and SES reputation before SES itself steps in. The API's alarm lives with the API (WebStack).
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // A customer managed key: CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the Mahnwesen alarm topic',
      enableKeyRotation: true,
      // It protects alarm messages in transit only; nothing stays encrypted with it once the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Mahnwesen alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // The TLS-only topic policy replaces the default one, so CloudWatch needs its own, scoped permission.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.notificationEmail) {
      this.topic.addSubscription(new EmailSubscription(props.notificationEmail));
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}DeadLetters`, {
        description: `Events for ${name} could not be processed and wait in its dead-letter queue: fix the cause, then redrive.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
      });
    }
    for (const [name, stateMachine] of Object.entries(props.stateMachines)) {
      this.alarm(`${name}ExecutionsFailed`, {
        description: `A ${name} execution failed; the case timeline has the failed step.`,
        metric: stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
      });
      this.alarm(`${name}ExecutionsTimedOut`, {
        description: `A ${name} execution timed out.`,
        metric: stateMachine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, {
        description: `The ${name} function failed ${FUNCTION_ERRORS_THRESHOLD} times or more in five minutes: more than retries absorb. Read its logs.`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: FUNCTION_ERRORS_THRESHOLD,
      });
      this.alarm(`${name}Throttled`, {
        description: `The ${name} function was throttled for ${THROTTLED_PERIODS * 5} minutes in a row: work queues up faster than its concurrency allows. Check the account's Lambda concurrency and the sending settings.`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        periods: THROTTLED_PERIODS,
      });
    }
    for (const [name, queue] of Object.entries(props.ruleQueues)) {
      this.alarm(`${name}Backlog`, {
        description: `An event for ${name} has waited ${OLDEST_MESSAGE_AGE_SECONDS / 60} minutes or more: its consumer does not keep up or keeps failing.`,
        metric: queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: OLDEST_MESSAGE_AGE_SECONDS,
      });
    }
    this.alarm('LimitationNear', {
      description:
        "An open case came within the policy's limitationWarningDays of its limitation date (§§ 195, 199 BGB): decide on a court dunning procedure (Mahnbescheid) or the Inkasso handover before the date on its timeline.",
      metric: productMetric('LimitationNear', Duration.hours(1)),
      threshold: 1,
    });
    this.alarm('BaseRateTableStale', {
      description:
        'Interest was computed with a Basiszinssatz past the end of the base-rate table: add the new half-year to the base-rate file and deploy.',
      metric: productMetric('BaseRateTableStale', Duration.hours(1)),
      threshold: 1,
    });
    this.alarm('CaseRestartRepeated', {
      description:
        'A case was restarted for the third time or more: its executions keep failing, timing out or being aborted. Read the case timeline and the errors of its failed executions and fix the cause.',
      metric: productMetric('CaseRestartRepeated', Duration.minutes(5)),
      threshold: 1,
    });
    this.alarm('OrphanedCaseFound', {
      description:
        'The periodic sweep found an open case that no execution worked and restarted it: an execution status event was lost or not acted on. Read the case timeline and the reconcile-execution logs.',
      metric: productMetric('OrphanedCaseFound', Duration.minutes(5)),
      threshold: 1,
    });
    // The sweep reports it every run; no data means no sweep ran, which the sweep's own alarm reports.
    this.alarm('HolidayTableYearsLeft', {
      description: `The generated holiday table ends within ${HOLIDAY_TABLE_MIN_YEARS_LEFT} years: move its window in scripts/holidays/generate.ts, run npm run holidays and deploy before business days past its end are computed.`,
      metric: productMetric('HolidayTableYearsLeft', Duration.days(1), 'Minimum'),
      threshold: HOLIDAY_TABLE_MIN_YEARS_LEFT,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    });
    // The daily print job reports it on every run; no data means no run, which its dead-letter alarm reports.
    this.alarm('PrintBatchesUnconfirmed', {
      description: `A print batch is ready for more than ${POSTING_CONFIRMATION_BUSINESS_DAYS} business days and nobody confirmed its posting: its letters count as not received and their handovers wait. Confirm it on the page "Druck" (or POST /print-batches/{batchId}/posted), or have the batch printed again.`,
      metric: productMetric('PrintBatchesUnconfirmed', Duration.days(1), 'Maximum'),
      threshold: 1,
    });
    // Account-level reputation: it is what SES reviews and pauses on, whatever configuration set sent.
    this.alarm('SesBounceRate', {
      description: `The SES bounce rate reached ${BOUNCE_RATE_THRESHOLD * 100} %: SES reviews the account and may pause sending. Check customer email addresses.`,
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: BOUNCE_RATE_THRESHOLD,
    });
    this.alarm('SesComplaintRate', {
      description: `The SES complaint rate reached ${COMPLAINT_RATE_THRESHOLD * 100} %: SES reviews the account.`,
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: COMPLAINT_RATE_THRESHOLD,
    });
  }

  private alarm(id: string, options: OperatorAlarmOptions): Alarm {
    const alarm = operatorAlarm(this, id, this.topic, options);
    this.alarms.push(alarm);
    return alarm;
  }
}
