import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../observability.js';
import { type BusEnvelope, busEnvelopeSchema } from '../../workflow/contracts/bus.js';
import { observed } from './middlewares.js';
import type { Workflow } from './workflow.js';
import { workflowInstance } from './workflow.js';

/**
 * Bus events reach their Lambda through SQS (a queue with a dead-letter queue per rule). A record that
 * fails goes back to the queue alone (partial batch response) and, after the queue's retries, to the DLQ.
 */
export function busEventHandler(handle: (workflow: Workflow, event: BusEnvelope) => Promise<void>) {
  const workflow = workflowInstance();
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord) => {
    const envelope = busEnvelopeSchema.parse(JSON.parse(record.body));
    logger.appendKeys({ eventId: envelope.id, detailType: envelope['detail-type'] });
    await handle(workflow, envelope);
  };
  return middy<SQSEvent, unknown, Error, Context>()
    .use(observed())
    .handler((event, context) =>
      processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false }),
    );
}
