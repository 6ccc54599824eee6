import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BOUNCE_RATE_THRESHOLD } from '../../infra/constructs/operations-alarms.js';
import { stateMachineDefinitions } from '../../infra/function-definitions.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, propertiesOf } from './template-queries.js';

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen({ full: false });
}, 120_000);

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

  it('watches every dead-letter queue and rule queue, every function, failed and timed-out executions, restarts, limitation, the base-rate table and SES', () => {
    // Arrange
    const all = alarms();

    // Act
    const byMetric = (namespace: string, metric: string) =>
      all.filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metric);

    // Assert
    // The rule queues' dead-letter queues, the sweep schedule's, the report schedule's, the start schedules' and
    // the print batch schedule's.
    expect(byMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(
      synthesized.workflow.queues.size + 4,
    );
    expect(byMetric('AWS/States', 'ExecutionsFailed')).toHaveLength(stateMachineDefinitions.length);
    expect(byMetric('AWS/States', 'ExecutionsTimedOut')).toHaveLength(stateMachineDefinitions.length);
    expect(byMetric('AWS/Lambda', 'Errors')).toHaveLength(synthesized.workflow.functions.size);
    expect(byMetric('AWS/Lambda', 'Throttles')).toHaveLength(synthesized.workflow.functions.size);
    expect(byMetric('AWS/SQS', 'ApproximateAgeOfOldestMessage')).toHaveLength(
      synthesized.workflow.queues.size,
    );
    for (const metric of [
      'BaseRateTableStale',
      'CaseRestartRepeated',
      'OrphanedCaseFound',
      'LimitationNear',
    ]) {
      expect(byMetric('Mahnwesen', metric)).toEqual([
        expect.objectContaining({ Dimensions: [{ Name: 'service', Value: 'dunning' }], Threshold: 1 }),
      ]);
    }
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
