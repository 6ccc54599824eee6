import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseRateTableSchema } from '../../functions/domain/base-rates.js';
import { parsePolicy } from '../../functions/domain/policy.js';
import { parseConfig } from '../../functions/handlers/runtime/config.js';
import { DEFAULT_SENDING_CONCURRENCY } from '../../infra/deployment-config.js';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { dunningTable } from '../../infra/table-definitions.js';
import { repositoryRoot } from '../../statemachines/asl.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, permissionsOfRole, propertiesOf } from './template-queries.js';
import { workflowLookups } from './workflow-lookups.js';

// With the handlers bundled, as `npx cdk synth` does: the bundles themselves are under test here.
let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen();
}, 180_000);

const { functionNamed, environmentOf } = workflowLookups(() => synthesized);

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
            POWERTOOLS_SERVICE_NAME: 'dunning',
            POWERTOOLS_METRICS_NAMESPACE: 'Mahnwesen',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          }),
        },
      });
      expect(logGroup.RetentionInDays).toBe(90);
      expect(JSON.stringify(properties.Environment)).not.toContain('NODE_OPTIONS');
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
      // The metafile is for `npm run bench:bundles` (bundleAnalysis context); it is not deployed.
      expect(existsSync(join(bundle, 'index.meta.json'))).toBe(false);
    }
    // The typesetters; render-print-batch only copies their pages and needs no font.
    const renderers = functionDefinitions.flatMap((definition, index) =>
      ['render-letter', 'render-case-file'].includes(definition.name) ? [bundles[index]] : [],
    );
    const fontsShipped = bundles.filter((bundle) => existsSync(join(bundle, 'files')));
    expect(fontsShipped).toEqual(renderers);
    for (const renderer of renderers) {
      for (const font of ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf']) {
        expect(existsSync(join(renderer ?? '', 'files', font))).toBe(true);
      }
    }
  });

  it('points the renderers, and no other function, at the fonts shipped next to their code', () => {
    // Arrange
    const fontDirOf = (name: string) =>
      z
        .object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) })
        .parse(propertiesOf(synthesized.workflowTemplate, logicalIdOf(functionNamed(name).function)))
        .Environment.Variables.LETTER_FONT_DIR;

    // Act
    const fontDirs = Object.fromEntries(
      functionDefinitions.flatMap((definition) => {
        const directory = fontDirOf(definition.name);
        return directory === undefined ? [] : [[definition.name, directory]];
      }),
    );

    // Assert
    expect(fontDirs).toEqual({
      'render-letter': '/var/task/files',
      'render-case-file': '/var/task/files',
    });
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

describe('the function limits', () => {
  const sendsEmail = ['send-reminder', 'record-outcome', 'installment-step'];

  it.each(functionDefinitions.map((definition) => definition.name))(
    'caps %s at the sending concurrency exactly when it sends email',
    (name) => {
      // Arrange
      const fn = functionNamed(name);

      // Act
      const properties = propertiesOf(synthesized.workflowTemplate, logicalIdOf(fn.function));

      // Assert
      expect(properties.ReservedConcurrentExecutions).toBe(
        sendsEmail.includes(name) ? DEFAULT_SENDING_CONCURRENCY : undefined,
      );
    },
  );

  it('gives the sweep, the report job and the print hand-off five minutes for a run, the renderers a minute and every other function 30 seconds', () => {
    // Arrange
    const timeoutOf = (name: string) =>
      propertiesOf(synthesized.workflowTemplate, logicalIdOf(functionNamed(name).function)).Timeout;

    // Act
    const timeouts = Object.fromEntries(
      functionDefinitions.map((definition) => [definition.name, timeoutOf(definition.name)]),
    );

    // Assert
    const longer = {
      'sweep-cases': 300,
      'compute-reports': 300,
      'render-print-batch': 300,
      'letters-posted': 300,
    };
    const renderers = { 'render-letter': 60, 'render-case-file': 60 };
    expect(timeouts).toMatchObject({ ...longer, ...renderers });
    const others = Object.entries(timeouts).filter(([name]) => !(name in longer || name in renderers));
    expect(new Set(others.map(([, timeout]) => timeout))).toEqual(new Set([30]));
  });
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
  const reconciles = ['states:DescribeExecution', 'states:StartExecution'];
  // A case closed before it was overdue deletes its start schedule; start-dunning creates them.
  const deletesStart = ['scheduler:DeleteSchedule'];
  const createsStart = ['scheduler:CreateSchedule', 'iam:PassRole'];
  // Failed scheduled runs go to the schedule's dead-letter queue (the function's on-failure destination).
  const reportsFailedRuns = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
  // Lists a case's documents and signs download links (the document bucket is read-only for it).
  const readsDocuments = ['s3:GetObject', 's3:ListBucket'];
  const storesDocuments = [...readsDocuments, 's3:PutObject'];
  const expectedActions: Record<string, string[]> = {
    // Every function that loads a case may carry out a left-over outbox that finishes open tasks.
    'start-dunning': [
      ...everyFunction,
      ...consumesQueue,
      ...reconciles,
      ...createsStart,
      ...deletesStart,
      'states:SendTaskSuccess',
    ],
    'start-overdue': [
      ...everyFunction,
      ...reconciles,
      ...deletesStart,
      ...reportsFailedRuns,
      'states:SendTaskSuccess',
    ],
    'case-events': [...everyFunction, ...consumesQueue, ...deletesStart, 'states:SendTaskSuccess'],
    'api-calls': [...everyFunction, ...deletesStart, 'states:SendTaskSuccess'],
    'api-records': [...everyFunction, ...deletesStart, ...readsDocuments, 'states:SendTaskSuccess'],
    prepare: [...everyFunction, 'states:SendTaskSuccess'],
    'check-open': [...everyFunction, 'states:SendTaskSuccess'],
    'send-reminder': [...everyFunction, ...sendsEmail, 'states:SendTaskSuccess'],
    'open-task': [...everyFunction, 'states:SendTaskSuccess'],
    'record-outcome': [...everyFunction, ...sendsEmail, 'states:SendTaskSuccess'],
    handover: [...everyFunction, ...readsDocuments, 'states:SendTaskSuccess'],
    'render-case-file': [...everyFunction, ...storesDocuments, 'states:SendTaskSuccess'],
    close: [...everyFunction, 'states:SendTaskSuccess'],
    'record-failure': [...everyFunction, 'states:SendTaskSuccess'],
    'installment-step': [...everyFunction, ...sendsEmail, 'states:SendTaskSuccess'],
    'reconcile-execution': [
      ...everyFunction,
      ...consumesQueue,
      ...reconciles,
      ...deletesStart,
      'states:SendTaskSuccess',
    ],
    'sweep-cases': [
      ...everyFunction,
      ...reportsFailedRuns,
      ...reconciles,
      ...deletesStart,
      'states:SendTaskSuccess',
    ],
    'compute-reports': [...everyFunction, ...reportsFailedRuns],
    // Stores the letter (never deletes it) and may finish a left-over outbox when it loads the case.
    'render-letter': [...everyFunction, ...consumesQueue, ...storesDocuments, 'states:SendTaskSuccess'],
    // Reads the day's letters, stores the batch PDF and manifest, signs their links; never deletes.
    'render-print-batch': [...everyFunction, ...reportsFailedRuns, ...storesDocuments],
    'letters-posted': [...everyFunction, ...consumesQueue, ...deletesStart, 'states:SendTaskSuccess'],
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

  it.each(['start-dunning', 'reconcile-execution', 'sweep-cases'])(
    'lets %s look up the executions of both state machines and restart cases on the dunning machine only',
    (name) => {
      // Arrange
      const permissions = permissionsOf(name);

      // Act
      const described = permissions.get('states:DescribeExecution') ?? [];
      const started = permissions.get('states:StartExecution') ?? [];

      // Assert
      expect(described).toHaveLength(stateMachineDefinitions.length);
      for (const machine of stateMachineDefinitions) {
        expect(flat(described)).toContain(`:execution:Mahnwesen-Workflow-${machine.name}:*"`);
      }
      expect(described).not.toContain('*');
      expect(started).toHaveLength(1);
      expect(flat(started)).toContain(':stateMachine:Mahnwesen-Workflow-dunning"');
    },
  );

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
