import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/event-queue.js';
import { eventRules } from '../../infra/event-rules.js';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { readAsl, substitutionsIn } from '../../statemachines/asl.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, permissionsOfRole, propertiesOf } from './template-queries.js';
import { workflowLookups } from './workflow-lookups.js';

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
      const rule = rules.find((candidate) => flat(candidate.EventPattern) === flat(definition.eventPattern));

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

  it.each(['start-dunning', 'case-events'] as const)(
    'feeds %s from an encrypted, TLS-only queue with a dead-letter queue and partial batch responses',
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
      });
      expect(queueProperties).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 180,
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
