import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeScheduleDeadLetters, acknowledgeStartSchedules } from '../nag.js';
import { schedulerRole } from './scheduled-invocation.js';

export interface StartSchedulesProps {
  /** A fixed name, so functions reach the group's schedules by ARN without a reference cycle. */
  readonly scheduleGroupName: string;
  /** The function every start schedule invokes (start-overdue). */
  readonly target: IFunction;
}

/**
 * The one-time schedules that start a case's first execution when its invoice becomes overdue: a dedicated
 * schedule group (so IAM can name exactly these schedules) and the role EventBridge Scheduler invokes the
 * target with. The schedules themselves are made at run time by start-dunning, one per invoice, and deleted
 * on payment or cancellation (or by Scheduler after they fired: ActionAfterCompletion DELETE). A start that
 * Scheduler cannot deliver, or that start-overdue fails after Lambda's retries, lands in the dead-letter
 * queue, which raises an alarm; the sweep starts such a case as a lost start after its grace period anyway.
 */
export class StartSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: Queue;
  /** Every schedule of the group: arn:…:schedule/<group>/*. */
  readonly schedulesArn: string;
  readonly scheduleGroupName: string;
  /** The function the schedules invoke. */
  readonly targetArn: string;

  constructor(scope: Construct, id: string, props: StartSchedulesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.scheduleGroupName = props.scheduleGroupName;
    this.targetArn = props.target.functionArn;
    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.scheduleGroupName,
      // Pending schedules only start executions of this stack; they have no value without it.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.schedulesArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${props.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.role = schedulerRole(
      this,
      'Lets EventBridge Scheduler start overdue cases (invokes start-overdue only)',
      props.scheduleGroupName,
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }),
    );
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows, like the other dead-letter queues.
      retentionPeriod: Duration.days(14),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    acknowledgeScheduleDeadLetters(this.deadLetterQueue);
    // Scheduler invokes asynchronously: a start that throws is retried by Lambda, then kept in the same queue.
    props.target.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetterQueue) });
  }

  /** What start-dunning needs: create schedules in this group only, handing Scheduler this role only. */
  grantCreate(fn: { role: iam.IRole } & IConstruct): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [this.schedulesArn] }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    this.acknowledge(fn);
  }

  /** What a function that may close a case before its start needs: delete schedules of this group only. */
  grantDelete(fn: { role: iam.IRole } & IConstruct): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['scheduler:DeleteSchedule'], resources: [this.schedulesArn] }),
    );
    this.acknowledge(fn);
  }

  private readonly acknowledged = new Set<IConstruct>();

  /** One acknowledgement per function, however many grants it got. */
  private acknowledge(fn: IConstruct): void {
    if (this.acknowledged.has(fn)) return;
    this.acknowledged.add(fn);
    acknowledgeStartSchedules(fn, this.scheduleGroupName);
  }
}
