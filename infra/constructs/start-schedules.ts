import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Construct, type IConstruct } from 'constructs';
import { acknowledgeStartSchedules } from '../nag.js';
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
 * on payment or cancellation (or by Scheduler after they fired: ActionAfterCompletion DELETE).
 */
export class StartSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly role: iam.Role;
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
