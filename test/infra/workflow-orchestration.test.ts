import { isDeepStrictEqual } from 'node:util';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/event-queue.js';
import { DEFAULT_QUEUE_MAX_CONCURRENCY } from '../../infra/deployment-config.js';
import { DEFAULT_INBOUND_SOURCES, eventRulesFor } from '../../infra/event-rules.js';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { assertEventPattern, matchesPattern } from '../../local/emulators/event-pattern.js';
import { readAsl, substitutionsIn } from '../../statemachines/asl.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import {
  flat,
  logicalIdOf,
  permissionsOfRole,
  propertiesOf,
  resourcePropertiesSchema,
} from './template-queries.js';
import { workflowLookups } from './workflow-lookups.js';

const eventRules = eventRulesFor(DEFAULT_INBOUND_SOURCES);

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen({ full: false });
}, 120_000);

const { functionNamed, stateMachineNamed, environmentOf } = workflowLookups(() => synthesized);

describe('the event routing', () => {
  const ruleSchema = z.object({
    Properties: z.object({
      EventBusName: z.unknown(),
      EventPattern: z.unknown(),
      Targets: z.array(
        z.object({
          Arn: z.unknown(),
          DeadLetterConfig: z.object({ Arn: z.unknown() }),
          RetryPolicy: z.object({ MaximumEventAgeInSeconds: z.number(), MaximumRetryAttempts: z.number() }),
        }),
      ),
    }),
  });

  it.each(eventRules.map((rule) => [rule.id, rule] as const))(
    'sends %s events from their bus to the queue of their consumer, undeliverable ones to its DLQ',
    (_id, definition) => {
      // Arrange
      const queue = synthesized.workflow.queues.get(definition.consumer);
      if (!queue) throw new Error(`no queue for ${definition.consumer}`);

      // Act
      const rules = Object.values(synthesized.workflowTemplate.findResources('AWS::Events::Rule')).map(
        (rule) => ruleSchema.parse(rule).Properties,
      );
      // CDK writes the keys of a pattern in its own order; EventBridge reads them in any order.
      const rule = rules.find((candidate) =>
        isDeepStrictEqual(candidate.EventPattern, definition.eventPattern),
      );

      // Assert
      expect(rule).toBeDefined();
      expect(rule?.Targets).toEqual([
        {
          Arn: { 'Fn::GetAtt': [logicalIdOf(queue.queue), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(queue.deadLetterQueue), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        },
      ]);
      if (definition.bus === 'default') {
        expect(rule?.EventBusName).toBe('default');
      } else {
        expect(flat(rule?.EventBusName)).toContain('EventBus');
      }
    },
  );

  it.each(['start-dunning', 'case-events', 'reconcile-execution', 'render-letter'] as const)(
    'feeds %s from an encrypted, TLS-only queue with a dead-letter queue, partial batch responses and a concurrency cap',
    (consumer) => {
      // Arrange
      const queue = synthesized.workflow.queues.get(consumer);
      if (!queue) throw new Error(`no queue for ${consumer}`);
      const template = synthesized.workflowTemplate;

      // Act
      const queueProperties = propertiesOf(template, logicalIdOf(queue.queue));
      const deadLetterProperties = propertiesOf(template, logicalIdOf(queue.deadLetterQueue));

      // Assert
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(functionNamed(consumer).function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(queue.queue), 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: DEFAULT_QUEUE_MAX_CONCURRENCY },
      });
      expect(queueProperties).toMatchObject({
        SqsManagedSseEnabled: true,
        // Six times the consumer's timeout, as AWS recommends (render-letter has a minute, the others 30 s).
        VisibilityTimeout: consumer === 'render-letter' ? 360 : 180,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(queue.deadLetterQueue), 'Arn'] },
          maxReceiveCount: MAX_RECEIVE_COUNT,
        },
      });
      expect(deadLetterProperties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      for (const resource of [queue.queue, queue.deadLetterQueue]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: logicalIdOf(resource) }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    },
  );
});

describe('the execution status rule', () => {
  const account = '123456789012';
  const statusChange = (machine: string, status: string) => ({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account,
    time: '2026-11-30T09:00:00Z',
    region: 'eu-central-1',
    resources: [`arn:aws:states:eu-central-1:${account}:execution:${machine}:inv-RE-1`],
    detail: {
      executionArn: `arn:aws:states:eu-central-1:${account}:execution:${machine}:inv-RE-1`,
      stateMachineArn: `arn:aws:states:eu-central-1:${account}:stateMachine:${machine}`,
      name: 'inv-RE-1',
      status,
      startDate: 1_796_000_000_000,
      stopDate: 1_796_000_060_000,
      input: '{"invoiceId":"RE-1"}',
    },
  });
  function deployedPattern() {
    const definition = eventRules.find((rule) => rule.id === 'ExecutionEnded');
    const deployed = Object.values(synthesized.workflowTemplate.findResources('AWS::Events::Rule'))
      .map((rule) => z.object({ Properties: z.object({ EventPattern: z.unknown() }) }).parse(rule))
      .map((rule) => rule.Properties.EventPattern)
      .find((pattern) => isDeepStrictEqual(pattern, definition?.eventPattern));
    assertEventPattern(deployed);
    return deployed;
  }

  it.each(stateMachineDefinitions.map((machine) => `Mahnwesen-Workflow-${machine.name}`))(
    'sends the reconciler every %s execution that failed, timed out or was aborted, and no other',
    (machine) => {
      // Arrange
      const pattern = deployedPattern();

      // Act
      const matched = (status: string) => matchesPattern(pattern, statusChange(machine, status));

      // Assert
      expect(['FAILED', 'TIMED_OUT', 'ABORTED'].map(matched)).toEqual([true, true, true]);
      expect(['RUNNING', 'SUCCEEDED', 'PENDING_REDRIVE'].map(matched)).toEqual([false, false, false]);
    },
  );

  it('leaves alone the executions of state machines whose names end otherwise', () => {
    // Arrange
    const pattern = deployedPattern();

    // Act
    const matched = (machine: string) => matchesPattern(pattern, statusChange(machine, 'FAILED'));

    // Assert
    expect(['Payroll', 'Mahnwesen-Workflow-dunning-report', 'installments-archive'].map(matched)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('the state machines', () => {
  const stateMachineSchema = z.object({
    StateMachineName: z.string(),
    DefinitionS3Location: z.object({ Key: z.unknown() }),
    DefinitionSubstitutions: z.record(z.string(), z.unknown()),
    LoggingConfiguration: z.object({ Level: z.string(), IncludeExecutionData: z.boolean() }),
    TracingConfiguration: z.object({ Enabled: z.boolean() }),
    RoleArn: z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) }),
  });
  function propertiesOfMachine(name: (typeof stateMachineDefinitions)[number]['name']) {
    return stateMachineSchema.parse(
      propertiesOf(synthesized.workflowTemplate, logicalIdOf(stateMachineNamed(name).stateMachine)),
    );
  }

  it.each(stateMachineDefinitions.map((machine) => [machine.name, machine] as const))(
    'fills every placeholder of the %s ASL file from the file itself, and no other',
    (name, machine) => {
      // Arrange
      const placeholders = substitutionsIn(readAsl(machine.file));

      // Act
      const properties = propertiesOfMachine(name);

      // Assert
      expect(Object.keys(properties.DefinitionSubstitutions).sort()).toEqual(placeholders);
      expect(placeholders.length).toBeGreaterThan(0);
    },
  );

  it.each(stateMachineDefinitions.map((machine) => machine.name))(
    'points the %s placeholders at the functions and at fixed-name state machine ARNs',
    (name) => {
      // Arrange
      const substitutions = propertiesOfMachine(name).DefinitionSubstitutions;

      // Act
      const functionSubstitutions = functionDefinitions.filter(
        (definition) => definition.substitution && definition.substitution in substitutions,
      );
      const machineSubstitutions = stateMachineDefinitions.filter(
        (other) => other.substitution in substitutions,
      );

      // Assert
      for (const definition of functionSubstitutions) {
        expect(substitutions[definition.substitution ?? '']).toEqual({
          'Fn::GetAtt': [logicalIdOf(functionNamed(definition.name).function), 'Arn'],
        });
      }
      for (const other of machineSubstitutions) {
        expect(flat(substitutions[other.substitution])).toContain(
          `:stateMachine:Mahnwesen-Workflow-${other.name}"`,
        );
      }
    },
  );

  it.each(stateMachineDefinitions.map((machine) => machine.name))(
    'logs every event of %s to its own log group, traces it and names it for its ARN',
    (name) => {
      // Arrange
      const machine = stateMachineNamed(name);

      // Act
      const properties = propertiesOfMachine(name);

      // Assert
      expect(properties.StateMachineName).toBe(`Mahnwesen-Workflow-${name}`);
      expect(properties.LoggingConfiguration.Level).toBe('ALL');
      expect(properties.TracingConfiguration.Enabled).toBe(true);
      synthesized.workflowTemplate.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/vendedlogs/states/Mahnwesen-Workflow-${name}`,
        RetentionInDays: 90,
      });
      expect(flat(propertiesOf(synthesized.workflowTemplate, logicalIdOf(machine.stateMachine)))).toContain(
        logicalIdOf(machine.logGroup),
      );
    },
  );

  it.each(stateMachineDefinitions.map((machine) => [machine.name, machine] as const))(
    'lets %s invoke only the functions its ASL names and start only the two state machines',
    (name, machine) => {
      // Arrange
      const placeholders = substitutionsIn(readAsl(machine.file));
      const expectedFunctions = functionDefinitions
        .filter((definition) => definition.substitution && placeholders.includes(definition.substitution))
        .map((definition) => ({
          'Fn::GetAtt': [logicalIdOf(functionNamed(definition.name).function), 'Arn'],
        }));

      // Act
      const permissions = permissionsOfRole(
        synthesized.workflowTemplate,
        propertiesOfMachine(name).RoleArn['Fn::GetAtt'][0],
      );

      // Assert
      expect(permissions.get('lambda:InvokeFunction')).toEqual(expect.arrayContaining(expectedFunctions));
      expect(permissions.get('lambda:InvokeFunction')).toHaveLength(expectedFunctions.length);
      const started = flat(permissions.get('states:StartExecution'));
      expect(permissions.get('states:StartExecution')).toHaveLength(2);
      expect(started).toContain(':stateMachine:Mahnwesen-Workflow-dunning"');
      expect(started).toContain(':stateMachine:Mahnwesen-Workflow-installments"');
      const onEverything = [...permissions].filter(([, resources]) => resources.includes('*'));
      expect(onEverything.every(([action]) => action.startsWith('logs:') || action.startsWith('xray:'))).toBe(
        true,
      );
    },
  );

  it('hands functions the state machine ARNs without referencing the state machines (no cycle)', () => {
    // Arrange
    const machineIds = stateMachineDefinitions.map((machine) =>
      logicalIdOf(stateMachineNamed(machine.name).stateMachine),
    );

    // Act
    const environments = functionDefinitions.map((definition) => flat(environmentOf(definition.name)));

    // Assert
    for (const environment of environments) {
      expect(environment).toContain(':stateMachine:Mahnwesen-Workflow-dunning"');
      expect(environment).toContain(':stateMachine:Mahnwesen-Workflow-installments"');
      for (const id of machineIds) expect(environment).not.toContain(id);
    }
  });
});

describe('the scheduled runs: the sweep of open cases and the report job', () => {
  const scheduleSchema = z.object({
    ScheduleExpression: z.string(),
    State: z.string(),
    Target: z.object({
      Arn: z.unknown(),
      Input: z.string(),
      RoleArn: z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) }),
      DeadLetterConfig: z.object({ Arn: z.unknown() }),
      RetryPolicy: z.object({ MaximumEventAgeInSeconds: z.number(), MaximumRetryAttempts: z.number() }),
    }),
  });
  /** The schedule that runs the function (the sweep's, the report job's). */
  function scheduleOf(name: string) {
    const fn = logicalIdOf(functionNamed(name).function);
    const schedules = Object.values(synthesized.workflowTemplate.findResources('AWS::Scheduler::Schedule'))
      .map((resource) => scheduleSchema.parse(resourcePropertiesSchema.parse(resource).Properties))
      .filter((schedule) => flat(schedule.Target.Arn).includes(fn));
    const [schedule, ...more] = schedules;
    if (!schedule || more.length > 0) throw new Error(`expected one schedule of ${name}`);
    return schedule;
  }
  const sweepSchedule = () => scheduleOf('sweep-cases');

  it('runs the report job every 15 minutes with the handler defaults, as the sweep', () => {
    // Arrange
    const reportsFunction = logicalIdOf(functionNamed('compute-reports').function);

    // Act
    const schedule = scheduleOf('compute-reports');

    // Assert
    expect(schedule).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', Target: { Input: '{}' } });
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [reportsFunction, 'Arn'] });
  });

  it('runs sweep-cases every 15 minutes with the handler defaults, a run older than that dropped', () => {
    // Arrange
    const sweepFunction = logicalIdOf(functionNamed('sweep-cases').function);

    // Act
    const schedule = sweepSchedule();

    // Assert
    expect(schedule).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [sweepFunction, 'Arn'] });
    expect(JSON.parse(schedule.Target.Input)).toEqual({});
    expect(schedule.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(15 * 60);
    expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
  });

  it('keeps runs that could not be delivered or failed after their retries in an alarmed dead-letter queue', () => {
    // Arrange
    const deadLetterQueue = logicalIdOf(synthesized.workflow.sweep.deadLetterQueue);
    const template = synthesized.workflowTemplate;

    // Act
    const schedule = sweepSchedule();

    // Assert
    expect(schedule.Target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [deadLetterQueue, 'Arn'] });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(functionNamed('sweep-cases').function) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 15 * 60,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [deadLetterQueue, 'Arn'] } } },
    });
    expect(propertiesOf(template, deadLetterQueue)).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }],
      Threshold: 1,
    });
  });

  it('lets the scheduler, and only for this account, invoke sweep-cases and nothing else', () => {
    // Arrange
    const role = sweepSchedule().Target.RoleArn['Fn::GetAtt'][0];
    const sweepFunction = logicalIdOf(functionNamed('sweep-cases').function);

    // Act
    const permissions = permissionsOfRole(synthesized.workflowTemplate, role);
    const trust = flat(propertiesOf(synthesized.workflowTemplate, role).AssumeRolePolicyDocument);

    // Assert
    expect([...permissions.keys()].sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    expect(flat(permissions.get('lambda:InvokeFunction'))).not.toContain('"*"');
    for (const resource of permissions.get('lambda:InvokeFunction') ?? []) {
      expect(flat(resource)).toContain(sweepFunction);
    }
    expect(permissions.get('sqs:SendMessage')).toEqual([
      { 'Fn::GetAtt': [logicalIdOf(synthesized.workflow.sweep.deadLetterQueue), 'Arn'] },
    ]);
    expect(trust).toContain('scheduler.amazonaws.com');
    expect(trust).toContain('aws:SourceAccount');
    expect(trust).toContain(':schedule-group/default');
  });
});
