import { createRequire } from 'node:module';
import type * as Engine from 'aws-local-stepfunctions';
import { z } from 'zod';
import { isObjectNode, type JsonObject, type JsonValue, resolveSimplePath, toJsonValue } from './json.js';

/** setTimeout holds at most 2^31-1 ms; a longer delay fires at once, so no local timer may be longer. */
export const maxTimerSeconds = Math.floor(2_147_483_647 / 1000);

/**
 * Parameters keys the local engine adds to carry a task's dynamic timeouts into the task handler; they are
 * removed again before the task runs.
 */
export const hiddenTimeoutKey = '__localTimeoutSeconds';
export const hiddenHeartbeatKey = '__localHeartbeatSeconds';

export type ResourceKind =
  | 'lambda-function'
  | 'lambda-invoke'
  | 'lambda-invoke-callback'
  | 'start-execution'
  | 'start-execution-sync'
  | 'start-execution-sync2'
  | 'put-events';

export type TaskTimeout = { seconds: number } | { path: string };

export interface TaskInfo {
  readonly stateName: string;
  readonly resource: string;
  readonly kind: ResourceKind;
  readonly timeout: TaskTimeout;
  readonly heartbeat?: TaskTimeout;
}

export interface PreparedDefinition {
  /** The definition as registered (for DescribeStateMachine). */
  readonly source: JsonObject;
  /** What aws-local-stepfunctions runs: the source with the local adjustments described in prepareDefinition. */
  readonly engineDefinition: Engine.StateMachineDefinition;
  readonly tasks: ReadonlyMap<string, TaskInfo>;
  readonly waits: ReadonlyMap<string, JsonObject>;
  /** Every state, also those inside Parallel branches and Map processors, by name. */
  readonly stateTypes: ReadonlyMap<string, string>;
}

const serviceIntegrations = new Map<string, ResourceKind>([
  ['arn:aws:states:::lambda:invoke', 'lambda-invoke'],
  ['arn:aws:states:::lambda:invoke.waitForTaskToken', 'lambda-invoke-callback'],
  ['arn:aws:states:::states:startExecution', 'start-execution'],
  ['arn:aws:states:::states:startExecution.sync', 'start-execution-sync'],
  ['arn:aws:states:::states:startExecution.sync:2', 'start-execution-sync2'],
  ['arn:aws:states:::events:putEvents', 'put-events'],
]);

const lambdaFunctionArn =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;

export function resourceKind(resource: string): ResourceKind | undefined {
  if (lambdaFunctionArn.test(resource)) return 'lambda-function';
  return serviceIntegrations.get(resource);
}

/** A function name from any form Lambda accepts: name, name:qualifier, partial ARN or full ARN. */
export function functionNameOf(reference: string): string {
  const parts = reference.split(':');
  if (reference.startsWith('arn:')) return parts[6] ?? reference;
  const functionIndex = parts.indexOf('function');
  if (functionIndex >= 0) return parts[functionIndex + 1] ?? reference;
  return parts[0] ?? reference;
}

const aslResultSchema = z.object({
  isValid: z.boolean(),
  errors: z.array(z.object({ Message: z.string().optional() }).loose()),
});

/**
 * asl-validator (the project's, the one the infra tests use) compiles its schemas on every call, which
 * costs ~100 ms; test suites register the same ASL files over and over, so answers are kept per document.
 */
const validationCache = new Map<string, readonly string[]>();

/** asl-validator ships no type declarations; it is loaded through require and its answer parsed with zod. */
function aslErrors(definition: JsonObject): readonly string[] {
  const key = JSON.stringify(definition);
  const cached = validationCache.get(key);
  if (cached) return cached;
  const validator: unknown = createRequire(import.meta.url)('asl-validator');
  if (typeof validator !== 'function') throw new Error('asl-validator did not export a function');
  // The validator writes defaults (QueryLanguage) into what it is given.
  const answer: unknown = Reflect.apply(validator, undefined, [
    structuredClone(definition),
    { checkArn: false, checkPaths: true },
  ]);
  const result = aslResultSchema.parse(answer);
  const errors = result.isValid ? [] : result.errors.map((error) => error.Message ?? JSON.stringify(error));
  validationCache.set(key, errors);
  return errors;
}

/**
 * The engine validates a definition itself when it is constructed (once per definition, see
 * stepfunctions.ts); here the derived definition, built from a validated one, only needs its shape checked.
 */
function hasEngineShape(definition: JsonObject): definition is JsonObject & Engine.StateMachineDefinition {
  return (
    typeof definition.StartAt === 'string' &&
    definition.States !== undefined &&
    isObjectNode(definition.States)
  );
}

/**
 * Validates a definition and derives the one the local engine runs. The adjustments, each because
 * aws-local-stepfunctions differs from AWS:
 * - a Task without TimeoutSeconds(Path) gets the longest timer Node can hold (the library's default is 60 s,
 *   AWS's is 99999999 s);
 * - TimeoutSecondsPath and HeartbeatSecondsPath are resolved through hidden Parameters keys, because the
 *   library resolves them against the input after Parameters while AWS uses the state input;
 * - Retry intervals and delays are multiplied by `retryDelayScale` (1 unless a test asks for less), so a
 *   test of the long throttling budget does not wait out real minutes.
 */
export function prepareDefinition(
  definition: unknown,
  stateMachineName: string,
  retryDelayScale = 1,
): PreparedDefinition {
  const source = toJsonValue(definition);
  if (!isObjectNode(source))
    throw new Error(`State machine ${stateMachineName}: the definition must be a JSON object`);
  const errors = aslErrors(source);
  if (errors.length > 0) {
    throw new Error(`State machine ${stateMachineName} has an invalid definition: ${errors.join('; ')}`);
  }
  const fail = (message: string): never => {
    throw new Error(`State machine ${stateMachineName}: ${message}`);
  };
  if (typeof source.TimeoutSeconds === 'number' && source.TimeoutSeconds > maxTimerSeconds) {
    fail(`TimeoutSeconds ${source.TimeoutSeconds} exceeds the ${maxTimerSeconds} s a local timer can hold`);
  }

  const engineDefinition = structuredClone(source);
  const tasks = new Map<string, TaskInfo>();
  const waits = new Map<string, JsonObject>();
  const stateTypes = new Map<string, string>();
  forEachState(engineDefinition.States, (name, state) => {
    stateTypes.set(name, typeof state.Type === 'string' ? state.Type : 'Unknown');
    if (state.Type === 'Wait') {
      if (typeof state.Seconds === 'number' && state.Seconds > maxTimerSeconds) {
        fail(`Wait state '${name}' waits ${state.Seconds} s, more than a local timer can hold`);
      }
      waits.set(name, structuredClone(state));
    }
    scaleRetryDelays(state, retryDelayScale);
    if (state.Type !== 'Task') return;
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    const kind = resourceKind(resource);
    if (kind === undefined) {
      return fail(
        `Task state '${name}' uses the resource '${resource}', which the local Step Functions cannot run ` +
          '(supported: Lambda function ARNs, lambda:invoke, lambda:invoke.waitForTaskToken, ' +
          'states:startExecution[.sync|.sync:2], events:putEvents)',
      );
    }
    const parameters = state.Parameters;
    if (kind !== 'lambda-function' && (parameters === undefined || !isObjectNode(parameters))) {
      fail(`Task state '${name}' (${resource}) needs Parameters`);
    }
    const timeout = taskTimeout(state, 'TimeoutSeconds', 'TimeoutSecondsPath') ?? {
      seconds: maxTimerSeconds,
    };
    if ('seconds' in timeout && timeout.seconds > maxTimerSeconds) {
      fail(`Task state '${name}' has TimeoutSeconds ${timeout.seconds}, more than a local timer can hold`);
    }
    if (!('TimeoutSeconds' in state) && !('TimeoutSecondsPath' in state))
      state.TimeoutSeconds = maxTimerSeconds;
    const heartbeat = taskTimeout(state, 'HeartbeatSeconds', 'HeartbeatSecondsPath');
    if (parameters !== undefined && isObjectNode(parameters)) {
      if (typeof state.TimeoutSecondsPath === 'string') {
        parameters[`${hiddenTimeoutKey}.$`] = state.TimeoutSecondsPath;
        state.TimeoutSecondsPath = `$.${hiddenTimeoutKey}`;
      }
      if (typeof state.HeartbeatSecondsPath === 'string') {
        parameters[`${hiddenHeartbeatKey}.$`] = state.HeartbeatSecondsPath;
      }
    }
    tasks.set(name, { stateName: name, resource, kind, timeout, heartbeat });
  });
  if (!hasEngineShape(engineDefinition)) {
    throw new Error(`State machine ${stateMachineName}: the definition needs StartAt and States`);
  }
  return { source, engineDefinition, tasks, waits, stateTypes };
}

function scaleRetryDelays(state: JsonObject, scale: number): void {
  if (scale === 1 || !Array.isArray(state.Retry)) return;
  for (const retrier of state.Retry) {
    if (!isObjectNode(retrier)) continue;
    for (const key of ['IntervalSeconds', 'MaxDelaySeconds']) {
      const seconds = retrier[key];
      if (typeof seconds === 'number') retrier[key] = seconds * scale;
    }
  }
}

function taskTimeout(state: JsonObject, secondsKey: string, pathKey: string): TaskTimeout | undefined {
  const seconds = state[secondsKey];
  if (typeof seconds === 'number') return { seconds };
  const path = state[pathKey];
  if (typeof path === 'string') return { path };
  return undefined;
}

/** Visits every state, also those inside Parallel branches and Map item processors. */
export function forEachState(
  states: JsonValue | undefined,
  visit: (name: string, state: JsonObject) => void,
): void {
  if (states === undefined || !isObjectNode(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObjectNode(state)) continue;
    visit(name, state);
    const branches = state.Type === 'Parallel' && Array.isArray(state.Branches) ? state.Branches : [];
    for (const branch of branches) {
      if (isObjectNode(branch)) forEachState(branch.States, visit);
    }
    const processor = state.Type === 'Map' ? (state.ItemProcessor ?? state.Iterator) : undefined;
    if (processor !== undefined && isObjectNode(processor)) forEachState(processor.States, visit);
  }
}

/**
 * How long a Wait state entered with `input` will wait, in ms, when that can be told from simple paths; the
 * engine checks it against what a timer can hold.
 */
export function waitDurationMs(wait: JsonObject, input: JsonValue, now: number): number | undefined {
  const effective = typeof wait.InputPath === 'string' ? resolveSimplePath(input, wait.InputPath) : input;
  if (typeof wait.Seconds === 'number') return wait.Seconds * 1000;
  if (typeof wait.Timestamp === 'string') return Date.parse(wait.Timestamp) - now;
  if (effective === undefined) return undefined;
  if (typeof wait.SecondsPath === 'string') {
    const seconds = resolveSimplePath(effective, wait.SecondsPath);
    return typeof seconds === 'number' ? seconds * 1000 : undefined;
  }
  if (typeof wait.TimestampPath === 'string') {
    const timestamp = resolveSimplePath(effective, wait.TimestampPath);
    return typeof timestamp === 'string' ? Date.parse(timestamp) - now : undefined;
  }
  return undefined;
}
