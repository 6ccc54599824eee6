import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { addMahnwesenStacks } from '../../infra/mahnwesen-app.js';
import { WILDCARD_RESOURCE_FINDING } from '../../infra/nag.js';
import { mahnwesenApp } from './synthesize.js';

/**
 * cdk-nag reads templates, not code, and is a plugin of its own: skipping the bundling and CDK's
 * CloudFormation rule engine (stacks.test.ts runs both) keeps this file fast.
 */
function buildUnbundledApp(): App {
  const app = mahnwesenApp({ full: false });
  addMahnwesenStacks(app);
  return app;
}

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

function acknowledgementsIn(app: App): Acknowledgement[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(z.record(z.string(), z.string()).parse(entry.data)).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('the cdk-nag AwsSolutions gate', () => {
  let app: App;

  beforeAll(() => {
    app = buildUnbundledApp();
  }, 120_000);

  it('synthesizes the whole app without a single unacknowledged finding', () => {
    // Arrange
    const synthesize = () => app.synth();

    // Act
    const assembly = synthesize();

    // Assert
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([
      'Mahnwesen-Data',
      'Mahnwesen-Workflow',
    ]);
  });

  it('fails the synth of the app when a construct breaks a rule', () => {
    // Arrange
    const withFinding = buildUnbundledApp();
    const workflow = withFinding.node.findChild('MahnwesenWorkflow');
    new Queue(workflow, 'QueueWithoutTlsOrDeadLetterQueue');

    // Act
    const synthesize = () => withFinding.synth();

    // Assert
    expect(synthesize).toThrow(/QueueWithoutTlsOrDeadLetterQueue[\s\S]*AwsSolutions-SQS4/);
  });

  it('fails a throwaway app with a deliberately bad construct, so the gate is real', () => {
    // Arrange
    const throwaway = new App({ builtinCloudFormationValidation: false });
    new Queue(new Stack(throwaway, 'Throwaway'), 'UnencryptedQueue', { enforceSSL: false });
    Validations.of(throwaway).addPlugins(new AwsSolutionsChecks(throwaway));

    // Act
    const synthesize = () => throwaway.synth();

    // Assert
    expect(synthesize).toThrow(/Throwaway\/UnencryptedQueue[\s\S]*AwsSolutions-SQS4/);
  });

  it('acknowledges only wildcard resources, on each function and state machine, each with its reason', () => {
    // Arrange
    const expectedPaths = [
      ...functionDefinitions.map((definition) => `MahnwesenWorkflow/${definition.name}`),
      ...stateMachineDefinitions.map((machine) => {
        const pascal = machine.name.charAt(0).toUpperCase() + machine.name.slice(1);
        return `MahnwesenWorkflow/${pascal}StateMachine`;
      }),
    ].sort();

    // Act
    const acknowledgements = acknowledgementsIn(app);

    // Assert
    expect(acknowledgements.map((entry) => entry.path).sort()).toEqual(expectedPaths);
    for (const { id, reason } of acknowledgements) {
      expect(id).toContain(WILDCARD_RESOURCE_FINDING);
      expect(reason).toMatch(/support(s)? no resource-level permission/);
      expect(reason).toContain('X-Ray');
    }
  });

  it('gives the functions that resume waiting tasks the SendTaskSuccess reason and no other function', () => {
    // Arrange
    const resumers = [
      'MahnwesenWorkflow/case-events',
      'MahnwesenWorkflow/open-task',
      'MahnwesenWorkflow/api',
    ];

    // Act
    const withTaskTokenReason = acknowledgementsIn(app)
      .filter((entry) => entry.reason.includes('states:SendTaskSuccess'))
      .map((entry) => entry.path)
      .sort();

    // Assert
    expect(withTaskTokenReason).toEqual(resumers.sort());
  });
});
