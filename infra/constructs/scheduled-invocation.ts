import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  type CronOptionsWithTimezone,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeScheduledInvocation } from '../nag.js';

/** Scheduler's delivery retries and the function's own retries of a failed run (Lambda's default, 2). */
const SCHEDULE_RETRY_ATTEMPTS = 3;
const RUN_RETRY_ATTEMPTS = 2;

export interface ScheduledInvocationProps {
  /** The function to run. */
  readonly fn: IFunction;
  /** How often it runs (and how long a run may wait for its delivery). */
  readonly every: Duration;
  /**
   * Runs at these wall-clock times instead of at the fixed rate `every` (e.g. weekdays at 15:00 in Berlin).
   *
   * @default - at the fixed rate `every`
   */
  readonly cron?: CronOptionsWithTimezone;
  /** The event every run gets. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The schedule's description in EventBridge Scheduler. */
  readonly description: string;
}

/**
 * A function run at a fixed rate by EventBridge Scheduler (AWS's recommended service for schedules: its own
 * retry policy and dead-letter queue per schedule, an IAM role instead of a resource policy on the
 * function, and a schedule an operator can disable on its own). A run that is older than the interval is
 * dropped, since the next run does the same work; a run that cannot be delivered or fails after its retries
 * lands in the dead-letter queue, which raises an alarm.
 */
export class ScheduledInvocation extends Construct {
  readonly schedule: Schedule;
  readonly role: iam.Role;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduledInvocationProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows, like the rule queues' dead-letter queues.
      retentionPeriod: Duration.days(14),
    });
    this.role = schedulerRole(this, `Lets EventBridge Scheduler run ${props.description}`, 'default');
    this.schedule = new Schedule(this, 'Schedule', {
      description: props.description,
      schedule: props.cron ? ScheduleExpression.cron(props.cron) : ScheduleExpression.rate(props.every),
      target: new LambdaInvoke(props.fn, {
        role: this.role,
        input: ScheduleTargetInput.fromObject(props.input),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: props.every,
      }),
    });
    // Scheduler invokes asynchronously: a run that throws is retried by Lambda, then kept in the same queue.
    props.fn.configureAsyncInvoke({
      retryAttempts: RUN_RETRY_ATTEMPTS,
      maxEventAge: props.every,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    acknowledgeScheduledInvocation({ fn: props.fn, role: this.role, deadLetterQueue: this.deadLetterQueue });
  }
}

/**
 * A role EventBridge Scheduler may assume only for schedules of one group of this account (confused deputy):
 * its targets' permissions are added by whoever creates it.
 */
export function schedulerRole(scope: Construct, description: string, scheduleGroupName: string): iam.Role {
  const stack = Stack.of(scope);
  return new iam.Role(scope, 'Role', {
    description,
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: scheduleGroupName,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        },
      },
    }),
  });
}
