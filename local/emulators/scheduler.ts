import type { IncomingMessage, ServerResponse } from 'node:http';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { LoopbackEndpoint, localAccountId, localRegion, parseJson, readBody, sendJson } from './shared.js';

/** Longest a Node timer can wait; a schedule further away waits in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Engine milliseconds between Scheduler's attempts to invoke a target that failed (AWS backs off for minutes). */
const RETRY_DELAY_MS = 100;

export interface LocalSchedulerOptions {
  /**
   * Engine milliseconds from now until a business instant: the local clock is scaled, so a schedule's `at(...)`
   * (business time, like everything the product plans) fires when the scaled clock reaches it.
   */
  engineDelayMs(at: string): number;
  /** Invokes a schedule's target (a Lambda ARN) with the schedule's input, as Scheduler does (asynchronously). */
  invoke(targetArn: string, input: unknown): Promise<unknown>;
}

/** A one-time schedule as the emulator keeps it. */
export interface LocalSchedule {
  readonly name: string;
  readonly groupName: string;
  /** The business instant of its `at(...)` expression. */
  readonly at: string;
  readonly targetArn: string;
  readonly roleArn: string;
  readonly input: unknown;
  readonly deleteAfterCompletion: boolean;
}

const createScheduleSchema = z.object({
  GroupName: z.string().min(1).default('default'),
  ScheduleExpression: z.string(),
  ScheduleExpressionTimezone: z.string().default('UTC'),
  FlexibleTimeWindow: z.object({ Mode: z.enum(['OFF', 'FLEXIBLE']) }),
  ActionAfterCompletion: z.enum(['NONE', 'DELETE']).default('NONE'),
  Target: z.object({
    Arn: z.string().startsWith('arn:'),
    RoleArn: z.string().startsWith('arn:'),
    Input: z.string().optional(),
    RetryPolicy: z.object({ MaximumRetryAttempts: z.number().int().min(0).max(185).optional() }).optional(),
    DeadLetterConfig: z.object({ Arn: z.string().startsWith('arn:') }).optional(),
  }),
});

const AT_EXPRESSION = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

class SchedulerError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * EventBridge Scheduler on this machine, for one-time schedules: CreateSchedule with an `at(...)` expression
 * and DeleteSchedule over the REST-JSON protocol the SDK speaks. A schedule fires once when the scaled clock
 * reaches its time and invokes its Lambda target with its input, retrying a failed invocation like Scheduler's
 * retry policy; `ActionAfterCompletion: DELETE` removes it afterwards. Names are unique per group, as on AWS.
 */
export class LocalScheduler {
  private readonly schedules = new Map<string, LocalSchedule & { timer: NodeJS.Timeout }>();
  private readonly fired: LocalSchedule[] = [];
  private closed = false;
  private readonly endpoint = new LoopbackEndpoint('LocalScheduler', (request, response) =>
    this.handleRequest(request, response),
  );

  constructor(private readonly options: LocalSchedulerOptions) {}

  listen(port = 0): Promise<{ endpoint: string }> {
    return this.endpoint.listen(port);
  }

  /** Stops firing: pending schedules stay listed but never fire, and failed invocations are not retried. */
  stop(): void {
    this.closed = true;
    for (const schedule of this.schedules.values()) clearTimeout(schedule.timer);
  }

  /** Stops firing and closes the endpoint. */
  async close(): Promise<void> {
    this.stop();
    this.schedules.clear();
    await this.endpoint.close();
  }

  /** The schedules that have not fired (or were kept after firing), in creation order. */
  pending(): LocalSchedule[] {
    return [...this.schedules.values()].map(({ timer: _timer, ...schedule }) => schedule);
  }

  /** The schedules that fired, in firing order. */
  history(): readonly LocalSchedule[] {
    return this.fired;
  }

  /** Drops a schedule without firing it, as a lost one would be (tests prove the sweep's safety net). */
  lose(groupName: string, name: string): boolean {
    const schedule = this.schedules.get(keyOf(groupName, name));
    if (!schedule) return false;
    clearTimeout(schedule.timer);
    return this.schedules.delete(keyOf(groupName, name));
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
      if (!match?.[1]) throw new SchedulerError('ResourceNotFoundException', 404, `no route ${url.pathname}`);
      const name = decodeURIComponent(match[1]);
      if (request.method === 'POST') {
        const scheduleArn = this.create(name, await readBody(request));
        sendJson(response, 200, 'application/json', { ScheduleArn: scheduleArn });
        return;
      }
      if (request.method === 'DELETE') {
        this.delete(url.searchParams.get('groupName') ?? 'default', name);
        sendJson(response, 200, 'application/json', {});
        return;
      }
      throw new SchedulerError('ValidationException', 400, `${request.method} is not emulated`);
    } catch (error) {
      const failure =
        error instanceof SchedulerError
          ? error
          : new SchedulerError(
              'ValidationException',
              400,
              error instanceof Error ? error.message : 'invalid',
            );
      response.setHeader('x-amzn-errortype', failure.type);
      sendJson(response, failure.status, 'application/json', { message: failure.message });
    }
  }

  private create(name: string, body: string): string {
    const parsedJson = parseJson(body);
    const parsed = createScheduleSchema.safeParse(parsedJson.ok ? parsedJson.value : undefined);
    if (!parsed.success) throw new SchedulerError('ValidationException', 400, parsed.error.message);
    const request = parsed.data;
    const expression = AT_EXPRESSION.exec(request.ScheduleExpression);
    if (!expression?.[1]) {
      throw new SchedulerError(
        'ValidationException',
        400,
        'only one-time at(yyyy-mm-ddThh:mm:ss) is emulated',
      );
    }
    const key = keyOf(request.GroupName, name);
    if (this.schedules.has(key)) {
      throw new SchedulerError('ConflictException', 409, `Schedule ${name} already exists.`);
    }
    const at = Temporal.PlainDateTime.from(expression[1])
      .toZonedDateTime(request.ScheduleExpressionTimezone)
      .toInstant()
      .toString();
    const schedule: LocalSchedule = {
      name,
      groupName: request.GroupName,
      at,
      targetArn: request.Target.Arn,
      roleArn: request.Target.RoleArn,
      input: request.Target.Input === undefined ? {} : JSON.parse(request.Target.Input),
      deleteAfterCompletion: request.ActionAfterCompletion === 'DELETE',
    };
    const attempts = 1 + (request.Target.RetryPolicy?.MaximumRetryAttempts ?? 185);
    this.schedules.set(key, { ...schedule, timer: this.arm(key, schedule, attempts) });
    return `arn:aws:scheduler:${localRegion}:${localAccountId}:schedule/${request.GroupName}/${name}`;
  }

  private delete(groupName: string, name: string): void {
    if (!this.lose(groupName, name)) {
      throw new SchedulerError('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);
    }
  }

  private arm(key: string, schedule: LocalSchedule, attempts: number): NodeJS.Timeout {
    const delayMs = Math.max(0, this.options.engineDelayMs(schedule.at));
    if (delayMs > MAX_TIMER_MS) {
      return setTimeout(() => this.rearm(key, schedule, attempts), MAX_TIMER_MS);
    }
    return setTimeout(() => void this.fire(key, schedule, attempts), delayMs);
  }

  private rearm(key: string, schedule: LocalSchedule, attempts: number): void {
    const current = this.schedules.get(key);
    if (current) this.schedules.set(key, { ...current, timer: this.arm(key, schedule, attempts) });
  }

  private async fire(key: string, schedule: LocalSchedule, attempts: number): Promise<void> {
    if (schedule.deleteAfterCompletion) this.schedules.delete(key);
    this.fired.push(schedule);
    for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
      try {
        await this.options.invoke(schedule.targetArn, schedule.input);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }
}

const keyOf = (groupName: string, name: string) => `${groupName}/${name}`;
