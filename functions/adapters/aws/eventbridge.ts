import { AwsClient, type AwsClientOptions, callJsonRpc } from './client.js';

export interface PutEventsEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
}

export interface PutEventsOutput {
  FailedEntryCount: number;
  Entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

/** EventBridge PutEvents (JSON 1.1). */
export class EventBridgeClient {
  private readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient(
      { endpointVariable: 'EVENTBRIDGE', hostPrefix: 'events', signingName: 'events', errors: 'json' },
      options,
    );
  }

  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsOutput> {
    const output = await callJsonRpc(this.client, 'AWSEvents.PutEvents', '1.1', { Entries: entries });
    const failed = typeof output.FailedEntryCount === 'number' ? output.FailedEntryCount : 0;
    const results = Array.isArray(output.Entries) ? output.Entries : [];
    return {
      FailedEntryCount: failed,
      Entries: results.map((entry: unknown) => ({
        EventId: stringField(entry, 'EventId'),
        ErrorCode: stringField(entry, 'ErrorCode'),
        ErrorMessage: stringField(entry, 'ErrorMessage'),
      })),
    };
  }
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}
