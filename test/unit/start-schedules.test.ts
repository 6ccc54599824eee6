import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StartSchedules } from '../../functions/adapters/start-schedules.js';

const scheduler = mockClient(SchedulerClient);
const CONFIG = {
  groupName: 'dunning-starts',
  targetArn: 'arn:aws:lambda:eu-central-1:111122223333:function:start-overdue',
  roleArn: 'arn:aws:iam::111122223333:role/start-schedules',
};
const DEAD_LETTERS = 'arn:aws:sqs:eu-central-1:111122223333:start-schedules-dlq';

beforeEach(() => {
  scheduler.reset();
});

describe('the start schedules adapter', () => {
  it('hands Scheduler the dead-letter queue, so a start it cannot deliver is kept and alarms', async () => {
    // Arrange
    scheduler.on(CreateScheduleCommand).resolves({});
    const schedules = new StartSchedules(() => new SchedulerClient({}), {
      ...CONFIG,
      deadLetterArn: DEAD_LETTERS,
    });

    // Act
    const created = await schedules.create('INV-1', '2026-12-07T09:00:00.2Z');

    // Assert
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(created).toBe('created');
    expect(input?.Target?.DeadLetterConfig).toEqual({ Arn: DEAD_LETTERS });
    expect(input?.ScheduleExpression).toBe('at(2026-12-07T09:00:01)');
    expect(input?.Name).toBe('start-INV-1');
  });

  it('counts a schedule that already exists (a redelivered invoice) as created once', async () => {
    // Arrange
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    const schedules = new StartSchedules(() => new SchedulerClient({}), CONFIG);

    // Act
    const created = await schedules.create('INV-1', '2026-12-07T09:00:00Z');

    // Assert
    expect(created).toBe('exists');
    expect(
      scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.Target?.DeadLetterConfig,
    ).toBeUndefined();
  });
});
