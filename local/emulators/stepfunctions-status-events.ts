import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** The end states the product's reconciler listens for (rule ExecutionEnded in infra/event-rules.ts). */
export const reportedStatuses = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

export interface EndedExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

/**
 * The "Step Functions Execution Status Change" event AWS puts on the account's default bus, as a PutEvents
 * entry: source aws.states, the execution ARN as its resource, and a detail whose dates are epoch
 * milliseconds and whose input and output are JSON strings (null where AWS sends null).
 */
export function executionStatusChangeEntry(execution: EndedExecution): PutEventsRequestEntry {
  const stopDate = execution.stopDate ?? new Date();
  return {
    EventBusName: 'default',
    Source: 'aws.states',
    DetailType: 'Step Functions Execution Status Change',
    Resources: [execution.executionArn],
    Time: stopDate,
    Detail: JSON.stringify({
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: stopDate.getTime(),
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output ?? null,
      outputDetails: execution.output === undefined ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    }),
  };
}
