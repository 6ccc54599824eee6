import { dynamoDocumentClient, eventsClient } from '../../adapters/clients.js';
import { EventPublisher } from '../../adapters/event-publisher.js';
import { PrintQueue } from '../../adapters/print-queue.js';
import { countOutboundEvents } from '../../observability.js';
import { documentStore } from './document-store.js';
import type { Workflow } from './workflow.js';

let queue: PrintQueue | undefined;

/** The print queue of the table, for the print hand-off's functions (and render-letter, which registers letters). */
export function printQueue(config: Workflow['config']): PrintQueue {
  queue ??= new PrintQueue(dynamoDocumentClient(), config.TABLE_NAME);
  return queue;
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetPrintQueue(): void {
  queue = undefined;
}

/** The bucket and the bus as the print hand-off uses them. */
export function printResources({ config }: Workflow) {
  const documents = documentStore(config);
  const publisher = new EventPublisher(eventsClient, config.EVENT_BUS_NAME);
  return {
    queue: printQueue(config),
    documents,
    publish: async (events: Parameters<EventPublisher['publish']>[0]) => {
      await publisher.publish(events);
      countOutboundEvents(events);
    },
  };
}
