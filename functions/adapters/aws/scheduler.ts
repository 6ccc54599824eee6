import { randomUUID } from 'node:crypto';
import { AwsClient, type AwsClientOptions } from './client.js';

/** The part of EventBridge Scheduler CreateSchedule (REST-JSON) the start schedules use. */
export interface CreateScheduleInput {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  ActionAfterCompletion?: 'DELETE' | 'NONE';
  Target: {
    Arn: string;
    RoleArn: string;
    Input?: string;
    RetryPolicy?: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
    DeadLetterConfig?: { Arn: string };
  };
}

const schedulePath = (name: string) => `/schedules/${encodeURIComponent(name)}`;

export class SchedulerClient {
  private readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient(
      { endpointVariable: 'SCHEDULER', hostPrefix: 'scheduler', signingName: 'scheduler', errors: 'json' },
      options,
    );
  }

  /** ConflictException when a schedule of this name exists in the group. */
  async createSchedule({ Name, ...input }: CreateScheduleInput): Promise<void> {
    await this.client.send({
      method: 'POST',
      path: schedulePath(Name),
      headers: { 'content-type': 'application/json' },
      // The client token makes the SDK's own retries of one call idempotent; a new call gets a new one.
      body: JSON.stringify({ ...input, ClientToken: randomUUID() }),
    });
  }

  /** ResourceNotFoundException when there is no such schedule (any more). */
  async deleteSchedule(input: { Name: string; GroupName: string }): Promise<void> {
    await this.client.send({
      method: 'DELETE',
      path: schedulePath(input.Name),
      query: { groupName: input.GroupName, clientToken: randomUUID() },
    });
  }
}
