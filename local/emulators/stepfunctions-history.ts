/**
 * Execution history in the shape of Step Functions' GetExecutionHistory, built from the event logs of
 * aws-local-stepfunctions plus what the local task handlers know (resources, parameters, raw results).
 */

export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  /** An AWS history event type: ExecutionStarted, TaskStateEntered, TaskScheduled, TaskFailed, ... */
  readonly type: string;
  readonly stateName?: string;
  /** The ASL state type (Task, Wait, Choice, ...) of state events. */
  readonly stateType?: string;
  /** For task events, as AWS reports them: resourceType `lambda`, resource `invoke.waitForTaskToken`. */
  readonly resourceType?: string;
  readonly resource?: string;
  readonly input?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Map iteration index. */
  readonly index?: number;
}

/** An event as stored: ids are given when the history is read, after late events have been sorted in. */
export type HistoryEntry = Omit<HistoryEvent, 'id' | 'previousEventId'>;

export type NewHistoryEvent = Omit<HistoryEntry, 'timestamp'> & { timestamp?: Date };

/**
 * Adds an entry in timestamp order. Events of Parallel branches and Map iterations reach the engine's root
 * log late (it forwards them asynchronously), so they are sorted in rather than appended; within one
 * millisecond the arrival order stands.
 */
export function insertChronologically(history: HistoryEntry[], entry: HistoryEntry): void {
  let index = history.length;
  while (index > 0 && (history[index - 1]?.timestamp.getTime() ?? 0) > entry.timestamp.getTime()) index -= 1;
  history.splice(index, 0, entry);
}

export function numberHistory(history: readonly HistoryEntry[]): HistoryEvent[] {
  return history.map((entry, index) => ({ ...entry, id: index + 1, previousEventId: index }));
}

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` -> `lambda` / `invoke.waitForTaskToken`, as AWS reports it. */
export function splitResource(resource: string): { resourceType: string; resource: string } {
  const match = /^arn:aws[a-z-]*:states:::([^:]+):(.+)$/.exec(resource);
  if (match?.[1] !== undefined && match[2] !== undefined)
    return { resourceType: match[1], resource: match[2] };
  return { resourceType: 'lambda', resource };
}

type Details = Record<string, string | number | boolean | Record<string, boolean> | undefined>;

/** The wire form of one event, with dates as epoch seconds like the AWS JSON protocol. */
export function toAwsHistoryEvent(
  event: HistoryEvent,
  options: { includeExecutionData: boolean; roleArn: string; region: string },
): Record<string, unknown> {
  const data = (value: string | undefined) => (options.includeExecutionData ? value : undefined);
  const payload = (key: 'input' | 'output', value: string | undefined): Details => ({
    [key]: data(value),
    [`${key}Details`]: { truncated: false },
  });
  const errorDetails: Details = { error: event.error, cause: data(event.cause) };
  const task: Details = { resourceType: event.resourceType, resource: event.resource };
  const details = ((): [string, Details] | undefined => {
    switch (event.type) {
      case 'ExecutionStarted':
        return [
          'executionStartedEventDetails',
          { ...payload('input', event.input), roleArn: options.roleArn },
        ];
      case 'ExecutionSucceeded':
        return ['executionSucceededEventDetails', payload('output', event.output)];
      case 'ExecutionFailed':
        return ['executionFailedEventDetails', errorDetails];
      case 'ExecutionAborted':
        return ['executionAbortedEventDetails', errorDetails];
      case 'ExecutionTimedOut':
        return ['executionTimedOutEventDetails', errorDetails];
      case 'TaskScheduled':
        return [
          'taskScheduledEventDetails',
          { ...task, region: options.region, parameters: data(event.input) },
        ];
      case 'TaskSucceeded':
        return ['taskSucceededEventDetails', { ...task, ...payload('output', event.output) }];
      case 'TaskFailed':
        return ['taskFailedEventDetails', { ...task, ...errorDetails }];
      case 'TaskTimedOut':
        return ['taskTimedOutEventDetails', { ...task, ...errorDetails }];
      case 'LambdaFunctionScheduled':
        return [
          'lambdaFunctionScheduledEventDetails',
          { resource: event.resource, ...payload('input', event.input) },
        ];
      case 'LambdaFunctionSucceeded':
        return ['lambdaFunctionSucceededEventDetails', payload('output', event.output)];
      case 'LambdaFunctionFailed':
        return ['lambdaFunctionFailedEventDetails', errorDetails];
      case 'LambdaFunctionTimedOut':
        return ['lambdaFunctionTimedOutEventDetails', errorDetails];
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return [
          `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`,
          { name: event.stateName, index: event.index },
        ];
      default:
        if (event.type.endsWith('StateEntered')) {
          return ['stateEnteredEventDetails', { name: event.stateName, ...payload('input', event.input) }];
        }
        if (event.type.endsWith('StateExited')) {
          return ['stateExitedEventDetails', { name: event.stateName, ...payload('output', event.output) }];
        }
        return undefined;
    }
  })();
  const wire: Record<string, unknown> = {
    timestamp: event.timestamp.getTime() / 1000,
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  if (details) wire[details[0]] = details[1];
  return wire;
}
