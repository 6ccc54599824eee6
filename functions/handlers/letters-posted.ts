import { lettersPostedSchema } from '../domain/inbound-events.js';
import { logger } from '../observability.js';
import type { BusEnvelope } from '../workflow/contracts/bus.js';
import { postPrintBatch } from '../workflow/print/post-batch.js';
import { printQueue } from './runtime/print.js';
import { busEventHandler } from './runtime/sqs.js';
import type { Workflow } from './runtime/workflow.js';

/**
 * `Letters Posted` from the print service: each letter of the batch is recorded as posted on its case, where its
 * receipt (and with it default, the § 31 BDSG gate and the handover) now counts from. An unknown batch or a date
 * that cannot be is logged and dropped: retrying would not make it right; a batch not ready yet is retried.
 */
async function lettersPosted(workflow: Workflow, envelope: BusEnvelope): Promise<void> {
  const detail = lettersPostedSchema.parse(envelope.detail);
  const result = await postPrintBatch(
    { queue: printQueue(workflow.config), service: workflow.service },
    { ...detail, today: workflow.clock.businessToday() },
  );
  if (result.outcome === 'posted') {
    logger.info('print batch posted', { batchId: detail.batchId, letters: result.letters });
    return;
  }
  // A batch still being assembled is ready in a moment: the queue delivers the confirmation again.
  if (result.outcome === 'not-ready') throw new Error(`print batch ${detail.batchId} is not ready yet`);
  logger.warn('posting confirmation not applied', { batchId: detail.batchId, ...result });
}

export const handler = busEventHandler(lettersPosted);
