import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../functions/adapters/aws/errors.js';
import { type CreateScheduleInput, SchedulerClient } from '../../functions/adapters/aws/scheduler.js';
import { StartSchedules } from '../../functions/adapters/start-schedules.js';

/** Scheduler, stubbed: records what it was asked to create and answers with `answer`. */
class StubScheduler extends SchedulerClient {
  readonly created: CreateScheduleInput[] = [];

  constructor(private readonly answer: () => Promise<void> = () => Promise.resolve()) {
    super();
  }

  override createSchedule(input: CreateScheduleInput): Promise<void> {
    this.created.push(input);
    return this.answer();
  }
}
const CONFIG = {
  groupName: 'dunning-starts',
  targetArn: 'arn:aws:lambda:eu-central-1:111122223333:function:start-overdue',
  roleArn: 'arn:aws:iam::111122223333:role/start-schedules',
};
const DEAD_LETTERS = 'arn:aws:sqs:eu-central-1:111122223333:start-schedules-dlq';

describe('the start schedules adapter', () => {
  it('hands Scheduler the dead-letter queue, so a start it cannot deliver is kept and alarms', async () => {
    // Arrange
    const scheduler = new StubScheduler();
    const schedules = new StartSchedules(() => scheduler, {
      ...CONFIG,
      deadLetterArn: DEAD_LETTERS,
    });

    // Act
    const created = await schedules.create('INV-1', '2026-12-07T09:00:00.2Z');

    // Assert
    const input = scheduler.created[0];
    expect(created).toBe('created');
    expect(input?.Target?.DeadLetterConfig).toEqual({ Arn: DEAD_LETTERS });
    expect(input?.ScheduleExpression).toBe('at(2026-12-07T09:00:01)');
    expect(input?.Name).toBe('start-INV-1');
  });

  it('counts a schedule that already exists (a redelivered invoice) as created once', async () => {
    // Arrange
    const scheduler = new StubScheduler(() =>
      Promise.reject(new AwsServiceError('ConflictException', 'exists', { httpStatusCode: 409 })),
    );
    const schedules = new StartSchedules(() => scheduler, CONFIG);

    // Act
    const created = await schedules.create('INV-1', '2026-12-07T09:00:00Z');

    // Assert
    expect(created).toBe('exists');
    expect(scheduler.created[0]?.Target.DeadLetterConfig).toBeUndefined();
  });
});
