import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeClient } from '../../functions/adapters/aws/eventbridge.js';
import { SchedulerClient } from '../../functions/adapters/aws/scheduler.js';
import { SesClient } from '../../functions/adapters/aws/ses.js';
import { StepFunctionsClient } from '../../functions/adapters/aws/stepfunctions.js';
import { LocalEventBridge } from '../../local/emulators/eventbridge.js';
import { LocalScheduler } from '../../local/emulators/scheduler.js';
import { type LocalSes, startSes } from '../../local/emulators/ses.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';
import { lambdaArn, sdkError } from './emulators-support.js';

/** The product's own AWS client against the local emulators: the operations the adapters send. */
const options = (endpoint: string) => ({ endpoint, region: localRegion, credentials: localCredentials });

describe('the small AWS client against SES v2 (REST-JSON)', () => {
  let local: LocalSes;
  let ses: SesClient;

  beforeAll(async () => {
    local = await startSes({ sendingRate: 1 });
    ses = new SesClient({ ...options(local.endpoint), maxAttempts: 1 });
  });
  afterAll(() => local?.stop());

  const mail = (to: string) => ({
    FromEmailAddress: 'forderungen@example.com',
    Destination: { ToAddresses: [to] },
    EmailTags: [{ Name: 'invoiceId', Value: 'RE-1' }],
    Content: {
      Simple: {
        Subject: { Data: 'Zahlungserinnerung RE-1', Charset: 'UTF-8' },
        Body: { Text: { Data: 'Bitte zahlen Sie.', Charset: 'UTF-8' }, Html: { Data: '<p>Bitte</p>' } },
      },
    },
  });

  it('sends an email and answers its message id; a refused send throws TooManyRequestsException with HTTP 429', async () => {
    // Arrange
    await local.clear();

    // Act
    const sent = await ses.sendEmail(mail('ap@kunde.example'));
    const refused = await sdkError(ses.sendEmail(mail('ap2@kunde.example')));

    // Assert
    expect(sent.MessageId).toEqual(expect.any(String));
    const emails = await local.listEmails();
    expect(emails.map((email) => email.subject)).toEqual(['Zahlungserinnerung RE-1']);
    expect(refused.name).toBe('TooManyRequestsException');
    expect(refused).toMatchObject({ $metadata: { httpStatusCode: 429 } });
  });
});

describe('the small AWS client against EventBridge (JSON 1.1)', () => {
  let bus: LocalEventBridge;
  let events: EventBridgeClient;

  beforeAll(async () => {
    bus = new LocalEventBridge({ eventBusNames: ['dunning'] });
    events = new EventBridgeClient(options((await bus.listen()).endpoint));
  });
  afterAll(() => bus?.close());

  it('puts events on the bus and reports entries the bus refused', async () => {
    // Act
    const put = await events.putEvents([
      {
        EventBusName: 'dunning',
        Source: 'dunning',
        DetailType: 'Dunning Closed',
        Detail: '{"invoiceId":"RE-1"}',
      },
      { EventBusName: 'no-such-bus', Source: 'dunning', DetailType: 'Dunning Closed', Detail: '{}' },
    ]);

    // Assert
    expect(bus.events().map(({ event }) => event['detail-type'])).toEqual(['Dunning Closed']);
    expect(put.FailedEntryCount).toBe(1);
    expect(put.Entries[1]?.ErrorCode).toEqual(expect.any(String));
  });
});

describe('the small AWS client against Scheduler (REST-JSON)', () => {
  let local: LocalScheduler;
  let scheduler: SchedulerClient;

  beforeAll(async () => {
    local = new LocalScheduler({ engineDelayMs: () => 3_600_000, invoke: () => Promise.resolve() });
    scheduler = new SchedulerClient(options((await local.listen()).endpoint));
  });
  afterAll(() => local?.close());

  const schedule = {
    Name: 'start-RE_2026.1',
    GroupName: 'dunning-starts',
    ScheduleExpression: 'at(2026-12-07T09:00:00)',
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    ActionAfterCompletion: 'DELETE' as const,
    Target: {
      Arn: lambdaArn('start-overdue'),
      RoleArn: 'arn:aws:iam::000000000000:role/starts',
      Input: '{}',
    },
  };

  it('creates a schedule, refuses its twin with ConflictException, deletes it and then answers ResourceNotFoundException', async () => {
    // Act
    await scheduler.createSchedule(schedule);
    const twin = await sdkError(scheduler.createSchedule(schedule));
    const pending = local.pending().map(({ name, groupName }) => `${groupName}/${name}`);
    await scheduler.deleteSchedule({ Name: schedule.Name, GroupName: schedule.GroupName });
    const gone = await sdkError(
      scheduler.deleteSchedule({ Name: schedule.Name, GroupName: schedule.GroupName }),
    );

    // Assert
    expect(pending).toEqual(['dunning-starts/start-RE_2026.1']);
    expect(twin.name).toBe('ConflictException');
    expect(local.pending()).toEqual([]);
    expect(gone.name).toBe('ResourceNotFoundException');
  });
});

describe('the small AWS client against Step Functions (JSON 1.0)', () => {
  let local: LocalStepFunctions;
  let sfn: StepFunctionsClient;
  let stateMachineArn: string;

  beforeAll(async () => {
    local = new LocalStepFunctions();
    sfn = new StepFunctionsClient(options((await local.listen()).endpoint));
    stateMachineArn = local.registerStateMachine({
      name: 'dunning',
      definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
    });
  });
  afterAll(() => local?.stop());

  it('starts an execution, refuses a second one of the name with ExecutionAlreadyExists and describes it with its stop date', async () => {
    // Act
    const { executionArn } = await sfn.startExecution({
      stateMachineArn,
      name: 'inv-RE-1',
      input: '{"a":1}',
    });
    const twin = await sdkError(sfn.startExecution({ stateMachineArn, name: 'inv-RE-1', input: '{"a":2}' }));
    const described = await waitForStop(sfn, executionArn ?? '');
    const missing = await sdkError(sfn.describeExecution({ executionArn: `${executionArn}-none` }));

    // Assert
    expect(twin.name).toBe('ExecutionAlreadyExists');
    expect(described.status).toBe('SUCCEEDED');
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(Math.abs((described.stopDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(missing.name).toBe('ExecutionDoesNotExist');
  });

  it('answers SendTaskSuccess with an unknown token with InvalidToken', async () => {
    // Act
    const error = await sdkError(sfn.sendTaskSuccess({ taskToken: 'no-such-token', output: '{}' }));

    // Assert
    expect(error.name).toBe('InvalidToken');
  });
});

async function waitForStop(sfn: StepFunctionsClient, executionArn: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const described = await sfn.describeExecution({ executionArn });
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the execution did not stop');
}
