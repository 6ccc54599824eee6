import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';

export const clientConfig = (endpoint: string) => ({
  endpoint,
  region: localRegion,
  credentials: localCredentials,
});

export /** Rejects with the SDK error of `promise`, so tests can assert its name. */
async function sdkError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('Expected the call to fail');
}

export function parseObject(text: string | undefined): Record<string, unknown> {
  const value: unknown = JSON.parse(text ?? 'null');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`Not an object: ${text}`);
  return Object.fromEntries(Object.entries(value));
}

export const lambdaArn = (name: string) => `arn:aws:lambda:eu-central-1:000000000000:function:${name}`;

export /** A callback task that hands its token to the `open-call-task` function. */
const callTask = (extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: lambdaArn('open-call-task'),
    Payload: { 'invoiceId.$': '$.invoiceId', 'taskToken.$': '$$.Task.Token' },
  },
  ResultPath: '$.outcome',
  ...extra,
});

export interface LocalStepFunctionsUnderTest {
  readonly sfn: LocalStepFunctions;
  readonly client: SFNClient;
  /** What the `open-call-task` function received, in order. */
  readonly callTaskEvents: Record<string, unknown>[];
  readonly start: (stateMachineArn: string, input: unknown, name?: string) => Promise<string>;
  readonly stop: () => Promise<void>;
}

/** A fresh local Step Functions on its own port, an SDK client for it and an `open-call-task` function. */
export async function startLocalStepFunctions(): Promise<LocalStepFunctionsUnderTest> {
  const sfn = new LocalStepFunctions();
  const { endpoint } = await sfn.listen();
  const client = new SFNClient(clientConfig(endpoint));
  const callTaskEvents: Record<string, unknown>[] = [];
  sfn.registerLambda('open-call-task', async (event) => {
    callTaskEvents.push(parseObject(JSON.stringify(event)));
    return { opened: true };
  });
  const start = async (stateMachineArn: string, input: unknown, name?: string) => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }),
    );
    if (!executionArn) throw new Error('StartExecution returned no executionArn');
    return executionArn;
  };
  const stop = async () => {
    client.destroy();
    await sfn.stop();
  };
  return { sfn, client, callTaskEvents, start, stop };
}
