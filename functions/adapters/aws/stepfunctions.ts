import { AwsClient, type AwsClientOptions, callJsonRpc } from './client.js';

const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const isExecutionStatus = (value: unknown): value is ExecutionStatus =>
  EXECUTION_STATUSES.some((status) => status === value);

/** Step Functions (JSON 1.0): the three operations the product sends. */
export class StepFunctionsClient {
  private readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient(
      { endpointVariable: 'SFN', hostPrefix: 'states', signingName: 'states', errors: 'json' },
      options,
    );
  }

  /** ExecutionAlreadyExists when one of this name runs (or ran with another input). */
  async startExecution(input: { stateMachineArn: string; name: string; input: string }): Promise<{
    executionArn?: string;
  }> {
    const output = await callJsonRpc(this.client, 'AWSStepFunctions.StartExecution', '1.0', input);
    return typeof output.executionArn === 'string' ? { executionArn: output.executionArn } : {};
  }

  /** ExecutionDoesNotExist when there is none of this ARN; `stopDate` arrives in epoch seconds. */
  async describeExecution(input: {
    executionArn: string;
  }): Promise<{ status?: ExecutionStatus; stopDate?: Date }> {
    const output = await callJsonRpc(this.client, 'AWSStepFunctions.DescribeExecution', '1.0', input);
    const status = isExecutionStatus(output.status) ? output.status : undefined;
    const stopDate = typeof output.stopDate === 'number' ? new Date(output.stopDate * 1000) : undefined;
    return { ...(status ? { status } : {}), ...(stopDate ? { stopDate } : {}) };
  }

  /** TaskTimedOut, InvalidToken or TaskDoesNotExist when the waiting attempt is over. */
  async sendTaskSuccess(input: { taskToken: string; output: string }): Promise<void> {
    await callJsonRpc(this.client, 'AWSStepFunctions.SendTaskSuccess', '1.0', input);
  }
}
