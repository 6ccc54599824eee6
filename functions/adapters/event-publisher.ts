import { EVENT_SOURCE, type OutboundEvent } from '../domain/events.js';
import type { EventBridgeClient } from './aws/eventbridge.js';

/** PutEvents takes at most 10 entries per call. */
const BATCH_SIZE = 10;

export class EventPublisher {
  /** The client is made on first use: a function that publishes nothing never builds one. */
  constructor(
    private readonly client: () => EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(outbound: readonly OutboundEvent[]): Promise<void> {
    for (let start = 0; start < outbound.length; start += BATCH_SIZE) {
      const batch = outbound.slice(start, start + BATCH_SIZE);
      const { FailedEntryCount, Entries } = await this.client().putEvents(
        batch.map((event) => ({
          EventBusName: this.busName,
          Source: EVENT_SOURCE,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
        })),
      );
      if (FailedEntryCount > 0) {
        const codes = Entries.filter((entry) => entry.ErrorCode).map((entry) => entry.ErrorCode);
        throw new Error(
          `EventBridge rejected ${FailedEntryCount} of ${batch.length} events: ${codes.join(', ')}`,
        );
      }
    }
  }
}
