import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  PutEventsRequestEntry,
  PutEventsResponse,
  PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { assertEventPattern, type EventPattern, matchesPattern } from './event-pattern.js';
import { LoopbackEndpoint, localAccountId, localRegion, parseJson, readBody, sendJson } from './shared.js';

export { assertEventPattern, type EventPattern, matchesPattern } from './event-pattern.js';
export { type DeadLetter, LocalQueue, type LocalQueueOptions, type QueueConsumer } from './queue.js';

/** Where a rule delivers: a LocalQueue, or anything else that takes the event JSON. */
export interface RuleTarget {
  send(body: string): unknown;
}

export interface AddRuleInput {
  name: string;
  /** The rule's event pattern, as an object or as the JSON text PutRule takes. */
  eventPattern: EventPattern | string;
  target: RuleTarget;
  /** The bus the rule belongs to (default `default`); it must be one of the bridge's buses. */
  eventBusName?: string;
}

export interface LocalEventBridgeOptions {
  /** Custom buses besides `default`, e.g. `['dunning']`. Events for any other bus fail like on AWS. */
  eventBusNames?: readonly string[];
  region?: string;
  accountId?: string;
}

export interface BusEvent {
  readonly eventBusName: string;
  readonly event: EventBridgeEvent<string, unknown>;
  /** Names of the rules it was delivered to. */
  readonly matchedRules: readonly string[];
}

interface Rule {
  readonly name: string;
  readonly eventBusName: string;
  readonly pattern: EventPattern;
  readonly target: RuleTarget;
}

const entrySchema = z.object({
  Time: z.union([z.date(), z.number(), z.string()]).optional(),
  Source: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  TraceHeader: z.string().optional(),
});

const putEventsRequestSchema = z.object({
  Entries: z.array(entrySchema).min(1).max(10),
  EndpointId: z.string().optional(),
});

/**
 * EventBridge PutEvents on this machine: validates entries like AWS, keeps every event, and delivers each
 * to the targets of the rules on its bus whose pattern matches. Speaks AWS JSON 1.1 over HTTP.
 */
export class LocalEventBridge {
  readonly region: string;
  readonly accountId: string;
  private readonly buses: ReadonlySet<string>;
  private readonly rules: Rule[] = [];
  private readonly log: BusEvent[] = [];
  private readonly endpoint = new LoopbackEndpoint('LocalEventBridge', (request, response) =>
    this.handleRequest(request, response),
  );

  constructor(options: LocalEventBridgeOptions = {}) {
    this.region = options.region ?? localRegion;
    this.accountId = options.accountId ?? localAccountId;
    this.buses = new Set(['default', ...(options.eventBusNames ?? [])]);
  }

  addRule(input: AddRuleInput): void {
    const eventBusName = input.eventBusName ?? 'default';
    if (!this.buses.has(eventBusName)) throw new Error(`Event bus ${eventBusName} does not exist`);
    if (this.rules.some((rule) => rule.name === input.name && rule.eventBusName === eventBusName)) {
      throw new Error(`Rule ${input.name} already exists on event bus ${eventBusName}`);
    }
    const pattern: unknown =
      typeof input.eventPattern === 'string' ? JSON.parse(input.eventPattern) : input.eventPattern;
    assertEventPattern(pattern);
    this.rules.push({ name: input.name, eventBusName, pattern, target: input.target });
  }

  removeRule(name: string, eventBusName = 'default'): void {
    const index = this.rules.findIndex((rule) => rule.name === name && rule.eventBusName === eventBusName);
    if (index >= 0) this.rules.splice(index, 1);
  }

  /** Same contract as the SDK's PutEvents; a bad entry fails alone, with an ErrorCode, like on AWS. */
  async putEvents(entries: readonly PutEventsRequestEntry[]): Promise<PutEventsResponse> {
    const results = entries.map((entry) => this.putEntry(entry));
    return { Entries: results, FailedEntryCount: results.filter((result) => result.ErrorCode).length };
  }

  events(): BusEvent[] {
    return [...this.log];
  }

  clear(): void {
    this.log.length = 0;
  }

  /** Serves PutEvents (AWS JSON 1.1) on 127.0.0.1 (port 0 picks a free one). */
  listen(port = 0): Promise<{ endpoint: string }> {
    return this.endpoint.listen(port);
  }

  close(): Promise<void> {
    return this.endpoint.close();
  }

  private putEntry(entry: PutEventsRequestEntry): PutEventsResultEntry {
    const eventBusName = busNameOf(entry.EventBusName ?? 'default');
    if (!this.buses.has(eventBusName)) {
      return {
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Event bus ${eventBusName} does not exist.`,
      };
    }
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameters Source, DetailType and Detail must be specified.',
      };
    }
    const detail = parseJson(entry.Detail);
    if (
      !detail.ok ||
      typeof detail.value !== 'object' ||
      detail.value === null ||
      Array.isArray(detail.value)
    ) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const event: EventBridgeEvent<string, unknown> = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: this.accountId,
      // EventBridge writes times without milliseconds.
      time: (entry.Time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: entry.Resources ?? [],
      detail: detail.value,
    };
    const matched = this.rules.filter(
      (rule) => rule.eventBusName === eventBusName && matchesPattern(rule.pattern, event),
    );
    const body = JSON.stringify(event);
    for (const rule of matched) rule.target.send(body);
    this.log.push({ eventBusName, event, matchedRules: matched.map((rule) => rule.name) });
    return { EventId: event.id };
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const contentType = 'application/x-amz-json-1.1';
    const fail = (type: string, message: string) =>
      sendJson(response, 400, contentType, { __type: type, message });
    try {
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        fail('UnknownOperationException', 'The local EventBridge answers AWSEvents.PutEvents only');
        return;
      }
      const body = parseJson(await readBody(request));
      if (!body.ok) {
        fail('SerializationException', 'The request body is not JSON');
        return;
      }
      const parsed = putEventsRequestSchema.safeParse(body.value);
      if (!parsed.success) {
        fail(
          'ValidationException',
          parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        );
        return;
      }
      const entries = parsed.data.Entries.map((entry) => ({ ...entry, Time: timeOf(entry.Time) }));
      sendJson(response, 200, contentType, await this.putEvents(entries));
    } catch (error) {
      sendJson(response, 500, contentType, {
        __type: 'InternalException',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** The SDK sends Time as epoch seconds. */
function timeOf(time: Date | number | string | undefined): Date | undefined {
  if (time === undefined || time instanceof Date) return time;
  return typeof time === 'number' ? new Date(time * 1000) : new Date(time);
}

/** EventBusName may be a name or an ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`). */
function busNameOf(nameOrArn: string): string {
  const marker = ':event-bus/';
  const index = nameOrArn.indexOf(marker);
  return index >= 0 ? nameOrArn.slice(index + marker.length) : nameOrArn;
}
