// Must stay the first import: the engine needs Promise.withResolvers, which Node 20 lacks.
import './polyfill.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PutEventsRequestEntry, PutEventsResponse } from '@aws-sdk/client-eventbridge';
import type * as Engine from 'aws-local-stepfunctions';
import { z } from 'zod';
import { isObjectNode, type JsonValue, parseJsonValue, toJsonValue } from './json.js';
import { LambdaServiceError } from './lambda-concurrency.js';
import {
  createDeferred,
  type Deferred,
  LoopbackEndpoint,
  localAccountId,
  localRegion,
  parseJson,
  readBody,
  sendJson,
} from './shared.js';
import {
  functionNameOf,
  hiddenHeartbeatKey,
  hiddenTimeoutKey,
  maxTimerSeconds,
  type PreparedDefinition,
  prepareDefinition,
  type TaskInfo,
  type TaskTimeout,
  waitDurationMs,
} from './stepfunctions-definition.js';
import {
  type HistoryEntry,
  type HistoryEvent,
  insertChronologically,
  type NewHistoryEvent,
  numberHistory,
  splitResource,
  toAwsHistoryEvent,
} from './stepfunctions-history.js';
import { executionStatusChangeEntry, reportedStatuses } from './stepfunctions-status-events.js';

export type { HistoryEvent } from './stepfunctions-history.js';

type EngineModule = typeof Engine;
type EngineEvent =
  ReturnType<Engine.StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;
type TaskHandlers = NonNullable<NonNullable<Engine.RunOptions['overrides']>['taskResourceLocalHandlers']>;
type EngineContext = NonNullable<Engine.RunOptions['context']>;

let engineModule: Promise<EngineModule> | undefined;

/**
 * One engine StateMachine per definition, shared by all executions and instances: its constructor runs
 * asl-validator, which costs ~100 ms per call, and a StateMachine keeps no state between runs.
 */
const engineMachines = new Map<string, Engine.StateMachine>();

function engineMachine(engine: EngineModule, prepared: PreparedDefinition): Engine.StateMachine {
  const key = JSON.stringify(prepared.engineDefinition);
  let machine = engineMachines.get(key);
  if (!machine) {
    // The validator inside the constructor writes defaults into the definition it gets.
    machine = new engine.StateMachine(structuredClone(prepared.engineDefinition), {
      validationOptions: { checkArn: false, checkPaths: true },
    });
    engineMachines.set(key, machine);
  }
  return machine;
}

/** Loaded on first use, so the polyfill above has run before any engine code does. */
function loadEngine(): Promise<EngineModule> {
  engineModule ??= import('aws-local-stepfunctions');
  return engineModule;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A Lambda handler as the local engine calls it: the event in, the JSON-serialisable result out. */
export type LambdaHandler = (event: unknown) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  region?: string;
  accountId?: string;
  /**
   * The account's EventBridge, e.g. `LocalEventBridge.putEvents`: receives the Entries of
   * `arn:aws:states:::events:putEvents` tasks, and a "Step Functions Execution Status Change" event on the
   * default bus whenever an execution ends FAILED, TIMED_OUT or ABORTED.
   */
  putEvents?: (entries: PutEventsRequestEntry[]) => Promise<PutEventsResponse>;
  /** Multiplies every Retry interval and delay (see prepareDefinition); tests pass less than 1. */
  retryDelayScale?: number;
  /**
   * Milliseconds after which a finished execution's history is dropped; its record (status, input, output)
   * stays. Keeps a long or busy run's memory bounded. Default: histories are kept.
   */
  historyRetentionMs?: number;
}

export interface RegisterStateMachineInput {
  name: string;
  /** The ASL document (JSONPath), with its ${substitutions} already applied. */
  definition: unknown;
  roleArn?: string;
}

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly history: readonly HistoryEvent[];
}

export interface OpenTaskToken {
  readonly taskToken: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly functionName: string;
  /** The Payload the Lambda function received, with the token in it. */
  readonly payload: JsonValue;
  readonly createdAt: Date;
}

/** An error the Step Functions API answers with: `name` is the AWS error code (`__type`). */
export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

interface MachineRecord {
  readonly arn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly creationDate: Date;
  readonly prepared: PreparedDefinition;
}

interface TaskAttempt {
  parameters: string;
  result?: string;
}

interface ExecutionRecord {
  readonly executionArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  readonly machine: MachineRecord;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: Date;
  readonly history: HistoryEntry[];
  /** Whether ExecutionSucceeded/Failed/Aborted/TimedOut is in the history already. */
  terminalRecorded: boolean;
  transitions: number;
  /** What `$$.Task.Token` resolves to in the engine; each task attempt swaps in a token of its own. */
  readonly tokenPlaceholder: string;
  readonly openTokens: Set<string>;
  /** Tokens of this execution's finished attempts, forgotten with its history. */
  readonly deadTokens: string[];
  /** The latest attempt per task state, for the TaskScheduled/TaskSucceeded history events. */
  readonly taskAttempts: Map<string, TaskAttempt>;
  abort?: () => void;
  readonly done: Deferred<void>;
  finished: boolean;
}

interface Waiter {
  readonly taskToken: string;
  readonly execution: ExecutionRecord;
  readonly stateName: string;
  readonly functionName: string;
  readonly payload: JsonValue;
  readonly createdAt: Date;
  readonly result: Deferred<JsonValue>;
  readonly heartbeatMs?: number;
  timeoutTimer?: NodeJS.Timeout;
  heartbeatTimer?: NodeJS.Timeout;
}

interface TokenFilter {
  executionArn?: string;
  stateName?: string;
}

interface TokenListener {
  readonly filter: TokenFilter;
  readonly found: Deferred<OpenTaskToken>;
  timer?: NodeJS.Timeout;
}

const defaultRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/local-stepfunctions`;

/**
 * Step Functions on this machine: runs registered ASL definitions in aws-local-stepfunctions, executes their
 * Task states through registered Lambda handlers and the service integrations the product uses, keeps
 * executions and task tokens the way AWS does, and answers the AWS JSON 1.0 API over HTTP.
 */
export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  private readonly putEventsTarget: LocalStepFunctionsOptions['putEvents'];
  private readonly retryDelayScale: number;
  private readonly machines = new Map<string, MachineRecord>();
  private readonly lambdas = new Map<string, LambdaHandler>();
  private readonly executionsByArn = new Map<string, ExecutionRecord>();
  private readonly waiters = new Map<string, Waiter>();
  /** Tokens whose attempt is over: AWS answers TaskTimedOut for them, InvalidToken for unknown ones. */
  private readonly deadTokens = new Set<string>();
  private readonly tokenListeners = new Set<TokenListener>();
  private readonly endpoint = new LoopbackEndpoint('LocalStepFunctions', (request, response) =>
    this.handleRequest(request, response),
  );
  private readonly historyRetentionMs: number | undefined;
  private readonly pruneTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(options: LocalStepFunctionsOptions = {}) {
    this.region = options.region ?? localRegion;
    this.accountId = options.accountId ?? localAccountId;
    this.putEventsTarget = options.putEvents;
    this.retryDelayScale = options.retryDelayScale ?? 1;
    this.historyRetentionMs = options.historyRetentionMs;
  }

  /** Validates and registers a state machine; registering the same definition again is a no-op. */
  registerStateMachine(input: RegisterStateMachineInput): string {
    assertResourceName(input.name, 'state machine');
    const prepared = prepareDefinition(input.definition, input.name, this.retryDelayScale);
    const arn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${input.name}`;
    const existing = this.machines.get(arn);
    if (existing) {
      if (JSON.stringify(existing.prepared.source) === JSON.stringify(prepared.source)) return arn;
      throw new StepFunctionsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    this.machines.set(arn, {
      arn,
      name: input.name,
      roleArn: input.roleArn ?? defaultRoleArn(this.accountId),
      creationDate: new Date(),
      prepared,
    });
    return arn;
  }

  /**
   * Loads the engine and builds every registered machine ahead of the first execution, which would otherwise
   * start a second or so late: on a scaled clock that is days of business time.
   */
  async warmUp(): Promise<void> {
    const engine = await loadEngine();
    for (const machine of this.machines.values()) engineMachine(engine, machine.prepared);
  }

  /** `functionName` is what ARNs and FunctionName parameters resolve to; a later registration replaces it. */
  registerLambda(functionName: string, handler: LambdaHandler): void {
    this.lambdas.set(functionNameOf(functionName), handler);
  }

  functionArn(functionName: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${functionName}`;
  }

  startExecution(request: { stateMachineArn: string; input?: string; name?: string }): {
    executionArn: string;
    startDate: Date;
  } {
    if (this.stopped) throw new Error('LocalStepFunctions has been stopped');
    assertArn(request.stateMachineArn, 'stateMachine');
    const machine = this.machines.get(request.stateMachineArn);
    if (!machine) {
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    const name = request.name ?? randomUUID();
    assertResourceName(name, 'execution');
    const input = request.input ?? '{}';
    const parsedInput = parseJsonValue(input);
    if (parsedInput === undefined) {
      throw new StepFunctionsError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: not JSON',
      );
    }
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executionsByArn.get(executionArn);
    if (existing) {
      // AWS: the same name and input while RUNNING is the same request again; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: ExecutionRecord = {
      executionArn,
      name,
      input,
      startDate: new Date(),
      machine,
      status: 'RUNNING',
      history: [],
      terminalRecorded: false,
      transitions: 0,
      tokenPlaceholder: `local-task-token-placeholder-${randomUUID()}`,
      openTokens: new Set(),
      deadTokens: [],
      taskAttempts: new Map(),
      done: createDeferred<void>(),
      finished: false,
    };
    this.executionsByArn.set(executionArn, execution);
    void this.run(execution, parsedInput);
    return { executionArn, startDate: execution.startDate };
  }

  stopExecution(request: { executionArn: string; error?: string; cause?: string }): { stopDate: Date } {
    const execution = this.requireExecution(request.executionArn);
    if (execution.status === 'RUNNING') {
      this.endEarly(execution, 'ABORTED', request.error, request.cause);
    }
    return { stopDate: execution.stopDate ?? new Date() };
  }

  sendTaskSuccess(request: { taskToken: string; output: string }): void {
    const output = parseJsonValue(request.output);
    if (output === undefined) throw new StepFunctionsError('InvalidOutput', 'Invalid Output: not JSON');
    this.liveWaiter(request.taskToken);
    this.settleToken(request.taskToken, { output });
  }

  /** Without `error` the failure is named States.TaskFailed, which every task catcher for failures matches. */
  sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }): void {
    this.liveWaiter(request.taskToken);
    this.settleToken(request.taskToken, {
      error: namedError(request.error ?? 'States.TaskFailed', request.cause ?? ''),
    });
  }

  sendTaskHeartbeat(request: { taskToken: string }): void {
    const waiter = this.liveWaiter(request.taskToken);
    this.armHeartbeat(waiter);
  }

  execution(executionArn: string): ExecutionDescription | undefined {
    const execution = this.executionsByArn.get(executionArn);
    return execution ? describe(execution) : undefined;
  }

  executions(): ExecutionDescription[] {
    return [...this.executionsByArn.values()].map(describe);
  }

  /** States entered so far (also inside Parallel and Map), the unit Standard Workflows are billed by. */
  transitionCount(executionArn: string): number {
    return this.requireExecution(executionArn).transitions;
  }

  /** Resolves once the execution has left RUNNING and its history is complete. */
  async waitForExecution(
    executionArn: string,
    options: { timeoutMs?: number } = {},
  ): Promise<ExecutionDescription> {
    const execution = this.requireExecution(executionArn);
    if (!execution.finished) {
      const timeoutMs = options.timeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`Execution ${executionArn} still ${execution.status} after ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([execution.done.promise, timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
    return describe(execution);
  }

  /** Task tokens whose task is waiting for SendTaskSuccess/Failure right now. */
  openTaskTokens(): OpenTaskToken[] {
    return [...this.waiters.values()].map(openToken);
  }

  /** The first open task token matching the filter, waiting for one to appear if needed. */
  waitForTaskToken(filter: TokenFilter = {}, options: { timeoutMs?: number } = {}): Promise<OpenTaskToken> {
    const open = [...this.waiters.values()].find((waiter) => tokenMatches(filter, waiter));
    if (open) return Promise.resolve(openToken(open));
    const listener: TokenListener = { filter, found: createDeferred<OpenTaskToken>() };
    const timeoutMs = options.timeoutMs ?? 10_000;
    listener.timer = setTimeout(() => {
      this.tokenListeners.delete(listener);
      listener.found.reject(new Error(`No task token for ${JSON.stringify(filter)} within ${timeoutMs} ms`));
    }, timeoutMs);
    this.tokenListeners.add(listener);
    return listener.found.promise;
  }

  /** Serves the AWS JSON 1.0 API on 127.0.0.1 (port 0 picks a free one). */
  listen(port = 0): Promise<{ endpoint: string }> {
    return this.endpoint.listen(port);
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }

  /** Aborts every running execution, clears every timer and closes the endpoint. */
  async stop(): Promise<void> {
    this.stopped = true;
    const executions = [...this.executionsByArn.values()];
    for (const execution of executions) {
      if (execution.status === 'RUNNING')
        this.endEarly(execution, 'ABORTED', 'Local.Stopped', 'The emulator stopped');
    }
    for (const listener of this.tokenListeners) {
      clearTimeout(listener.timer);
      listener.found.reject(new Error('LocalStepFunctions stopped'));
    }
    this.tokenListeners.clear();
    for (const timer of this.pruneTimers) clearTimeout(timer);
    this.pruneTimers.clear();
    await Promise.all(executions.map((execution) => execution.done.promise));
    await this.close();
  }

  private async run(execution: ExecutionRecord, input: JsonValue): Promise<void> {
    try {
      const engine = await loadEngine();
      if (execution.status !== 'RUNNING') return;
      const stateMachine = engineMachine(engine, execution.machine.prepared);
      const handle = stateMachine.run(input, {
        overrides: { taskResourceLocalHandlers: this.taskHandlers(execution) },
        context: this.contextOf(execution),
      });
      execution.abort = handle.abort;
      const history = this.recordHistory(execution, handle.eventLogs);
      const outcome = await handle.result.then(
        (output) => ({ ok: true as const, output }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      this.releaseTokens(execution);
      await history;
      if (outcome.ok) {
        this.finish(execution, 'SUCCEEDED', { output: JSON.stringify(outcome.output) });
      } else {
        this.finishWithError(execution, engine, outcome.error);
      }
    } catch (error) {
      // The engine refused the definition or failed outside of any state.
      this.endEarly(execution, 'FAILED', 'States.Runtime', messageOf(error));
    } finally {
      execution.stopDate ??= new Date();
      execution.finished = true;
      execution.done.resolve();
      this.scheduleHistoryPruning(execution);
    }
  }

  private finishWithError(execution: ExecutionRecord, engine: EngineModule, error: unknown): void {
    if (error instanceof engine.ExecutionTimeoutError) {
      this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
    } else if (error instanceof engine.ExecutionAbortedError) {
      this.finish(execution, 'ABORTED', {});
    } else if (error instanceof engine.ExecutionError && error.cause instanceof Error) {
      this.finish(execution, 'FAILED', { error: error.cause.name, cause: error.cause.message });
    } else {
      this.finish(execution, 'FAILED', { error: 'States.Runtime', cause: messageOf(error) });
    }
  }

  private finish(
    execution: ExecutionRecord,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { output?: string; error?: string; cause?: string },
  ): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.output = result.output;
    execution.error = result.error;
    execution.cause = result.cause;
    execution.stopDate = new Date();
    this.reportEnd(execution);
  }

  /**
   * Best effort, like AWS's delivery of these events. Executions the emulator aborts while it stops are not
   * reported: on AWS nothing would have stopped them.
   */
  private reportEnd(execution: ExecutionRecord): void {
    if (!this.putEventsTarget || this.stopped || !reportedStatuses.has(execution.status)) return;
    const entry = executionStatusChangeEntry({ ...execution, stateMachineArn: execution.machine.arn });
    this.putEventsTarget([entry]).catch(() => undefined);
  }

  /** Ends an execution from outside the engine (StopExecution, stop(), a local limit) and aborts the engine. */
  private endEarly(
    execution: ExecutionRecord,
    status: 'ABORTED' | 'FAILED',
    error: string | undefined,
    cause: string | undefined,
  ): void {
    if (execution.status !== 'RUNNING') return;
    this.finish(execution, status, { error, cause });
    this.pushHistory(execution, {
      type: status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionFailed',
      error,
      cause,
    });
    execution.terminalRecorded = true;
    this.releaseTokens(execution);
    execution.abort?.();
  }

  private contextOf(execution: ExecutionRecord): EngineContext {
    return {
      Execution: {
        Id: execution.executionArn,
        Name: execution.name,
        RoleArn: execution.machine.roleArn,
        StartTime: execution.startDate.toISOString(),
      },
      StateMachine: { Id: execution.machine.arn, Name: execution.machine.name },
      Task: { Token: execution.tokenPlaceholder },
    };
  }

  private taskHandlers(execution: ExecutionRecord): TaskHandlers {
    const handlers: TaskHandlers = {};
    for (const task of execution.machine.prepared.tasks.values()) {
      handlers[task.stateName] = (input) => {
        const attempt = this.runTask(execution, task, input);
        // The engine stops listening to an attempt it has timed out or failed on its own; a later
        // rejection of that attempt must not surface as an unhandled rejection.
        attempt.catch(() => undefined);
        return attempt;
      };
    }
    return handlers;
  }

  /** Runs one attempt of a Task state. Everything before the first await runs while the engine calls it. */
  private async runTask(execution: ExecutionRecord, task: TaskInfo, rawInput: JsonValue): Promise<JsonValue> {
    if (execution.status !== 'RUNNING') throw engineRuntimeError('The execution is no longer running');
    const { input, timeoutSeconds, heartbeatSeconds } = unwrapTaskInput(task, rawInput);
    const attempt: TaskAttempt = { parameters: JSON.stringify(input) };
    execution.taskAttempts.set(task.stateName, attempt);
    let result: JsonValue;
    switch (task.kind) {
      case 'lambda-function':
        result = await this.invokeLambda(functionNameOf(task.resource), input);
        break;
      case 'lambda-invoke':
        result = await this.invokeLambdaIntegration(task, input);
        break;
      case 'lambda-invoke-callback':
        result = await this.waitForCallback(execution, task, input, timeoutSeconds, heartbeatSeconds);
        break;
      case 'start-execution':
      case 'start-execution-sync':
      case 'start-execution-sync2':
        result = await this.startChildExecution(task, input);
        break;
      case 'put-events':
        result = await this.putEventsIntegration(task, input);
        break;
    }
    attempt.result = JSON.stringify(result);
    return result;
  }

  private async invokeLambda(functionName: string, payload: JsonValue): Promise<JsonValue> {
    const handler = this.lambdas.get(functionName);
    if (!handler) {
      throw namedError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${this.functionArn(functionName)}`,
      );
    }
    let result: unknown;
    try {
      // A fresh copy, as if it had crossed the wire: a handler must not see the engine's objects.
      result = await handler(toJsonValue(payload));
    } catch (error) {
      // Refused by the Lambda service (throttled): the task fails with the service's error, not a function's.
      if (error instanceof LambdaServiceError) throw error;
      throw lambdaFailure(error);
    }
    return toJsonValue(result);
  }

  private async invokeLambdaIntegration(task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    const parameters = parseParameters(lambdaInvokeParameters, input, task);
    const functionName = functionNameOf(parameters.FunctionName);
    const payload = toJsonValue(parameters.Payload ?? {});
    if (parameters.InvocationType === 'Event') {
      this.invokeLambda(functionName, payload).catch(() => undefined);
      return { Payload: '', StatusCode: 202 };
    }
    const result = await this.invokeLambda(functionName, payload);
    return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
  }

  private waitForCallback(
    execution: ExecutionRecord,
    task: TaskInfo,
    input: JsonValue,
    timeoutSeconds: number | undefined,
    heartbeatSeconds: number | undefined,
  ): Promise<JsonValue> {
    const parameters = parseParameters(lambdaInvokeParameters, input, task);
    const taskToken = randomBytes(48).toString('base64url');
    const waiter: Waiter = {
      taskToken,
      execution,
      stateName: task.stateName,
      functionName: functionNameOf(parameters.FunctionName),
      payload: replaceText(toJsonValue(parameters.Payload ?? {}), execution.tokenPlaceholder, taskToken),
      createdAt: new Date(),
      result: createDeferred<JsonValue>(),
      heartbeatMs: heartbeatSeconds === undefined ? undefined : heartbeatSeconds * 1000,
    };
    this.waiters.set(taskToken, waiter);
    execution.openTokens.add(taskToken);
    if (timeoutSeconds !== undefined) {
      // Set before the engine sets its own timer of the same length (after this handler returns), so it fires
      // first: the token dies here, and the engine's timer raises the real States.Timeout.
      waiter.timeoutTimer = setTimeout(() => this.retireToken(taskToken), timeoutSeconds * 1000);
    }
    this.armHeartbeat(waiter);
    for (const listener of this.tokenListeners) {
      if (!tokenMatches(listener.filter, waiter)) continue;
      clearTimeout(listener.timer);
      this.tokenListeners.delete(listener);
      listener.found.resolve(openToken(waiter));
    }
    // A failing invocation fails the attempt; a successful one leaves it waiting for the token.
    this.invokeLambda(waiter.functionName, waiter.payload).catch((error: unknown) => {
      this.settleToken(taskToken, { error: error instanceof Error ? error : new Error(String(error)) });
    });
    return waiter.result.promise.finally(() => this.retireToken(taskToken));
  }

  private armHeartbeat(waiter: Waiter): void {
    clearTimeout(waiter.heartbeatTimer);
    if (waiter.heartbeatMs === undefined) return;
    waiter.heartbeatTimer = setTimeout(() => {
      this.settleToken(waiter.taskToken, {
        error: namedError('States.HeartbeatTimeout', 'No heartbeat within HeartbeatSeconds'),
      });
    }, waiter.heartbeatMs);
  }

  private liveWaiter(taskToken: string): Waiter {
    const waiter = this.waiters.get(taskToken);
    if (waiter) return waiter;
    if (this.deadTokens.has(taskToken)) {
      throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out: the task of this token is closed');
    }
    throw new StepFunctionsError('InvalidToken', 'Invalid Token: unknown task token');
  }

  private settleToken(taskToken: string, outcome: { output: JsonValue } | { error: Error }): void {
    const waiter = this.waiters.get(taskToken);
    if (!waiter) return;
    this.retireToken(taskToken);
    if ('output' in outcome) waiter.result.resolve(outcome.output);
    else waiter.result.reject(outcome.error);
  }

  /** The attempt of this token is over (settled, timed out, aborted): from now on the token is dead. */
  private retireToken(taskToken: string): void {
    const waiter = this.waiters.get(taskToken);
    if (!waiter) return;
    clearTimeout(waiter.timeoutTimer);
    clearTimeout(waiter.heartbeatTimer);
    this.waiters.delete(taskToken);
    waiter.execution.openTokens.delete(taskToken);
    waiter.execution.deadTokens.push(taskToken);
    this.deadTokens.add(taskToken);
  }

  private scheduleHistoryPruning(execution: ExecutionRecord): void {
    if (this.historyRetentionMs === undefined || this.stopped) return;
    const timer = setTimeout(() => {
      this.pruneTimers.delete(timer);
      execution.history.length = 0;
      execution.taskAttempts.clear();
      // A token of a pruned execution is unknown from now on (InvalidToken), as on AWS after retention.
      for (const taskToken of execution.deadTokens.splice(0)) this.deadTokens.delete(taskToken);
    }, this.historyRetentionMs);
    timer.unref();
    this.pruneTimers.add(timer);
  }

  private releaseTokens(execution: ExecutionRecord): void {
    for (const taskToken of [...execution.openTokens]) {
      this.settleToken(taskToken, { error: engineRuntimeError('The execution ended') });
    }
  }

  private async startChildExecution(task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    const parameters = parseParameters(startExecutionParameters, input, task);
    const childInput =
      parameters.Input === undefined
        ? '{}'
        : typeof parameters.Input === 'string'
          ? parameters.Input
          : JSON.stringify(parameters.Input);
    let started: { executionArn: string; startDate: Date };
    try {
      started = this.startExecution({
        stateMachineArn: parameters.StateMachineArn,
        input: childInput,
        name: parameters.Name,
      });
    } catch (error) {
      if (!(error instanceof StepFunctionsError)) throw error;
      // Service integrations report API errors as <Service>.<Code>Exception.
      const code = error.type.endsWith('Exception') ? error.type : `${error.type}Exception`;
      throw namedError(`StepFunctions.${code}`, error.message);
    }
    if (task.kind === 'start-execution') {
      return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
    }
    const child = this.requireExecution(started.executionArn);
    await child.done.promise;
    const description = syncDescription(child, task.kind === 'start-execution-sync2');
    if (child.status !== 'SUCCEEDED') throw namedError('States.TaskFailed', JSON.stringify(description));
    return description;
  }

  private async putEventsIntegration(task: TaskInfo, input: JsonValue): Promise<JsonValue> {
    const parameters = parseParameters(putEventsParameters, input, task);
    if (!this.putEventsTarget) {
      throw namedError(
        'EventBridge.ResourceNotFoundException',
        'No event bus is connected to the local Step Functions (constructor option putEvents)',
      );
    }
    const entries: PutEventsRequestEntry[] = parameters.Entries.map((entry) => ({
      ...entry,
      Detail:
        entry.Detail === undefined || typeof entry.Detail === 'string'
          ? entry.Detail
          : JSON.stringify(entry.Detail),
    }));
    const response = await this.putEventsTarget(entries);
    const result = toJsonValue({
      Entries: response.Entries ?? [],
      FailedEntryCount: response.FailedEntryCount ?? 0,
    });
    if ((response.FailedEntryCount ?? 0) > 0)
      throw namedError('EventBridge.FailedEntry', JSON.stringify(result));
    return result;
  }

  private async recordHistory(
    execution: ExecutionRecord,
    events: AsyncGenerator<EngineEvent>,
  ): Promise<void> {
    for await (const event of events) this.recordEvent(execution, event);
  }

  private recordEvent(execution: ExecutionRecord, event: EngineEvent): void {
    const timestamp = new Date(event.timestamp);
    const push = (entry: NewHistoryEvent) => this.pushHistory(execution, { timestamp, ...entry });
    switch (event.type) {
      case 'ExecutionStarted':
        push({ type: 'ExecutionStarted', input: JSON.stringify(event.input) });
        return;
      case 'ExecutionSucceeded':
        push({ type: 'ExecutionSucceeded', output: JSON.stringify(event.output) });
        execution.terminalRecorded = true;
        return;
      case 'ExecutionFailed':
        if (execution.terminalRecorded) return;
        push({ type: 'ExecutionFailed', error: event.Error, cause: causeText(event.Cause) });
        execution.terminalRecorded = true;
        return;
      case 'ExecutionAborted':
        if (execution.terminalRecorded) return;
        push({ type: 'ExecutionAborted', error: execution.error, cause: execution.cause });
        execution.terminalRecorded = true;
        return;
      case 'ExecutionTimeout':
        if (execution.terminalRecorded) return;
        push({ type: 'ExecutionTimedOut', error: 'States.Timeout', cause: 'The execution timed out' });
        execution.terminalRecorded = true;
        return;
      case 'StateEntered': {
        execution.transitions += 1;
        const { name, type, input } = event.state;
        push({ type: `${type}StateEntered`, stateName: name, stateType: type, input: JSON.stringify(input) });
        if (type === 'Task') this.recordTaskScheduled(execution, name, push);
        if (type === 'Wait') this.checkWaitLength(execution, name, input);
        return;
      }
      case 'StateRetried':
        if (event.state.type === 'Task') this.recordTaskScheduled(execution, event.state.name, push);
        return;
      case 'StateExited': {
        const { name, type, output } = event.state;
        if (type === 'Task') this.recordTaskEnd(execution, name, push, undefined);
        push({
          type: `${type}StateExited`,
          stateName: name,
          stateType: type,
          output: JSON.stringify(output),
        });
        return;
      }
      case 'StateFailed': {
        const { name, type } = event.state;
        const failure = { error: event.Error, cause: causeText(event.Cause) };
        if (type === 'Task') this.recordTaskEnd(execution, name, push, failure);
        if (type === 'Map' || type === 'Parallel')
          push({ type: `${type}StateFailed`, stateName: name, stateType: type });
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        push({ type: event.type, stateName: event.parentState.name, stateType: 'Map', index: event.index });
        return;
      default:
        // StateCaught and the Parallel branch events have no counterpart in an AWS history.
        return;
    }
  }

  private recordTaskScheduled(
    execution: ExecutionRecord,
    stateName: string,
    push: (entry: NewHistoryEvent) => void,
  ): void {
    const task = execution.machine.prepared.tasks.get(stateName);
    if (!task) return;
    const parameters = execution.taskAttempts.get(stateName)?.parameters;
    if (task.kind === 'lambda-function') {
      push({ type: 'LambdaFunctionScheduled', stateName, resource: task.resource, input: parameters });
    } else {
      push({ type: 'TaskScheduled', stateName, ...splitResource(task.resource), input: parameters });
    }
  }

  private recordTaskEnd(
    execution: ExecutionRecord,
    stateName: string,
    push: (entry: NewHistoryEvent) => void,
    failure: { error: string; cause: string } | undefined,
  ): void {
    const task = execution.machine.prepared.tasks.get(stateName);
    if (!task) return;
    const timedOut = failure?.error === 'States.Timeout';
    if (task.kind === 'lambda-function') {
      if (!failure) {
        push({
          type: 'LambdaFunctionSucceeded',
          stateName,
          output: execution.taskAttempts.get(stateName)?.result,
        });
      } else {
        push({ type: timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed', stateName, ...failure });
      }
      return;
    }
    const resource = splitResource(task.resource);
    if (!failure) {
      const output = execution.taskAttempts.get(stateName)?.result;
      push({ type: 'TaskSucceeded', stateName, ...resource, output });
    } else {
      push({ type: timedOut ? 'TaskTimedOut' : 'TaskFailed', stateName, ...resource, ...failure });
    }
  }

  /**
   * The engine sleeps with setTimeout, which fires at once for delays past ~24.8 days; an execution that
   * would silently skip such a Wait fails instead, naming the cause.
   */
  private checkWaitLength(execution: ExecutionRecord, stateName: string, input: JsonValue): void {
    const wait = execution.machine.prepared.waits.get(stateName);
    if (!wait) return;
    const ms = waitDurationMs(wait, input, Date.now());
    if (ms === undefined || ms <= maxTimerSeconds * 1000) return;
    const days = Math.round(ms / 86_400_000);
    this.endEarly(
      execution,
      'FAILED',
      'Local.WaitTooLong',
      `Wait state '${stateName}' would wait ${days} days; the local engine can wait at most 24.8 days ` +
        '(run the local stack on its scaled clock)',
    );
  }

  private pushHistory(execution: ExecutionRecord, entry: NewHistoryEvent): void {
    insertChronologically(execution.history, { ...entry, timestamp: entry.timestamp ?? new Date() });
  }

  private requireExecution(executionArn: string): ExecutionRecord {
    assertArn(executionArn, 'execution');
    const execution = this.executionsByArn.get(executionArn);
    if (!execution) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    }
    return execution;
  }

  private requireMachine(stateMachineArn: string): MachineRecord {
    assertArn(stateMachineArn, 'stateMachine');
    const machine = this.machines.get(stateMachineArn);
    if (!machine) {
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return machine;
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const contentType = 'application/x-amz-json-1.0';
    try {
      const target = request.headers['x-amz-target'];
      const prefix = 'AWSStepFunctions.';
      if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith(prefix)) {
        throw new StepFunctionsError(
          'UnknownOperationException',
          'Expected POST with X-Amz-Target AWSStepFunctions.*',
        );
      }
      const text = await readBody(request);
      const body = text.trim() === '' ? { ok: true as const, value: {} } : parseJson(text);
      if (!body.ok) throw new StepFunctionsError('SerializationException', 'The request body is not JSON');
      sendJson(response, 200, contentType, this.dispatch(target.slice(prefix.length), body.value));
    } catch (error) {
      if (error instanceof StepFunctionsError) {
        sendJson(response, 400, contentType, { __type: error.type, message: error.message });
      } else {
        sendJson(response, 500, contentType, { __type: 'InternalFailure', message: messageOf(error) });
      }
    }
  }

  private dispatch(action: string, body: unknown): unknown {
    switch (action) {
      case 'StartExecution': {
        const request = parseRequest(api.StartExecution, body);
        const started = this.startExecution(request);
        return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
      }
      case 'DescribeExecution':
        return describeWire(this.requireExecution(parseRequest(api.DescribeExecution, body).executionArn));
      case 'ListExecutions': {
        const request = parseRequest(api.ListExecutions, body);
        const machine = this.requireMachine(request.stateMachineArn);
        const matching = [...this.executionsByArn.values()]
          .filter((execution) => execution.machine === machine)
          .filter((execution) => !request.statusFilter || execution.status === request.statusFilter)
          .reverse();
        const { items, nextToken } = page(matching, request.maxResults, request.nextToken);
        return {
          executions: items.map((execution) => ({
            executionArn: execution.executionArn,
            stateMachineArn: machine.arn,
            name: execution.name,
            status: execution.status,
            startDate: epochSeconds(execution.startDate),
            stopDate: execution.stopDate && epochSeconds(execution.stopDate),
          })),
          nextToken,
        };
      }
      case 'GetExecutionHistory': {
        const request = parseRequest(api.GetExecutionHistory, body);
        const execution = this.requireExecution(request.executionArn);
        const numbered = numberHistory(execution.history);
        const events = request.reverseOrder ? numbered.reverse() : numbered;
        const { items, nextToken } = page(events, request.maxResults, request.nextToken);
        const options = {
          includeExecutionData: request.includeExecutionData ?? true,
          roleArn: execution.machine.roleArn,
          region: this.region,
        };
        return { events: items.map((event) => toAwsHistoryEvent(event, options)), nextToken };
      }
      case 'StopExecution': {
        const { stopDate } = this.stopExecution(parseRequest(api.StopExecution, body));
        return { stopDate: epochSeconds(stopDate) };
      }
      case 'SendTaskSuccess':
        this.sendTaskSuccess(parseRequest(api.SendTaskSuccess, body));
        return {};
      case 'SendTaskFailure':
        this.sendTaskFailure(parseRequest(api.SendTaskFailure, body));
        return {};
      case 'SendTaskHeartbeat':
        this.sendTaskHeartbeat(parseRequest(api.SendTaskHeartbeat, body));
        return {};
      case 'ListStateMachines': {
        const request = parseRequest(api.ListStateMachines, body);
        const { items, nextToken } = page([...this.machines.values()], request.maxResults, request.nextToken);
        return {
          stateMachines: items.map((machine) => ({
            stateMachineArn: machine.arn,
            name: machine.name,
            type: 'STANDARD',
            creationDate: epochSeconds(machine.creationDate),
          })),
          nextToken,
        };
      }
      case 'DescribeStateMachine': {
        const machine = this.requireMachine(parseRequest(api.DescribeStateMachine, body).stateMachineArn);
        return {
          stateMachineArn: machine.arn,
          name: machine.name,
          status: 'ACTIVE',
          definition: JSON.stringify(machine.prepared.source, null, 2),
          roleArn: machine.roleArn,
          type: 'STANDARD',
          creationDate: epochSeconds(machine.creationDate),
          loggingConfiguration: { level: 'OFF', includeExecutionData: false },
          tracingConfiguration: { enabled: false },
        };
      }
      default:
        throw new StepFunctionsError(
          'UnknownOperationException',
          `The local Step Functions has no action ${action}`,
        );
    }
  }
}

const maxPayload = 262_144;
const arnField = z.string().min(1).max(2048);
const tokenField = z.string().min(1).max(2048);
const pageFields = {
  maxResults: z.number().int().min(0).max(1000).optional(),
  nextToken: z.string().optional(),
};
const api = {
  StartExecution: z.object({
    stateMachineArn: arnField,
    name: z.string().optional(),
    input: z.string().max(maxPayload).optional(),
    traceHeader: z.string().optional(),
  }),
  DescribeExecution: z.object({ executionArn: arnField }),
  ListExecutions: z.object({
    stateMachineArn: arnField,
    statusFilter: z
      .enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'])
      .optional(),
    ...pageFields,
  }),
  GetExecutionHistory: z.object({
    executionArn: arnField,
    reverseOrder: z.boolean().optional(),
    includeExecutionData: z.boolean().optional(),
    ...pageFields,
  }),
  StopExecution: z.object({
    executionArn: arnField,
    error: z.string().max(256).optional(),
    cause: z.string().max(32_768).optional(),
  }),
  SendTaskSuccess: z.object({ taskToken: tokenField, output: z.string().max(maxPayload) }),
  SendTaskFailure: z.object({
    taskToken: tokenField,
    error: z.string().max(256).optional(),
    cause: z.string().max(32_768).optional(),
  }),
  SendTaskHeartbeat: z.object({ taskToken: tokenField }),
  ListStateMachines: z.object(pageFields),
  DescribeStateMachine: z.object({ stateMachineArn: arnField }),
};

const lambdaInvokeParameters = z
  .object({
    FunctionName: z.string().min(1),
    Payload: z.unknown().optional(),
    InvocationType: z.enum(['RequestResponse', 'Event', 'DryRun']).optional(),
  })
  .loose();

const startExecutionParameters = z
  .object({ StateMachineArn: z.string().min(1), Input: z.unknown().optional(), Name: z.string().optional() })
  .loose();

const putEventsParameters = z.object({
  Entries: z
    .array(
      z.object({
        Source: z.string().optional(),
        DetailType: z.string().optional(),
        Detail: z.unknown().optional(),
        EventBusName: z.string().optional(),
        Resources: z.array(z.string()).optional(),
        TraceHeader: z.string().optional(),
      }),
    )
    .min(1)
    .max(10),
});

function parseRequest<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
  );
  throw new StepFunctionsError('ValidationException', problems.join('; '));
}

function parseParameters<T>(schema: z.ZodType<T>, input: JsonValue, task: TaskInfo): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw engineRuntimeError(`Task state '${task.stateName}' (${task.resource}): ${problems.join('; ')}`);
}

/** Takes the hidden timeout keys (see prepareDefinition) out of a task's input. */
function unwrapTaskInput(
  task: TaskInfo,
  rawInput: JsonValue,
): { input: JsonValue; timeoutSeconds?: number; heartbeatSeconds?: number } {
  let input = rawInput;
  let hiddenTimeout: JsonValue | undefined;
  let hiddenHeartbeat: JsonValue | undefined;
  if (isObjectNode(rawInput)) {
    const { [hiddenTimeoutKey]: timeout, [hiddenHeartbeatKey]: heartbeat, ...rest } = rawInput;
    input = rest;
    hiddenTimeout = timeout;
    hiddenHeartbeat = heartbeat;
  }
  const seconds = (setting: TaskTimeout | undefined, hidden: JsonValue | undefined, name: string) => {
    const value = setting === undefined ? undefined : 'seconds' in setting ? setting.seconds : hidden;
    if (typeof value !== 'number') return undefined;
    if (value > maxTimerSeconds) {
      throw engineRuntimeError(
        `Task state '${task.stateName}': ${name} ${value} exceeds the ${maxTimerSeconds} s a local timer can hold`,
      );
    }
    return value;
  };
  return {
    input,
    timeoutSeconds: seconds(task.timeout, hiddenTimeout, 'timeout'),
    heartbeatSeconds: seconds(task.heartbeat, hiddenHeartbeat, 'heartbeat'),
  };
}

function syncDescription(execution: ExecutionRecord, parseData: boolean): JsonValue {
  const data = (text: string | undefined) => (parseData && text !== undefined ? parseJsonValue(text) : text);
  return toJsonValue({
    ExecutionArn: execution.executionArn,
    StateMachineArn: execution.machine.arn,
    Name: execution.name,
    Status: execution.status,
    StartDate: execution.startDate.getTime(),
    StopDate: execution.stopDate?.getTime(),
    Input: data(execution.input),
    InputDetails: { Included: true },
    Output: data(execution.output),
    OutputDetails: execution.output === undefined ? undefined : { Included: true },
    Error: execution.error,
    Cause: execution.cause,
  });
}

function describe(execution: ExecutionRecord): ExecutionDescription {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.machine.arn,
    name: execution.name,
    status: execution.status,
    input: execution.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
    startDate: execution.startDate,
    stopDate: execution.stopDate,
    history: numberHistory(execution.history),
  };
}

function describeWire(execution: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.machine.arn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: execution.stopDate && epochSeconds(execution.stopDate),
    input: execution.input,
    inputDetails: { included: true },
    output: execution.output,
    outputDetails: execution.output === undefined ? undefined : { included: true },
    error: execution.error,
    cause: execution.cause,
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

function openToken(waiter: Waiter): OpenTaskToken {
  return {
    taskToken: waiter.taskToken,
    executionArn: waiter.execution.executionArn,
    stateName: waiter.stateName,
    functionName: waiter.functionName,
    payload: waiter.payload,
    createdAt: waiter.createdAt,
  };
}

function tokenMatches(filter: TokenFilter, waiter: Waiter): boolean {
  return (
    (filter.executionArn === undefined || filter.executionArn === waiter.execution.executionArn) &&
    (filter.stateName === undefined || filter.stateName === waiter.stateName)
  );
}

/** Offsets as opaque page tokens, like AWS's nextToken. */
function page<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  const size = maxResults === undefined || maxResults === 0 ? 100 : maxResults;
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = parseJson(Buffer.from(nextToken, 'base64url').toString('utf8'));
    const parsed = decoded.ok
      ? z.object({ offset: z.number().int().min(0) }).safeParse(decoded.value)
      : undefined;
    if (!parsed?.success) throw new StepFunctionsError('InvalidToken', 'Invalid Token: bad nextToken');
    offset = parsed.data.offset;
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    nextToken:
      end < items.length ? Buffer.from(JSON.stringify({ offset: end })).toString('base64url') : undefined,
  };
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

const arnPatterns = {
  stateMachine: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/,
  execution: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/,
};

function assertArn(arn: string, kind: keyof typeof arnPatterns): void {
  if (!arnPatterns[kind].test(arn)) throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${arn}'`);
}

const forbiddenNameCharacters = new Set([...' <>{}[]?*"#%\\^|~`$&,;:/']);

/** The naming rules AWS applies to state machines and executions. */
function assertResourceName(name: string, kind: string): void {
  const invalid =
    name.length < 1 ||
    name.length > 80 ||
    [...name].some((character) => {
      const code = character.codePointAt(0) ?? 0;
      return (
        forbiddenNameCharacters.has(character) ||
        /\s/.test(character) ||
        code < 0x20 ||
        (code >= 0x7f && code <= 0x9f)
      );
    });
  if (invalid)
    throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}' is not a valid ${kind} name`);
}

/** Swaps the token placeholder for the real token, also inside longer strings (States.Format). */
function replaceText(value: JsonValue, search: string, replacement: string): JsonValue {
  if (typeof value === 'string') return value.replaceAll(search, replacement);
  if (Array.isArray(value)) return value.map((item) => replaceText(item, search, replacement));
  if (isObjectNode(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceText(item, search, replacement)]),
    );
  }
  return value;
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * States.Runtime as the engine understands it: neither Retry nor Catch may handle it (the engine reads
 * these two flags from the error).
 */
function engineRuntimeError(message: string): Error {
  return Object.assign(namedError('States.Runtime', message), { isRetryable: false, isCatchable: false });
}

/** A thrown handler error as Step Functions reports a Lambda failure: name = errorType, cause = the JSON. */
function lambdaFailure(error: unknown): Error {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n') : [];
  return namedError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

function causeText(cause: unknown): string {
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
