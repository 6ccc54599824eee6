import { ArnFormat, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { EVENT_SOURCE, outboundDetailTypes } from '../../functions/domain/events.js';
import { readAsl, substitutionsIn } from '../../statemachines/asl.js';
import { documentBucketName, grantDocuments } from '../constructs/document-bucket.js';
import { DunningFunction } from '../constructs/dunning-function.js';
import { EmailSending } from '../constructs/email-sending.js';
import { EventQueue } from '../constructs/event-queue.js';
import { OperationsAlarms } from '../constructs/operations-alarms.js';
import { ScheduledInvocation } from '../constructs/scheduled-invocation.js';
import { StartSchedules } from '../constructs/start-schedules.js';
import { WorkflowStateMachine } from '../constructs/workflow-state-machine.js';
import type { DeploymentConfig } from '../deployment-config.js';
import { type EventRuleDefinition, eventRulesFor } from '../event-rules.js';
import { functionDefinitions, stateMachineDefinitions } from '../function-definitions.js';
import { capabilitiesOf } from '../function-permissions.js';
import { acknowledgeExecutionsOf, acknowledgeWildcardResources, WILDCARD_REASONS } from '../nag.js';
import { dunningTable as dunningTableDefinition } from '../table-definitions.js';

export interface WorkflowStackProps extends StackProps {
  /** The validated deployment configuration (sender, policy, base rates, alarm address). */
  readonly config: DeploymentConfig;
  /** The data stack's table of cases, timelines, payments and tasks. */
  readonly dunningTable: ITable;
  /** The data stack's table of Powertools idempotency records. */
  readonly idempotencyTable: ITable;
  /** The product's bus: the rules listen on it and the functions publish to it. */
  readonly eventBus: IEventBus;
}

type StateMachineName = (typeof stateMachineDefinitions)[number]['name'];

/** How often the sweep looks for open cases that no execution works (the safety net behind the events). */
export const SWEEP_INTERVAL = Duration.minutes(15);

/** How often the report job runs; a pass over many cases spans runs, so reports are at most a few runs old. */
export const REPORTS_INTERVAL = Duration.minutes(15);
/**
 * The daily print batch: weekdays at 15:00 Berlin time (the job skips public holidays by the calendar); a run
 * Scheduler or Lambda could not deliver within two hours is late enough to wait for the next day.
 */
export const PRINT_BATCH_CRON = {
  minute: '0',
  hour: '15',
  weekDay: 'MON-FRI',
  timeZone: TimeZone.EUROPE_BERLIN,
};
export const PRINT_BATCH_MAX_AGE = Duration.hours(2);

/**
 * The stateless part: Lambdas, the rules and queues that feed them, both state machines, the sweep's
 * schedule, SES sending and the alarms. State machines get fixed names, so functions and the other machine reach them through ARNs
 * built from the name (no reference to the resource, hence no dependency cycle).
 */
export class WorkflowStack extends Stack {
  readonly functions: ReadonlyMap<string, DunningFunction>;
  readonly stateMachines: ReadonlyMap<StateMachineName, WorkflowStateMachine>;
  readonly queues: ReadonlyMap<EventRuleDefinition['consumer'], EventQueue>;
  readonly sweep: ScheduledInvocation;
  readonly reports: ScheduledInvocation;
  readonly printBatch: ScheduledInvocation;
  readonly startSchedules: StartSchedules;
  readonly alarms: OperationsAlarms;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const { config } = props;

    const stateMachineName = (name: StateMachineName) => `${this.stackName}-${name}`;
    const stateMachineArn = (name: StateMachineName) =>
      this.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName(name),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const executionsArn = (name: StateMachineName) =>
      this.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName(name)}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    const email = new EmailSending(this, 'EmailSending', {
      sesIdentity: config.sesIdentity,
      createIdentity: config.createSesIdentity,
      sandboxRecipients: config.sandboxRecipients,
    });

    const startScheduleGroupName = `${this.stackName}-starts`;

    // The same environment for every function: each validates all of it at cold start.
    const environment: Record<string, string> = {
      TABLE_NAME: props.dunningTable.tableName,
      IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.tableName,
      EVENT_BUS_NAME: props.eventBus.eventBusName,
      SENDER_ADDRESS: config.senderAddress,
      ...(config.replyToAddress ? { REPLY_TO_ADDRESS: config.replyToAddress } : {}),
      SES_CONFIGURATION_SET: email.configurationSet.configurationSetName,
      DUNNING_STATE_MACHINE_ARN: stateMachineArn('dunning'),
      INSTALLMENTS_STATE_MACHINE_ARN: stateMachineArn('installments'),
      START_SCHEDULE_GROUP: startScheduleGroupName,
      DUNNING_POLICY: JSON.stringify(config.policy),
      DUNNING_BASE_RATES: JSON.stringify(config.baseRates),
    };

    const tableResources = [
      props.dunningTable.tableArn,
      ...dunningTableDefinition.globalSecondaryIndexes.map(
        (index) => `${props.dunningTable.tableArn}/index/${index.indexName}`,
      ),
    ];
    const functions = new Map<string, DunningFunction>();
    // Made before the loop: start-dunning hands its role to Scheduler; the target exists once the loop ran.
    const deferredGrants: ((startSchedules: StartSchedules) => void)[] = [];
    for (const definition of functionDefinitions) {
      const capabilities = capabilitiesOf(definition.name);
      const fn = new DunningFunction(this, definition.name, {
        definition,
        environment,
        // Lambda fan-out must not outrun SES's sending rate; Step Functions retries the throttled invocations.
        reservedConcurrency: capabilities.includes('send-email') ? config.sendingConcurrency : undefined,
      });
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
          resources: tableResources,
        }),
      );
      fn.addToRolePolicy(publishOutboundEvents(props.eventBus));
      const wildcardReasons = [WILDCARD_REASONS.xray];
      for (const capability of capabilities) {
        switch (capability) {
          case 'start-dunning-execution':
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['states:StartExecution'],
                resources: [stateMachineArn('dunning')],
              }),
            );
            break;
          case 'resume-waiting-task':
            fn.addToRolePolicy(
              new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: ['*'] }),
            );
            wildcardReasons.push(WILDCARD_REASONS.taskToken);
            break;
          case 'send-email':
            email.grantSendEmail(fn.role);
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: [
                  'dynamodb:GetItem',
                  'dynamodb:PutItem',
                  'dynamodb:UpdateItem',
                  'dynamodb:DeleteItem',
                ],
                resources: [props.idempotencyTable.tableArn],
              }),
            );
            break;
          case 'reconcile-executions':
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['states:DescribeExecution'],
                resources: stateMachineDefinitions.map((machine) => executionsArn(machine.name)),
              }),
            );
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['states:StartExecution'],
                resources: [stateMachineArn('dunning')],
              }),
            );
            acknowledgeExecutionsOf(
              fn,
              stateMachineDefinitions.map((machine) => stateMachineName(machine.name)),
            );
            break;
          case 'create-start-schedule':
            deferredGrants.push((startSchedules) => {
              startSchedules.grantCreate(fn);
              fn.function.addEnvironment('START_SCHEDULE_TARGET_ARN', startSchedules.targetArn);
              fn.function.addEnvironment('START_SCHEDULE_ROLE_ARN', startSchedules.role.roleArn);
              fn.function.addEnvironment('START_SCHEDULE_DLQ_ARN', startSchedules.deadLetterQueue.queueArn);
            });
            break;
          case 'delete-start-schedule':
            deferredGrants.push((startSchedules) => startSchedules.grantDelete(fn));
            break;
          case 'read-documents':
          case 'store-documents':
            grantDocuments(fn, capability === 'store-documents' ? 'write' : 'read');
            fn.function.addEnvironment('DOCUMENT_BUCKET', documentBucketName());
            break;
        }
      }
      acknowledgeWildcardResources(fn, wildcardReasons);
      functions.set(definition.name, fn);
    }
    this.functions = functions;
    this.startSchedules = new StartSchedules(this, 'StartSchedules', {
      scheduleGroupName: startScheduleGroupName,
      target: requireFunction(functions, 'start-overdue').function,
    });
    for (const grant of deferredGrants) grant(this.startSchedules);

    const queues = new Map<EventRuleDefinition['consumer'], EventQueue>();
    // SES and other AWS services publish only to the default bus; the accounting events come to ours.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    for (const rule of eventRulesFor(config.inboundSources)) {
      let queue = queues.get(rule.consumer);
      if (!queue) {
        const consumer = requireFunction(functions, rule.consumer);
        queue = new EventQueue(this, `${pascalCase(rule.consumer)}Queue`, {
          consumer: consumer.function,
          consumerTimeout: consumer.timeout,
          maxConcurrency: config.queueMaxConcurrency,
        });
        queues.set(rule.consumer, queue);
      }
      queue.addRule(rule, rule.bus === 'default' ? defaultBus : props.eventBus);
    }
    this.queues = queues;

    const stateMachines = new Map<StateMachineName, WorkflowStateMachine>();
    for (const machine of stateMachineDefinitions) {
      const placeholders = substitutionsIn(readAsl(machine.file));
      const invokedFunctions = functionDefinitions.flatMap((definition) =>
        definition.substitution && placeholders.includes(definition.substitution)
          ? [{ substitution: definition.substitution, fn: requireFunction(functions, definition.name) }]
          : [],
      );
      const referencedMachines = stateMachineDefinitions.filter((other) =>
        placeholders.includes(other.substitution),
      );
      const workflow = new WorkflowStateMachine(this, `${pascalCase(machine.name)}StateMachine`, {
        stateMachineName: stateMachineName(machine.name),
        definitionFile: machine.file,
        substitutions: Object.fromEntries([
          ...invokedFunctions.map(({ substitution, fn }) => [substitution, fn.functionArn]),
          ...referencedMachines.map((other) => [other.substitution, stateMachineArn(other.name)]),
        ]),
        invokedFunctionArns: invokedFunctions.map(({ fn }) => fn.functionArn),
        // dunning starts installments and itself (continue-as-new); installments starts itself and
        // resumes dunning (its ARN comes in the input, so the ASL has no placeholder for it).
        startedStateMachineArns: stateMachineDefinitions.map((other) => stateMachineArn(other.name)),
      });
      acknowledgeWildcardResources(workflow, [WILDCARD_REASONS.logDelivery, WILDCARD_REASONS.xray]);
      stateMachines.set(machine.name, workflow);
    }
    this.stateMachines = stateMachines;

    this.sweep = new ScheduledInvocation(this, 'SweepSchedule', {
      fn: requireFunction(functions, 'sweep-cases').function,
      every: SWEEP_INTERVAL,
      // The handler's defaults bound a run's reads; the next run continues where this one stopped.
      input: {},
      description: 'the sweep of open cases that no execution works',
    });
    this.reports = new ScheduledInvocation(this, 'ReportsSchedule', {
      fn: requireFunction(functions, 'compute-reports').function,
      every: REPORTS_INTERVAL,
      // The handler's defaults bound a run's reads; the next run continues the pass where this one stopped.
      input: {},
      description: 'the report job computing the report snapshot',
    });

    this.printBatch = new ScheduledInvocation(this, 'PrintBatchSchedule', {
      fn: requireFunction(functions, 'render-print-batch').function,
      every: PRINT_BATCH_MAX_AGE,
      cron: PRINT_BATCH_CRON,
      input: {},
      description: 'the daily print batch of rendered letters',
    });

    this.alarms = new OperationsAlarms(this, 'Alarms', {
      deadLetterQueues: Object.fromEntries([
        ...[...queues].map(([consumer, queue]) => [pascalCase(consumer), queue.deadLetterQueue]),
        [pascalCase('sweep-cases'), this.sweep.deadLetterQueue],
        [pascalCase('compute-reports'), this.reports.deadLetterQueue],
        [pascalCase('render-print-batch'), this.printBatch.deadLetterQueue],
        ['StartSchedules', this.startSchedules.deadLetterQueue],
      ]),
      stateMachines: Object.fromEntries(
        [...stateMachines].map(([name, machine]) => [pascalCase(name), machine.stateMachine]),
      ),
      functions: Object.fromEntries([...functions].map(([name, fn]) => [pascalCase(name), fn.function])),
      ruleQueues: Object.fromEntries(
        [...queues].map(([consumer, queue]) => [pascalCase(consumer), queue.queue]),
      ),
      notificationEmail: config.alarmEmail,
    });
  }
}

/**
 * PutEvents on the product's bus for the product's own events only: a function (or whoever takes over its
 * role) cannot forge what the accounting system sends, such as a payment. EventBridge checks both keys
 * for every entry of a call.
 */
function publishOutboundEvents(bus: IEventBus): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['events:PutEvents'],
    resources: [bus.eventBusArn],
    conditions: {
      StringEquals: { 'events:source': EVENT_SOURCE, 'events:detail-type': [...outboundDetailTypes] },
    },
  });
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function requireFunction(functions: ReadonlyMap<string, DunningFunction>, name: string): DunningFunction {
  const fn = functions.get(name);
  if (!fn) throw new Error(`no function named ${name} in infra/function-definitions.ts`);
  return fn;
}
