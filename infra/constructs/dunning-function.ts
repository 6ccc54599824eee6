import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { repositoryRoot } from '../../statemachines/asl.js';
import type { FunctionDefinition } from '../function-definitions.js';

/** Powertools reads these; the metrics namespace and service match functions/observability.ts. */
export const POWERTOOLS_SERVICE_NAME = 'dunning';
export const METRICS_NAMESPACE = 'Mahnwesen';

/** SQS visibility timeouts are derived from it (six times, as AWS recommends for Lambda consumers). */
export const FUNCTION_TIMEOUT = Duration.seconds(30);

/**
 * Context key `npm run bench:bundles` sets: esbuild also writes its metafile (index.meta.json) next to each
 * bundle, so the benchmark can say which package takes how many bytes. Deployments leave it unset.
 */
export const BUNDLE_ANALYSIS_CONTEXT = 'bundleAnalysis';

/** Where Lambda unpacks a function's code, and the folder of its bundledFiles in there. */
const LAMBDA_TASK_ROOT = '/var/task';
const BUNDLED_FILES_DIRECTORY = 'files';

/** Copies run-time files (a function's bundledFiles) next to the bundle, into BUNDLED_FILES_DIRECTORY. */
function copyAfterBundling(files: readonly string[]): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      `mkdir -p "${outputDir}/${BUNDLED_FILES_DIRECTORY}"`,
      ...files.map((file) => `cp "${inputDir}/${file}" "${outputDir}/${BUNDLED_FILES_DIRECTORY}/"`),
    ],
  };
}

export interface DunningFunctionProps {
  /** Which handler module to bundle, and the function's name and description (infra/function-definitions.ts). */
  readonly definition: FunctionDefinition;
  /** The configuration every function validates at cold start (functions/handlers/runtime/config.ts). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The Powertools log level (POWERTOOLS_LOG_LEVEL).
   *
   * @default 'INFO'
   */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Concurrency reserved for (and the most allowed to) the function.
   *
   * @default - none: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
}

/**
 * The one way this product builds a Lambda: the handler module bundled by esbuild (minified, ESM, with
 * source maps), Node.js 24 on Graviton, X-Ray tracing, its own log group with a retention, and a role that
 * may write only to that log group. Callers add the grants for what the handler calls.
 */
export class DunningFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: LogGroup;
  /** How long an invocation may run (queues derive their visibility timeout from it). */
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: DunningFunctionProps) {
    super(scope, id);
    const { definition } = props;
    this.timeout = definition.timeoutSeconds ? Duration.seconds(definition.timeoutSeconds) : FUNCTION_TIMEOUT;

    // Operational logs (personal data is redacted by the logger); the case timeline is the business record.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${definition.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(repositoryRoot, 'functions', 'handlers', `${definition.handler}.ts`),
      handler: 'handler',
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: this.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...(definition.bundledFiles
          ? { [definition.bundledFiles.directoryVariable]: `${LAMBDA_TASK_ROOT}/${BUNDLED_FILES_DIRECTORY}` }
          : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        // The map ships beside the bundle for debugging (NODE_OPTIONS=--enable-source-maps on the function, or
        // mapping a logged stack offline); Node does not read it by default, which would cost every cold start
        // 15 to 20 ms. Stack traces need the mappings only; leaving the sources out keeps the map small.
        sourceMap: true,
        sourcesContent: false,
        metafile: this.node.tryGetContext(BUNDLE_ANALYSIS_CONTEXT) === true,
        // The functions call AWS through their own client (functions/adapters/aws) and import no SDK
        // (test/infra/bundles.test.ts); should one creep in, it is bundled, never the runtime's own copy.
        bundleAwsSDK: true,
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        ...(definition.bundledFiles
          ? { commandHooks: copyAfterBundling(definition.bundledFiles.files) }
          : {}),
      },
    });
  }

  get functionArn(): string {
    return this.function.functionArn;
  }

  addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }
}
