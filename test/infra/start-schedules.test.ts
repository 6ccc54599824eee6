import { beforeAll, describe, expect, it } from 'vitest';
import { functionDefinitions } from '../../infra/function-definitions.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, permissionsOfRole, propertiesOf, resourcesOf } from './template-queries.js';
import { workflowLookups } from './workflow-lookups.js';

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let synthesized: SynthesizedApp;
const { functionNamed, environmentOf } = workflowLookups(() => synthesized);

beforeAll(() => {
  synthesized = synthesizeMahnwesen({ full: false });
}, 120_000);

const GROUP = 'Mahnwesen-Workflow-starts';

function roleOfStartSchedules(): string {
  return logicalIdOf(synthesized.workflow.startSchedules.role);
}

describe('the start schedules (an execution starts when its invoice becomes overdue)', () => {
  it('keeps the one-time start schedules in a schedule group of their own, named in every function', () => {
    // Arrange
    const template = synthesized.workflowTemplate;

    // Act
    const groups = resourcesOf(template, 'AWS::Scheduler::ScheduleGroup');
    const named = functionDefinitions.map(
      (definition) => environmentOf(definition.name).START_SCHEDULE_GROUP,
    );

    // Assert
    expect(groups).toEqual([expect.objectContaining({ Name: GROUP })]);
    expect(new Set(named)).toEqual(new Set([GROUP]));
  });

  it('tells start-dunning, and no other function, which function the schedules invoke and with which role', () => {
    // Arrange
    const target = logicalIdOf(functionNamed('start-overdue').function);

    // Act
    const configured = functionDefinitions
      .filter((definition) => environmentOf(definition.name).START_SCHEDULE_TARGET_ARN !== undefined)
      .map((definition) => definition.name);
    const environment = environmentOf('start-dunning');

    // Assert
    expect(configured).toEqual(['start-dunning']);
    expect(environment.START_SCHEDULE_TARGET_ARN).toEqual({ 'Fn::GetAtt': [target, 'Arn'] });
    expect(environment.START_SCHEDULE_ROLE_ARN).toEqual({ 'Fn::GetAtt': [roleOfStartSchedules(), 'Arn'] });
  });

  it('lets EventBridge Scheduler, for this group and account only, invoke start-overdue and keep what fails in its queue', () => {
    // Arrange
    const role = roleOfStartSchedules();
    const target = logicalIdOf(functionNamed('start-overdue').function);
    const deadLetters = logicalIdOf(synthesized.workflow.startSchedules.deadLetterQueue);

    // Act
    const permissions = permissionsOfRole(synthesized.workflowTemplate, role);
    const trust = flat(propertiesOf(synthesized.workflowTemplate, role).AssumeRolePolicyDocument);

    // Assert
    expect([...permissions.keys()].sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    expect(permissions.get('lambda:InvokeFunction')).toEqual([{ 'Fn::GetAtt': [target, 'Arn'] }]);
    expect(permissions.get('sqs:SendMessage')).toEqual([{ 'Fn::GetAtt': [deadLetters, 'Arn'] }]);
    expect(trust).toContain('scheduler.amazonaws.com');
    expect(trust).toContain('aws:SourceAccount');
    expect(trust).toContain(`:schedule-group/${GROUP}"`);
  });

  it('lets start-dunning create schedules only in the group and pass Scheduler only its role', () => {
    // Arrange
    const role = logicalIdOf(functionNamed('start-dunning').role);

    // Act
    const permissions = permissionsOfRole(synthesized.workflowTemplate, role);
    const policies = flat(synthesized.workflowTemplate.findResources('AWS::IAM::Policy'));

    // Assert
    expect(flat(permissions.get('scheduler:CreateSchedule'))).toContain(`:schedule/${GROUP}/*"`);
    expect(permissions.get('scheduler:CreateSchedule')).toHaveLength(1);
    expect(permissions.get('iam:PassRole')).toEqual([{ 'Fn::GetAtt': [roleOfStartSchedules(), 'Arn'] }]);
    expect(policies).toContain('"iam:PassedToService":"scheduler.amazonaws.com"');
  });

  it('lets only start-dunning create schedules, and every function that deletes them only in the group', () => {
    // Arrange
    const permissionsOf = (name: string) =>
      permissionsOfRole(synthesized.workflowTemplate, logicalIdOf(functionNamed(name).role));

    // Act
    const creators = functionDefinitions
      .filter((definition) => permissionsOf(definition.name).has('scheduler:CreateSchedule'))
      .map((definition) => definition.name);
    const deletions = functionDefinitions.flatMap(
      (definition) => permissionsOf(definition.name).get('scheduler:DeleteSchedule') ?? [],
    );

    // Assert
    expect(creators).toEqual(['start-dunning']);
    expect(deletions.length).toBeGreaterThan(0);
    for (const resource of deletions) expect(flat(resource)).toContain(`:schedule/${GROUP}/*"`);
  });

  it('keeps a start that could not be delivered or failed after its retries in a queue that raises an alarm', () => {
    // Arrange
    const template = synthesized.workflowTemplate;
    const deadLetters = logicalIdOf(synthesized.workflow.startSchedules.deadLetterQueue);
    const target = logicalIdOf(functionNamed('start-overdue').function);

    // Act
    const asyncFailures = flat(
      resourcesOf(template, 'AWS::Lambda::EventInvokeConfig').filter((config) =>
        flat(config).includes(`"${target}"`),
      ),
    );
    const alarms = flat(resourcesOf(template, 'AWS::CloudWatch::Alarm'));

    // Assert
    expect(environmentOf('start-dunning').START_SCHEDULE_DLQ_ARN).toEqual({
      'Fn::GetAtt': [deadLetters, 'Arn'],
    });
    expect(asyncFailures).toContain(`"Fn::GetAtt":["${deadLetters}","Arn"]`);
    expect(alarms).toContain(`"${deadLetters}"`);
  });
});
