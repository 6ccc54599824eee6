import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOCUMENT_KEY_PREFIXES } from '../../functions/domain/document-keys.js';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { functionCapabilities } from '../../infra/function-permissions.js';
import { WILDCARD_RESOURCE_FINDING } from '../../infra/nag.js';
import { buildMahnwesen, builtPage, removeBuiltPages } from './synthesize.js';

/**
 * cdk-nag reads templates, not code, and is a plugin of its own: skipping the bundling and CDK's
 * CloudFormation rule engine (workflow-functions.test.ts runs both) keeps this file fast.
 */
function buildUnbundledApp(pageDirectory?: string): App {
  return buildMahnwesen({ full: false, pageDirectory }).app;
}

afterAll(() => {
  removeBuiltPages();
});

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
          // aws-cdk-lib records rule ids without a well-known prefix as annotations.
          id: id.replace(/^annotation::/i, ''),
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
      'Mahnwesen-Web',
      'Mahnwesen-Workflow',
    ]);
  });

  it('synthesizes without a finding when the built page is uploaded too', () => {
    // Arrange
    const withPage = buildUnbundledApp(builtPage());

    // Act
    const assembly = withPage.synth();

    // Assert
    const web = assembly.getStackByName('Mahnwesen-Web').template;
    expect(JSON.stringify(web)).toContain('Custom::CDKBucketDeployment');
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

  it('acknowledges wildcard resources on each function and state machine only, each with its reason', () => {
    // Arrange
    const expectedPaths = [
      ...functionDefinitions.map((definition) => `MahnwesenWorkflow/${definition.name}`),
      ...stateMachineDefinitions.map((machine) => {
        const pascal = machine.name.charAt(0).toUpperCase() + machine.name.slice(1);
        return `MahnwesenWorkflow/${pascal}StateMachine`;
      }),
    ].sort();

    // Act
    const wildcards = acknowledgementsIn(app).filter((entry) => entry.id === WILDCARD_RESOURCE_FINDING);

    // Assert
    expect(wildcards.map((entry) => entry.path).sort()).toEqual(expectedPaths);
    for (const { reason } of wildcards) {
      expect(reason).toMatch(/support(s)? no resource-level permission/);
      expect(reason).toContain('X-Ray');
    }
  });

  it('acknowledges nothing else but the distribution, the reconciler, the start schedules, the documents, the sweep and the report schedule', () => {
    // Arrange
    const executionsOf = (machine: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:Mahnwesen-Workflow-${machine}:*]`;
    const reconcilers = ['start-dunning', 'start-overdue', 'reconcile-execution', 'sweep-cases'];
    const startSchedules =
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/Mahnwesen-Workflow-starts/*]';
    const startScheduleUsers = [...reconcilers, 'case-events', 'api-calls', 'api-records', 'letters-posted'];
    const documentUsers = Object.entries(functionCapabilities)
      .filter(([, capabilities]) => capabilities.some((capability) => capability.endsWith('-documents')))
      .map(([name]) => name);
    const documentPrefixes = DOCUMENT_KEY_PREFIXES.map(
      (prefix) =>
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::mahnwesen-documents-<AWS::AccountId>-<AWS::Region>/${prefix}*]`,
    );
    const expected = [
      { path: 'MahnwesenWeb/Web/Distribution', id: 'AwsSolutions-CFR1' },
      { path: 'MahnwesenWeb/Web/Distribution', id: 'AwsSolutions-CFR2' },
      { path: 'MahnwesenWeb/Web/Distribution', id: 'AwsSolutions-CFR4' },
      ...reconcilers.flatMap((name) =>
        stateMachineDefinitions.map((machine) => ({
          path: `MahnwesenWorkflow/${name}`,
          id: executionsOf(machine.name),
        })),
      ),
      ...startScheduleUsers.map((name) => ({ path: `MahnwesenWorkflow/${name}`, id: startSchedules })),
      ...documentUsers.flatMap((name) =>
        documentPrefixes.map((id) => ({ path: `MahnwesenWorkflow/${name}`, id })),
      ),
      { path: 'MahnwesenData/Documents/AccessLogs', id: 'AwsSolutions-S1' },
      {
        path: 'MahnwesenWorkflow/SweepSchedule/Role',
        id: expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<sweepcasesFunction[0-9A-F]{8}\.Arn>:\*\]$/),
      },
      { path: 'MahnwesenWorkflow/SweepSchedule/DeadLetterQueue', id: 'AwsSolutions-SQS3' },
      {
        path: 'MahnwesenWorkflow/ReportsSchedule/Role',
        id: expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<computereportsFunction[0-9A-F]{8}\.Arn>:\*\]$/,
        ),
      },
      { path: 'MahnwesenWorkflow/ReportsSchedule/DeadLetterQueue', id: 'AwsSolutions-SQS3' },
      { path: 'MahnwesenWorkflow/StartSchedules/DeadLetterQueue', id: 'AwsSolutions-SQS3' },
      {
        path: 'MahnwesenWorkflow/PrintBatchSchedule/Role',
        id: expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<renderprintbatchFunction[0-9A-F]{8}\.Arn>:\*\]$/,
        ),
      },
      { path: 'MahnwesenWorkflow/PrintBatchSchedule/DeadLetterQueue', id: 'AwsSolutions-SQS3' },
    ];

    // Act
    const others = acknowledgementsIn(app).filter((entry) => entry.id !== WILDCARD_RESOURCE_FINDING);

    // Assert
    expect(others.map(({ path, id }) => ({ path, id }))).toEqual(expect.arrayContaining(expected));
    expect(others).toHaveLength(expected.length);
    for (const { reason } of others) expect(reason.length).toBeGreaterThan(150);
  });

  it('acknowledges only the runtime and the S3 grants of the page upload when the page is built', () => {
    // Arrange
    const withPage = buildUnbundledApp(builtPage());
    const withoutPage = new Set(acknowledgementsIn(app).map((entry) => `${entry.path} ${entry.id}`));

    // Act
    const added = acknowledgementsIn(withPage).filter(
      (entry) => !withoutPage.has(`${entry.path} ${entry.id}`),
    );

    // Assert
    const runtime = added.filter((entry) => entry.id === 'AwsSolutions-L1');
    const grants = added.filter((entry) => entry.id.startsWith('AwsSolutions-IAM5['));
    expect(runtime.map((entry) => entry.path)).toEqual([
      expect.stringMatching(/^MahnwesenWeb\/Custom::CDKBucketDeployment/),
    ]);
    expect(grants.map((entry) => entry.path)).toEqual(grants.map(() => 'MahnwesenWeb/Web/DeploymentRole'));
    expect(grants.map((entry) => entry.id)).toContain('AwsSolutions-IAM5[Action::s3:DeleteObject*]');
    expect(added).toHaveLength(runtime.length + grants.length);
  });

  it('gives the functions that resume waiting tasks the SendTaskSuccess reason and no other function', () => {
    // Arrange
    const resumers = [
      'MahnwesenWorkflow/case-events',
      'MahnwesenWorkflow/open-task',
      'MahnwesenWorkflow/api-calls',
      'MahnwesenWorkflow/api-records',
      // Every step that loads a case may finish a left-over outbox, which can finish open tasks.
      'MahnwesenWorkflow/record-outcome',
      'MahnwesenWorkflow/handover',
      'MahnwesenWorkflow/render-case-file',
      'MahnwesenWorkflow/check-open',
      'MahnwesenWorkflow/installment-step',
      'MahnwesenWorkflow/start-dunning',
      'MahnwesenWorkflow/start-overdue',
      'MahnwesenWorkflow/prepare',
      'MahnwesenWorkflow/send-reminder',
      'MahnwesenWorkflow/close',
      'MahnwesenWorkflow/record-failure',
      // A restart finishes the outbox of the case it loads like any other writer.
      'MahnwesenWorkflow/reconcile-execution',
      'MahnwesenWorkflow/sweep-cases',
      // It loads the case to render its letter and annotates it.
      'MahnwesenWorkflow/render-letter',
      // Posting a batch changes its letters' cases.
      'MahnwesenWorkflow/letters-posted',
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
