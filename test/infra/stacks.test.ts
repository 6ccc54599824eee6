import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseRateTableSchema } from '../../functions/domain/base-rates.js';
import { parsePolicy } from '../../functions/domain/policy.js';
import { parseConfig } from '../../functions/handlers/runtime/config.js';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/event-queue.js';
import { BOUNCE_RATE_THRESHOLD } from '../../infra/constructs/operations-alarms.js';
import { eventRules } from '../../infra/event-rules.js';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { ARCHIVE_RETENTION } from '../../infra/stacks/data-stack.js';
import { dunningTable, idempotencyTable } from '../../infra/table-definitions.js';
import { readAsl, repositoryRoot, substitutionsIn } from '../../statemachines/asl.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, permissionsOfRole, propertiesOf } from './template-queries.js';

let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen();
}, 180_000);

function functionNamed(name: string) {
  const fn = synthesized.workflow.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
}

function stateMachineNamed(name: (typeof stateMachineDefinitions)[number]['name']) {
  const machine = synthesized.workflow.stateMachines.get(name);
  if (!machine) throw new Error(`no state machine ${name}`);
  return machine;
}

const environmentSchema = z.object({ Variables: z.record(z.string(), z.unknown()) });

function environmentOf(functionName: string): Record<string, unknown> {
  const properties = propertiesOf(
    synthesized.workflowTemplate,
    logicalIdOf(functionNamed(functionName).function),
  );
  return environmentSchema.parse(properties.Environment).Variables;
}

describe('the data stack', () => {
  it('keeps the dunning table on demand, recoverable, encrypted, protected and retained, with every index', () => {
    // Arrange
    const template = synthesized.dataTemplate;

    // Act
    const table = template.findResources('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: dunningTable.partitionKey, KeyType: 'HASH' }, Match.anyValue()],
      },
    });

    // Assert
    expect(Object.values(table)).toHaveLength(1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: dunningTable.partitionKey, KeyType: 'HASH' },
          { AttributeName: dunningTable.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // Without SSEType, SSEEnabled means the AWS managed KMS key aws/dynamodb (not the AWS owned key).
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: dunningTable.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    });
  });

  it('expires idempotency records through their TTL attribute', () => {
    // Arrange
    const template = synthesized.dataTemplate;

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: idempotencyTable.partitionKey, KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: idempotencyTable.timeToLiveAttribute, Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });

    // Assert
    expect(Object.keys(tables)).toHaveLength(1);
  });

  it('archives every event put on the dunning bus so it can be replayed', () => {
    // Arrange
    const template = synthesized.dataTemplate;
    const busId = logicalIdOf(synthesized.data.eventBus);

    // Act
    const archives = template.findResources('AWS::Events::Archive');

    // Assert
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'dunning' });
    expect(Object.values(archives)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
          EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
          RetentionDays: ARCHIVE_RETENTION.toDays(),
        }),
      }),
    ]);
  });
});

describe('the functions', () => {
  it.each(functionDefinitions.map((definition) => definition.name))(
    'builds %s the one way: Node.js 24 on arm64, traced, with its own log group and source maps',
    (name) => {
      // Arrange
      const fn = functionNamed(name);

      // Act
      const properties = propertiesOf(synthesized.workflowTemplate, logicalIdOf(fn.function));
      const logGroup = propertiesOf(synthesized.workflowTemplate, logicalIdOf(fn.logGroup));

      // Assert
      expect(properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: logicalIdOf(fn.logGroup) } },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'dunning',
            POWERTOOLS_METRICS_NAMESPACE: 'Mahnwesen',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          }),
        },
      });
      expect(logGroup.RetentionInDays).toBe(90);
    },
  );

  it('bundles each handler as a minified ES module with a source map', () => {
    // Arrange
    const assembly = synthesized.app.synth();
    const codeSchema = z.object({ Code: z.object({ S3Key: z.string() }) });

    // Act
    const bundles = functionDefinitions.map((definition) => {
      const properties = propertiesOf(
        synthesized.workflowTemplate,
        logicalIdOf(functionNamed(definition.name).function),
      );
      const hash = codeSchema.parse(properties).Code.S3Key.replace(/\.zip$/, '');
      return join(assembly.directory, `asset.${hash}`);
    });

    // Assert
    for (const bundle of bundles) {
      const code = readFileSync(join(bundle, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'node:module';")).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(code.split('\n').length).toBeLessThan(code.length / 1000);
      expect(existsSync(join(bundle, 'index.mjs.map'))).toBe(true);
    }
  });

  it('records no path of the machine in the bundled templates, even with the CLI asset metadata on', () => {
    // Arrange
    const machinePaths = [repositoryRoot, tmpdir(), synthesized.app.outdir];

    // Act
    const templates = JSON.stringify([
      synthesized.dataTemplate.toJSON(),
      synthesized.workflowTemplate.toJSON(),
      synthesized.webTemplate.toJSON(),
    ]);

    // Assert
    for (const path of machinePaths) expect(templates).not.toContain(path);
  });

  it.each(functionDefinitions.map((definition) => definition.name))(
    'gives %s the configuration its handler validates at cold start',
    (name) => {
      // Arrange
      const environment = environmentOf(name);
      // Names and ARNs are CloudFormation expressions until deployment: stand in plausible values.
      const resolved = Object.fromEntries(
        Object.entries(environment).map(([key, value]) => [
          key,
          typeof value === 'string'
            ? value
            : key.endsWith('_ARN')
              ? 'arn:aws:states:eu-central-1:123456789012:stateMachine:resolved-at-deploy'
              : 'resolved-at-deploy',
        ]),
      );

      // Act
      const config = parseConfig(resolved);

      // Assert
      expect(config.SENDER_ADDRESS).toBe(synthesized.config.senderAddress);
      expect(config.SES_CONFIGURATION_SET).toBeDefined();
      expect(parsePolicy(JSON.parse(String(resolved.DUNNING_POLICY)))).toEqual(synthesized.config.policy);
      expect(baseRateTableSchema.parse(JSON.parse(String(resolved.DUNNING_BASE_RATES)))).toEqual(
        synthesized.config.baseRates,
      );
    },
  );
});

describe('the function permissions', () => {
  const everyFunction = [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'xray:PutTelemetryRecords',
    'xray:PutTraceSegments',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query',
    'events:PutEvents',
  ];
  const consumesQueue = [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ];
  const sendsEmail = ['ses:SendEmail', 'dynamodb:DeleteItem'];
  const expectedActions: Record<string, string[]> = {
    // Every function that loads a case may carry out a left-over outbox that finishes open tasks.
    'start-dunning': [...everyFunction, ...consumesQueue, 'states:StartExecution', 'states:SendTaskSuccess'],
    'case-events': [...everyFunction, ...consumesQueue, 'states:SendTaskSuccess'],
    api: [...everyFunction, 'states:SendTaskSuccess'],
    prepare: [...everyFunction, 'states:SendTaskSuccess'],
    'check-open': [...everyFunction, 'states:SendTaskSuccess'],
    'send-reminder': [...everyFunction, ...sendsEmail, 'states:SendTaskSuccess'],
    'open-task': [...everyFunction, 'states:SendTaskSuccess'],
    'record-outcome': [...everyFunction, ...sendsEmail, 'states:SendTaskSuccess'],
    handover: [...everyFunction, 'states:SendTaskSuccess'],
    close: [...everyFunction, 'states:SendTaskSuccess'],
    'record-failure': [...everyFunction, 'states:SendTaskSuccess'],
    'installment-step': [...everyFunction, ...sendsEmail, 'states:SendTaskSuccess'],
  };

  function permissionsOf(name: string) {
    return permissionsOfRole(synthesized.workflowTemplate, logicalIdOf(functionNamed(name).role));
  }

  it.each(Object.entries(expectedActions))('lets %s call exactly what its handler calls', (name, actions) => {
    // Arrange
    const expected = [...new Set(actions)].sort();

    // Act
    const granted = [...permissionsOf(name).keys()].sort();

    // Assert
    expect(granted).toEqual(expected);
  });

  it.each(functionDefinitions.map((definition) => definition.name))(
    'grants %s Resource * only for X-Ray and SendTaskSuccess, which have no resource-level permissions',
    (name) => {
      // Arrange
      const permissions = permissionsOf(name);

      // Act
      const onEverything = [...permissions]
        .filter(([, resources]) => resources.includes('*'))
        .map(([action]) => action)
        .sort();

      // Assert
      expect(onEverything.filter((action) => !action.startsWith('xray:'))).toEqual(
        permissions.has('states:SendTaskSuccess') ? ['states:SendTaskSuccess'] : [],
      );
      expect(permissions.get('states:SendTaskSuccess') ?? ['*']).toEqual(['*']);
    },
  );

  it.each(functionDefinitions.map((definition) => definition.name))(
    'scopes %s to its own log group, the dunning table and its named indexes, and the dunning bus',
    (name) => {
      // Arrange
      const fn = functionNamed(name);
      const permissions = permissionsOf(name);

      // Act
      const tableResources = flat(permissions.get('dynamodb:Query'));
      const busResources = flat(permissions.get('events:PutEvents'));

      // Assert
      expect(permissions.get('logs:PutLogEvents')).toEqual([
        { 'Fn::GetAtt': [logicalIdOf(fn.logGroup), 'Arn'] },
      ]);
      expect(permissions.get('dynamodb:Query')).toHaveLength(1 + dunningTable.globalSecondaryIndexes.length);
      for (const index of dunningTable.globalSecondaryIndexes) {
        expect(tableResources).toContain(`/index/${index.indexName}"`);
      }
      expect(tableResources).not.toContain('*');
      expect(tableResources).toContain('DunningTable');
      expect(busResources).toContain('EventBus');
      expect(permissions.get('events:PutEvents')).toHaveLength(1);
    },
  );

  it.each(['record-outcome', 'handover', 'check-open', 'installment-step'])(
    'lets %s resume the executions waiting on the open tasks of a case it closes',
    (name) => {
      // Arrange
      const permissions = permissionsOf(name);

      // Act
      const resumable = permissions.get('states:SendTaskSuccess');

      // Assert
      expect(resumable).toEqual(['*']);
      expect(permissions.has('states:SendTaskFailure')).toBe(false);
    },
  );

  it('lets start-dunning start executions of the dunning state machine only', () => {
    // Arrange
    const permissions = permissionsOf('start-dunning');

    // Act
    const resources = permissions.get('states:StartExecution');

    // Assert
    expect(resources).toHaveLength(1);
    expect(flat(resources)).toContain(':stateMachine:Mahnwesen-Workflow-dunning"');
  });

  it.each(['send-reminder', 'record-outcome', 'installment-step'])(
    'lets %s send email as the sender identity with the configuration set and use the idempotency table',
    (name) => {
      // Arrange
      const permissions = permissionsOf(name);
      const configurationSetId = logicalIdOf(
        synthesized.workflow.node.findChild('EmailSending').node.findChild('ConfigurationSet'),
      );

      // Act
      const sesResources = flat(permissions.get('ses:SendEmail'));
      const idempotency = permissions.get('dynamodb:DeleteItem');

      // Assert
      expect(permissions.get('ses:SendEmail')).toHaveLength(2);
      expect(sesResources).toContain(':identity/example.com"');
      expect(sesResources).toContain(':configuration-set/');
      expect(sesResources).toContain(configurationSetId);
      expect(flat(idempotency)).toContain('IdempotencyTable');
      expect(flat(permissions.get('dynamodb:GetItem'))).toContain('IdempotencyTable');
    },
  );
});

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

describe('the email sending', () => {
  it('publishes bounces and complaints of the configuration set on the default bus', () => {
    // Arrange
    const template = synthesized.workflowTemplate;

    // Act
    const destinations = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'));

    // Assert
    expect(destinations).toHaveLength(1);
    const destination = flat(destinations[0]);
    expect(destination).toContain(':event-bus/default"');
    expect(destination).toMatch(/"MatchingEventTypes":\["bounce","complaint"\]/i);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('creates the sender domain identity with the configuration set and prints its DKIM records', () => {
    // Arrange
    const template = synthesized.workflowTemplate;

    // Act
    const outputs = Object.keys(template.findOutputs('*')).filter((key) => key.includes('DkimRecord'));

    // Assert
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
    expect(outputs).toHaveLength(3);
  });
});

describe('the alarms', () => {
  const alarmSchema = z.object({
    Properties: z.object({
      Namespace: z.string().optional(),
      MetricName: z.string().optional(),
      Dimensions: z.array(z.object({ Name: z.string(), Value: z.unknown() })).optional(),
      Threshold: z.number(),
      AlarmActions: z.array(z.unknown()),
    }),
  });
  function alarms() {
    return Object.values(synthesized.workflowTemplate.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarmSchema.parse(alarm).Properties,
    );
  }

  it('watches every dead-letter queue, failed and timed-out executions, the base-rate table and SES', () => {
    // Arrange
    const all = alarms();

    // Act
    const byMetric = (namespace: string, metric: string) =>
      all.filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metric);

    // Assert
    expect(byMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(
      synthesized.workflow.queues.size,
    );
    expect(byMetric('AWS/States', 'ExecutionsFailed')).toHaveLength(stateMachineDefinitions.length);
    expect(byMetric('AWS/States', 'ExecutionsTimedOut')).toHaveLength(stateMachineDefinitions.length);
    expect(byMetric('Mahnwesen', 'BaseRateTableStale')).toEqual([
      expect.objectContaining({ Dimensions: [{ Name: 'service', Value: 'dunning' }], Threshold: 1 }),
    ]);
    expect(byMetric('AWS/SES', 'Reputation.BounceRate')).toEqual([
      expect.objectContaining({ Threshold: BOUNCE_RATE_THRESHOLD }),
    ]);
  });

  it('notifies every alarm through one encrypted topic that nobody is subscribed to by default', () => {
    // Arrange
    const topicId = logicalIdOf(synthesized.workflow.alarms.topic);

    // Act
    const all = alarms();

    // Assert
    for (const alarm of all) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(propertiesOf(synthesized.workflowTemplate, topicId).KmsMasterKeyId).toBeDefined();
    synthesized.workflowTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
