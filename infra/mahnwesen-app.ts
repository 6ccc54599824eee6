import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Tags } from 'aws-cdk-lib';
import { ASSET_RESOURCE_METADATA_ENABLED_CONTEXT } from 'aws-cdk-lib/cx-api';
import { apiAreas } from '../functions/api/routes.js';
import { repositoryRoot } from '../statemachines/asl.js';
import { type DeploymentConfig, loadDeploymentConfig } from './deployment-config.js';
import { applyAwsSolutionsChecks } from './nag.js';
import { DataStack } from './stacks/data-stack.js';
import { WebStack } from './stacks/web-stack.js';
import { WorkflowStack } from './stacks/workflow-stack.js';

export const DATA_STACK_NAME = 'Mahnwesen-Data';
export const WORKFLOW_STACK_NAME = 'Mahnwesen-Workflow';
export const WEB_STACK_NAME = 'Mahnwesen-Web';

/** Where `npm run build:web` puts the page. */
export const DEFAULT_PAGE_DIRECTORY = join(repositoryRoot, 'web', 'dist');

export interface MahnwesenStacks {
  readonly config: DeploymentConfig;
  readonly data: DataStack;
  readonly workflow: WorkflowStack;
  readonly web: WebStack;
}

export interface MahnwesenAppOptions {
  /**
   * The built page; it is uploaded only if it has an index.html.
   *
   * @default DEFAULT_PAGE_DIRECTORY (web/dist)
   */
  readonly pageDirectory?: string;
}

/**
 * The three stacks of the product in `app`, configured from the app's context and checked by cdk-nag
 * AwsSolutions. The CDK entry point and the tests build the app the same way.
 */
export function addMahnwesenStacks(app: App, options: MahnwesenAppOptions = {}): MahnwesenStacks {
  // Asset metadata records the absolute source path (for SAM local debugging, unused here) and would make
  // the templates depend on the machine that synthesized them.
  app.node.setContext(ASSET_RESOURCE_METADATA_ENABLED_CONTEXT, false);
  const config = loadDeploymentConfig((key) => app.node.tryGetContext(key));
  // No env: the templates are environment-agnostic, so synth needs no credentials and is reproducible.
  const data = new DataStack(app, 'MahnwesenData', {
    stackName: DATA_STACK_NAME,
    description:
      'Mahnwesen: dunning table, idempotency table, document bucket, event bus and archive (stateful)',
    eventBusName: config.eventBusName,
  });
  const workflow = new WorkflowStack(app, 'MahnwesenWorkflow', {
    stackName: WORKFLOW_STACK_NAME,
    description: 'Mahnwesen: functions, queues, rules, state machines, SES sending, alarms (stateless)',
    config,
    dunningTable: data.dunningTable,
    idempotencyTable: data.idempotencyTable,
    eventBus: data.eventBus,
  });
  const apiFunctions = new Map(
    apiAreas.map(({ functionName }) => {
      const definition = workflow.functions.get(functionName);
      if (!definition) throw new Error(`no function named ${functionName} in infra/function-definitions.ts`);
      return [functionName, definition.function] as const;
    }),
  );
  const pageDirectory = options.pageDirectory ?? DEFAULT_PAGE_DIRECTORY;
  const web = new WebStack(app, 'MahnwesenWeb', {
    stackName: WEB_STACK_NAME,
    description:
      'Mahnwesen: caller API (HTTP API, Cognito JWT authorizer), app client, web page on CloudFront',
    config,
    userPool: data.callers.userPool,
    apiFunctions,
    routes: apiAreas.flatMap(({ functionName, routes }) =>
      routes.map(({ method, path }) => ({ method, path, functionName })),
    ),
    alarmTopic: workflow.alarms.topic,
    pageDirectory: existsSync(join(pageDirectory, 'index.html')) ? pageDirectory : undefined,
  });
  Tags.of(app).add('application', 'mahnwesen');
  applyAwsSolutionsChecks(app);
  return { config, data, workflow, web };
}
