import { join } from 'node:path';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Temporal } from 'temporal-polyfill';
import { S3Client } from '../functions/adapters/aws/s3.js';
import { DocumentStore } from '../functions/adapters/document-store.js';
import type { ApiResult } from '../functions/api/http.js';
import { openApiDocument } from '../functions/api/openapi.js';
import type { Instant } from '../functions/domain/calendar.js';
import { scaledClock, type WorkflowClock } from '../functions/workflow/clock.js';
import { DEFAULT_INBOUND_SOURCES, eventRulesFor, inboundSourcesSchema } from '../infra/event-rules.js';
import { functionDefinitions, stateMachineDefinitions } from '../infra/function-definitions.js';
import { readAsl, repositoryRoot, substitute } from '../statemachines/asl.js';
import { dispatchByArea } from './api-dispatch.js';
import { LocalApiGateway } from './api-gateway.js';
import { startDynamoDb } from './emulators/dynamodb.js';
import { LocalEventBridge, LocalQueue } from './emulators/eventbridge.js';
import { LambdaConcurrency, type LambdaConcurrencyLimits } from './emulators/lambda-concurrency.js';
import { startS3 } from './emulators/s3.js';
import { LocalScheduler } from './emulators/scheduler.js';
import { type SesOptions, startSes } from './emulators/ses.js';
import { localAccountId, localCredentials, localRegion } from './emulators/shared.js';
import { LocalStepFunctions } from './emulators/stepfunctions.js';
import { FaultInjection } from './fault-injection.js';
import { handlerModules } from './handler-modules.js';
import { lambdaContext } from './lambda-context.js';
import { LETTERS_PATH } from './letters-page.js';
import { startPrintHandOff } from './print-hand-off.js';

export interface WorkflowStackOptions {
  /** Business seconds per engine second; 86_400 / 5 makes a business day pass every five seconds. */
  clockScale: number;
  /** The business instant the clock starts at (default: now). */
  businessStart?: Instant;
  /** Keep DynamoDB data on disk in this folder instead of in memory. */
  dataPath?: string;
  /** Where dynalite runs (default: on a worker thread, so the store and the handlers use two cores). */
  dynamoDbThread?: 'main' | 'worker';
  senderAddress?: string;
  /**
   * Powertools log level of the handlers (default WARN). Like on Lambda it is read when the logger is
   * created, so it only applies if no handler module was loaded before (tests set it in vitest.config.ts).
   */
  logLevel?: LogLevel;
  /** Engine days after which an execution continues as new (default 330, like on AWS). */
  maxExecutionAgeDays?: number;
  /** Port of the caller API (default: a free port). */
  apiPort?: number;
  /** Multiplies the state machines' Retry intervals (default 1, like on AWS; tests pass less). */
  retryDelayScale?: number;
  /** Redelivery delay of a failed queue message, in engine milliseconds. */
  queueVisibilityTimeoutMs?: number;
  /** The built web page the API serves under /app (default web/dist, what `npm run build:web` writes). */
  webRoot?: string;
  /**
   * Runs the sweep of open cases (sweep-cases, input `{}`) every so many engine seconds, as EventBridge
   * Scheduler does on AWS every 15 minutes (default: never; `npm start` sweeps every 60 s).
   */
  sweepEverySeconds?: number;
  /**
   * Runs the report job (compute-reports, input `{}`) every so many engine seconds, as EventBridge Scheduler
   * does on AWS every 15 minutes (default: never; tests invoke it; `npm start` runs it every 30 s).
   */
  reportsEverySeconds?: number;
  /** Batches each rule's queue hands its consumer at once (default 1; SQS event sources scale out on AWS). */
  queueMaxConcurrency?: number;
  /** SES's maximum send rate (SendEmail per engine second; default: none) and a hook on every accepted mail. */
  ses?: Pick<SesOptions, 'sendingRate' | 'onSent'>;
  /**
   * Lambda concurrency (default: none). Over a limit, a state machine's task is refused with
   * Lambda.TooManyRequestsException and the queues and the caller API wait for a free slot.
   */
  lambdaConcurrency?: LambdaConcurrencyLimits;
  /** Engine milliseconds a finished execution keeps its history (default: for good; tests read histories). */
  executionHistoryRetentionMs?: number;
  /**
   * The sources inbound events must come with, like the context key `inboundSources` (default: the same
   * DEFAULT_INBOUND_SOURCES); the rules route nothing the accounting system did not send with one of them.
   */
  inboundSources?: readonly string[];
  /**
   * The print hand-off: 'confirm' (default) runs the daily print batch at 15:00 business time and a stand-in print
   * service that posts every batch on its day (`Letters Posted`); 'manual' runs neither (tests invoke the job
   * and confirm themselves). Letters are registered for printing either way.
   */
  print?: 'confirm' | 'manual';
}

const functionArn = (name: string) => `arn:aws:lambda:${localRegion}:${localAccountId}:function:${name}`;
/** The schedule group of the start schedules and the role Scheduler would invoke their target with. */
const START_SCHEDULE_GROUP = 'dunning-starts';
const START_SCHEDULE_ROLE_ARN = `arn:aws:iam::${localAccountId}:role/dunning-start-schedules`;
/** Handlers whose modules take seconds to load on a busy machine (the PDF renderer): loaded on first use. */
const LOADED_ON_FIRST_USE = new Set(['render-letter']);
/** The document bucket (posted letters, later case files and print batches). */
const DOCUMENT_BUCKET = 'dunning-documents';

/**
 * The whole workflow on one machine: DynamoDB (dynalite), SES v2, Step Functions and EventBridge emulators,
 * the real handler modules invoked in-process, the real ASL files and the same event rules as the CDK app.
 * Handlers reach every emulator through the product's AWS client (AWS_ENDPOINT_URL_<SERVICE>).
 */
export async function startWorkflowStack(options: WorkflowStackOptions) {
  // Refused before any emulator starts, so a wrong list leaves nothing running.
  const inboundSources = inboundSourcesSchema.parse(options.inboundSources ?? DEFAULT_INBOUND_SOURCES);
  const dynamo = await startDynamoDb({ path: options.dataPath, thread: options.dynamoDbThread ?? 'worker' });
  const ses = await startSes(options.ses);
  const s3 = await startS3({
    bucketName: DOCUMENT_BUCKET,
    dataPath: options.dataPath ? `${options.dataPath}-documents` : undefined,
  });
  const productBus = 'dunning';
  const bus = new LocalEventBridge({ eventBusNames: [productBus] });
  const busEndpoint = await bus.listen();
  // Step Functions reports failed, timed-out and aborted executions on the default bus, as on AWS.
  const stepFunctions = new LocalStepFunctions({
    retryDelayScale: options.retryDelayScale,
    putEvents: (entries) => bus.putEvents(entries),
    historyRetentionMs: options.executionHistoryRetentionMs,
  });
  const sfnEndpoint = await stepFunctions.listen();

  const engineStart = Temporal.Now.instant().toString();
  const businessStart = options.businessStart ?? engineStart;
  const clock: WorkflowClock = scaledClock({
    scale: options.clockScale,
    businessEpoch: businessStart,
    engineEpoch: engineStart,
  });
  // One-time start schedules fire on the scaled clock and invoke their target function like Scheduler does.
  const handlers = new Map<string, (event: unknown) => Promise<unknown>>();
  const scheduler = new LocalScheduler({
    engineDelayMs: (at) => Temporal.Instant.from(clock.toEngine(at)).epochMilliseconds - Date.now(),
    invoke: (targetArn, input) => {
      const handler = handlers.get(targetArn.split(':function:')[1] ?? '');
      if (!handler) throw new Error(`no function ${targetArn}`);
      return handler(input);
    },
  });
  const schedulerEndpoint = await scheduler.listen();
  const stateMachineArns = Object.fromEntries(
    stateMachineDefinitions.map((machine) => [
      machine.substitution,
      `arn:aws:states:${localRegion}:${localAccountId}:stateMachine:${machine.name}`,
    ]),
  );

  Object.assign(process.env, {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    AWS_ENDPOINT_URL_SFN: sfnEndpoint.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: busEndpoint.endpoint,
    AWS_ENDPOINT_URL_SCHEDULER: schedulerEndpoint.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    DOCUMENT_BUCKET,
    TABLE_NAME: dynamo.tableNames.DunningTable,
    IDEMPOTENCY_TABLE_NAME: dynamo.tableNames.IdempotencyTable,
    EVENT_BUS_NAME: productBus,
    SENDER_ADDRESS: options.senderAddress ?? 'forderungen@muster-maschinenbau.example',
    DUNNING_STATE_MACHINE_ARN: stateMachineArns.DunningStateMachineArn,
    INSTALLMENTS_STATE_MACHINE_ARN: stateMachineArns.InstallmentsStateMachineArn,
    START_SCHEDULE_GROUP,
    START_SCHEDULE_TARGET_ARN: functionArn('start-overdue'),
    START_SCHEDULE_ROLE_ARN,
    CLOCK_SCALE: String(options.clockScale),
    CLOCK_BUSINESS_EPOCH: businessStart,
    CLOCK_ENGINE_EPOCH: engineStart,
    MAX_EXECUTION_AGE_DAYS: String(options.maxExecutionAgeDays ?? 330),
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  // Handlers build their workflow from the environment at first use: start from a clean slate.
  const { resetWorkflowInstance } = await import('../functions/handlers/runtime/container.js');
  resetWorkflowInstance();
  const { resetDocumentStore } = await import('../functions/handlers/runtime/documents.js');
  resetDocumentStore();
  const { resetPrintQueue } = await import('../functions/handlers/runtime/print.js');
  resetPrintQueue();

  const concurrency = new LambdaConcurrency(options.lambdaConcurrency);
  // `handlers` (above): invocations that wait for a free slot: queue pollers, schedules, the caller API, direct calls.
  const faults = new FaultInjection();
  // Invocations still running when the stack stops must finish before their emulators go away.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(invocation: Promise<T>): Promise<T> => {
    inFlight.add(invocation);
    const settle = () => inFlight.delete(invocation);
    invocation.then(settle, settle);
    return invocation;
  };
  for (const definition of functionDefinitions) {
    const load = handlerModules[definition.handler];
    if (!load) throw new Error(`no handler module for ${definition.handler}`);
    let loading: ReturnType<typeof load> | undefined;
    const loaded = () => {
      loading ??= load();
      return loading;
    };
    if (!LOADED_ON_FIRST_USE.has(definition.name)) await loaded();
    // The emulators deliver events in the shape AWS would; each handler validates its own input.
    // Faults a test armed fire after the handler did its work, inside the concurrency slot it held.
    const run = (event: unknown) => () =>
      faults.invoke(definition.name, event, async () =>
        (await loaded()).handler(event as never, lambdaContext(definition.name)),
      );
    handlers.set(definition.name, (event) => track(concurrency.invokeWhenFree(definition.name, run(event))));
    stepFunctions.registerLambda(definition.name, (event) =>
      track(concurrency.invokeOrRefuse(definition.name, run(event))),
    );
  }

  const substitutions: Record<string, string> = { ...stateMachineArns };
  for (const definition of functionDefinitions) {
    if (definition.substitution) substitutions[definition.substitution] = functionArn(definition.name);
  }
  for (const machine of stateMachineDefinitions) {
    const definition: unknown = JSON.parse(substitute(readAsl(machine.file), substitutions));
    stepFunctions.registerStateMachine({ name: machine.name, definition });
  }
  // Executions start when an invoice is overdue, often while the clock runs fast: load the engine meanwhile.
  void stepFunctions.warmUp().catch(() => undefined);

  const eventRules = eventRulesFor(inboundSources);
  const queues = eventRules.map((rule) => {
    const consumer = handlers.get(rule.consumer);
    if (!consumer) throw new Error(`rule ${rule.id} has no consumer ${rule.consumer}`);
    const queue = new LocalQueue({
      name: rule.id,
      consumer,
      visibilityTimeoutMs: options.queueVisibilityTimeoutMs ?? 200,
      maxReceiveCount: 5,
      maxConcurrency: options.queueMaxConcurrency,
    });
    const eventBusName = rule.bus === 'product' ? productBus : 'default';
    bus.addRule({ name: rule.id, eventPattern: rule.eventPattern, target: queue, eventBusName });
    return queue;
  });

  const apiHandler = dispatchByArea((functionName) => {
    const handler = handlers.get(functionName);
    if (!handler) throw new Error(`no function ${functionName} for the caller API`);
    return async (event) => (await handler(event)) as ApiResult;
  });
  const deadLetters = () =>
    Object.fromEntries(
      queues.map((queue, index) => [
        eventRules[index]?.id ?? `queue-${index}`,
        queue
          .deadLetters()
          .map(({ messageId, body, receiveCount }) => ({ messageId, receiveCount, event: JSON.parse(body) })),
      ]),
    );
  // The stack's own look into the document bucket (the letters page), apart from the handlers' clients.
  const s3Client = new S3Client({
    endpoint: s3.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const documents = new DocumentStore(s3Client, DOCUMENT_BUCKET);
  const letters = {
    list: async () =>
      (await documents.list('cases/')).filter((document) => document.key.includes('/letters/')),
    link: (key: string) => documents.presignedGetUrl(key, 300),
  };
  const apiGateway = new LocalApiGateway(apiHandler, {
    webRoot: options.webRoot ?? join(repositoryRoot, 'web', 'dist'),
    openApiDocument,
    deadLetters,
    letters,
  });
  const api = await apiGateway.listen(options.apiPort ?? 0);
  const printing = startPrintHandOff(options.print ?? 'confirm', {
    bus,
    productBus,
    clock,
    inboundSource: inboundSources[0] ?? 'erp.accounting',
    handlers,
    track,
  });
  const sweep = schedule(handlers.get('sweep-cases'), options.sweepEverySeconds);
  const reports = schedule(handlers.get('compute-reports'), options.reportsEverySeconds);

  return {
    productBus,
    inboundSources,
    clock,
    dynamo,
    ses,
    bus,
    stepFunctions,
    scheduler,
    startScheduleGroup: START_SCHEDULE_GROUP,
    s3,
    documentBucket: DOCUMENT_BUCKET,
    /** The posted letters in the document bucket, and a presigned link to open one. */
    letters,
    queues,
    concurrency,
    endpoints: {
      dynamodb: dynamo.endpoint,
      ses: ses.endpoint,
      mailbox: ses.mailboxUrl,
      stepFunctions: sfnEndpoint.endpoint,
      eventBridge: busEndpoint.endpoint,
      scheduler: schedulerEndpoint.endpoint,
      s3: s3.endpoint,
      api: api.endpoint,
      letters: `${api.endpoint}${LETTERS_PATH}`,
    },
    tableNames: dynamo.tableNames,
    deadLetters,
    stateMachineArns,
    faults,
    invoke: (name: string, event: unknown) => {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`no function ${name}`);
      return handler(event);
    },
    async stop() {
      printing.stop();
      sweep.stop();
      reports.stop();
      scheduler.stop();
      await apiGateway.close();
      for (const queue of queues) queue.stop();
      await stepFunctions.stop();
      await Promise.allSettled([...inFlight]);
      await scheduler.close();
      await stepFunctions.close();
      await bus.close();
      await ses.stop();
      await s3.stop();
      await dynamo.stop();
    },
  };
}

/** A periodic function (the sweep, the report job); a run still going when the next is due is not started twice. */
function schedule(fn: ((event: unknown) => Promise<unknown>) | undefined, everySeconds?: number) {
  if (everySeconds === undefined) return { stop: () => undefined };
  if (!fn) throw new Error('no function to schedule');
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // A failed run is like one Lambda gave up on: the next run reads the same cases again.
    fn({})
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, everySeconds * 1000);
  return { stop: () => clearInterval(timer) };
}

export type WorkflowStack = Awaited<ReturnType<typeof startWorkflowStack>>;
