import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, Pass, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HOLIDAY_TABLE_YEARS_LEFT,
  MetricUnit,
  metrics,
  PRINT_BATCHES_UNCONFIRMED,
} from '../../functions/observability.js';
import type { WorkflowMetric } from '../../functions/workflow/ports.js';
import {
  FUNCTION_ERRORS_THRESHOLD,
  HOLIDAY_TABLE_MIN_YEARS_LEFT,
  OLDEST_MESSAGE_AGE_SECONDS,
  OperationsAlarms,
  THROTTLED_PERIODS,
} from '../../infra/constructs/operations-alarms.js';

/** The construct alone, in a small stack: fast, and free to vary the notification address. */
function alarmsTemplate(notificationEmail?: string): Template {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Alarms');
  new OperationsAlarms(stack, 'Alarms', {
    deadLetterQueues: { StartDunning: new Queue(stack, 'DeadLetters') },
    stateMachines: {
      Dunning: new StateMachine(stack, 'Machine', {
        definitionBody: DefinitionBody.fromChainable(new Pass(stack, 'Pass')),
      }),
    },
    functions: {
      SendReminder: new LambdaFunction(stack, 'Function', {
        runtime: Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: Code.fromInline('export const handler = async () => undefined;'),
      }),
    },
    ruleQueues: { StartDunning: new Queue(stack, 'RuleQueue') },
    notificationEmail,
  });
  return Template.fromStack(stack);
}

describe('the operations alarms', () => {
  it('subscribe the configured address to the alarm topic', () => {
    // Arrange
    const address = 'ops@example.com';

    // Act
    const template = alarmsTemplate(address);

    // Assert
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: address }, 1);
  });

  it('subscribe nobody when no address is configured', () => {
    // Arrange
    const notificationEmail = undefined;

    // Act
    const template = alarmsTemplate(notificationEmail);

    // Assert
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  it('encrypt the topic with a rotated key that CloudWatch may use, and accept only TLS', () => {
    // Arrange
    const template = alarmsTemplate();

    // Act
    const keys = template.findResources('AWS::KMS::Key');

    // Assert
    expect(Object.keys(keys)).toHaveLength(1);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it('fire on the first dead letter, failed or timed-out execution, stale base rate, repeated or orphaned restart, near limitation and an unconfirmed print batch, and treat no data as fine', () => {
    // Arrange
    const template = alarmsTemplate();

    // Act
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    // Assert
    expect(alarms).toHaveLength(14);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsTimedOut',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Mahnwesen',
      MetricName: 'BaseRateTableStale',
      Dimensions: [{ Name: 'service', Value: 'dunning' }],
      Statistic: 'Sum',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
    });
    for (const metricName of [
      'CaseRestartRepeated',
      'OrphanedCaseFound',
      'LimitationNear',
      'PrintBatchesUnconfirmed',
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Mahnwesen',
        MetricName: metricName,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('fire when a function fails more often than retries absorb or stays throttled for a quarter of an hour', () => {
    // Arrange
    const template = alarmsTemplate();

    // Act
    const errors = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/Lambda', MetricName: 'Errors' },
    });
    const throttles = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/Lambda', MetricName: 'Throttles' },
    });

    // Assert
    expect(Object.values(errors)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ Threshold: FUNCTION_ERRORS_THRESHOLD, EvaluationPeriods: 1 }),
      }),
    ]);
    expect(Object.values(throttles)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Threshold: 1,
          EvaluationPeriods: THROTTLED_PERIODS,
          Period: 300,
        }),
      }),
    ]);
  });

  it('fire when an event has waited half an hour in a rule queue', () => {
    // Arrange
    const template = alarmsTemplate();

    // Act
    const backlog = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage' },
    });

    // Assert
    expect(Object.values(backlog)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ Threshold: OLDEST_MESSAGE_AGE_SECONDS, Statistic: 'Maximum' }),
      }),
    ]);
  });

  it('fire when the sweep reports that the holiday table covers fewer than two more years', () => {
    // Arrange
    const template = alarmsTemplate();

    // Act
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: HOLIDAY_TABLE_YEARS_LEFT },
    });

    // Assert
    expect(HOLIDAY_TABLE_MIN_YEARS_LEFT).toBe(2);
    expect(Object.values(alarms)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Namespace: 'Mahnwesen',
          Dimensions: [{ Name: 'service', Value: 'dunning' }],
          Statistic: 'Minimum',
          Period: 86_400,
          Threshold: 2,
          ComparisonOperator: 'LessThanThreshold',
        }),
      }),
    ]);
  });

  it.each<WorkflowMetric | 'LimitationNear'>(['CaseRestartRepeated', 'OrphanedCaseFound', 'LimitationNear'])(
    'watch %s under the namespace, name and dimensions the functions emit it with',
    (metricName) => {
      // Arrange: count it the way the functions' WorkflowDeps.count does (functions/handlers/runtime)
      const template = alarmsTemplate();
      metrics.addMetric(metricName, MetricUnit.Count, 1);

      // Act
      const emf = emfSchema.parse(metrics.serializeMetrics());
      metrics.clearMetrics();

      // Assert
      const [directive] = emf._aws.CloudWatchMetrics;
      const dimensions = (directive?.Dimensions ?? [])
        .flat()
        .map((name) => ({ Name: name, Value: emf[name] }));
      expect(directive?.Metrics).toEqual([{ Name: metricName, Unit: 'Count' }]);
      expect(dimensions).toEqual([{ Name: 'service', Value: 'dunning' }]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: directive?.Namespace,
        MetricName: metricName,
        Dimensions: dimensions,
        Statistic: 'Sum',
        Threshold: 1,
      });
    },
  );

  it('watch PrintBatchesUnconfirmed as the daily print job emits it, on its daily maximum', () => {
    // Arrange
    const template = alarmsTemplate();
    metrics.addMetric(PRINT_BATCHES_UNCONFIRMED, MetricUnit.Count, 1);

    // Act
    const emf = emfSchema.parse(metrics.serializeMetrics());
    metrics.clearMetrics();

    // Assert
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'PrintBatchesUnconfirmed', Unit: 'Count' },
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Mahnwesen',
      MetricName: 'PrintBatchesUnconfirmed',
      Dimensions: [{ Name: 'service', Value: 'dunning' }],
      Statistic: 'Maximum',
      Period: 86_400,
      Threshold: 1,
    });
  });
});

/** What Powertools Metrics writes to the log (CloudWatch embedded metric format). */
const emfSchema = z
  .object({
    _aws: z.object({
      CloudWatchMetrics: z.array(
        z.object({
          Namespace: z.string(),
          Dimensions: z.array(z.array(z.string())),
          Metrics: z.array(z.object({ Name: z.string(), Unit: z.string() })),
        }),
      ),
    }),
  })
  .catchall(z.unknown());
