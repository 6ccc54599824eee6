import { createHash } from 'node:crypto';
import { addSeconds, isEqual } from 'date-fns';
import type { Instant } from '../domain/calendar.js';
import { dateOf, utcInstant } from '../domain/instant.js';
import { isAwsError } from './aws/errors.js';
import type { SchedulerClient } from './aws/scheduler.js';

/** Where the one-time start schedules live and what they invoke (the start-overdue function, by its role). */
export interface StartScheduleConfig {
  groupName: string;
  /** Only the function that creates schedules needs these two. */
  targetArn?: string;
  roleArn?: string;
  /** Where Scheduler keeps a start it could not deliver; without it a lost start waits for the sweep. */
  deadLetterArn?: string;
}

/** Scheduler keeps trying a refused or throttled invocation for an hour; the sweep catches anything later. */
const RETRY_POLICY = { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 20 };

/**
 * Schedule names are derived from the invoice id, so creating a schedule again finds the first one. Scheduler
 * allows 64 characters of [0-9A-Za-z-_.]; other ids get a readable prefix plus a hash.
 */
export function startScheduleNameFor(invoiceId: string): string {
  const safe = invoiceId.replace(/[^A-Za-z0-9_.-]/g, '_');
  const name = `start-${safe}`;
  if (safe === invoiceId && name.length <= 64) return name;
  const digest = createHash('sha256').update(invoiceId).digest('hex').slice(0, 12);
  return `start-${safe.slice(0, 64 - 6 - 13)}-${digest}`;
}

/** `at(...)` takes whole seconds: rounded up, so the start is never before the instant it was planned for. */
export function atExpression(at: Instant): string {
  const instant = dateOf(at);
  const wholeSecond = dateOf(utcInstant(instant, 'second'));
  const upToSecond = isEqual(wholeSecond, instant) ? wholeSecond : addSeconds(wholeSecond, 1);
  return `at(${utcInstant(upToSecond, 'second').slice(0, -1)})`;
}

/** One-time EventBridge Scheduler schedules that start a case's first execution when its invoice is overdue. */
export class StartSchedules {
  /** The client is made on first use: most functions never create or delete a schedule. */
  constructor(
    private readonly client: () => SchedulerClient,
    private readonly config: StartScheduleConfig,
  ) {}

  /** Creates the case's start schedule; one that already exists (a redelivered event) counts as created. */
  async create(invoiceId: string, at: Instant): Promise<'created' | 'exists'> {
    const { targetArn, roleArn, groupName, deadLetterArn } = this.config;
    if (!targetArn || !roleArn) {
      throw new Error('START_SCHEDULE_TARGET_ARN and START_SCHEDULE_ROLE_ARN are not set for this function');
    }
    try {
      await this.client().createSchedule({
        Name: startScheduleNameFor(invoiceId),
        GroupName: groupName,
        ScheduleExpression: atExpression(at),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: targetArn,
          RoleArn: roleArn,
          Input: JSON.stringify({ invoiceId }),
          RetryPolicy: RETRY_POLICY,
          ...(deadLetterArn ? { DeadLetterConfig: { Arn: deadLetterArn } } : {}),
        },
      });
      return 'created';
    } catch (error) {
      if (isAwsError(error, 'ConflictException')) return 'exists';
      throw error;
    }
  }

  /** Deletes the case's start schedule; one that already fired or was deleted counts as deleted. */
  async delete(invoiceId: string): Promise<'deleted' | 'not-found'> {
    try {
      await this.client().deleteSchedule({
        Name: startScheduleNameFor(invoiceId),
        GroupName: this.config.groupName,
      });
      return 'deleted';
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return 'not-found';
      throw error;
    }
  }
}
