import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { mergeLetterPdfs } from '../documents/print-batch-pdf.js';
import { unconfirmedBatches } from '../domain/print-batch.js';
import * as z from '../domain/zod.js';
import { logger, MetricUnit, metrics, PRINT_BATCHES_UNCONFIRMED } from '../observability.js';
import { assemblePrintBatch } from '../workflow/print/print-batch.js';
import { observed, parseEvent } from './runtime/middlewares.js';
import { printResources } from './runtime/print.js';
import { workflowInstance } from './runtime/workflow.js';

/** A scheduled run needs nothing; `{}` is what EventBridge Scheduler sends. */
const printRunSchema = z.object({});

const workflow = workflowInstance();

/**
 * The daily print batch (EventBridge Scheduler, weekdays in Europe/Berlin; a holiday is skipped here by the
 * calendar): the day's rendered letters as one PDF and a CSV manifest, then `Letter Batch Ready`.
 */
export const handler = middy<z.output<typeof printRunSchema>, unknown, Error, Context>()
  .use(observed())
  .use(parseEvent(printRunSchema))
  .handler(async () => {
    const { clock, service } = workflow;
    const result = await assemblePrintBatch(
      { ...printResources(workflow), mergePdfs: mergeLetterPdfs, calendar: service.context.calendar },
      { today: clock.businessToday(), now: clock.businessNow() },
    );
    logger.info('print batch run', result);
    // Every run (also on a holiday) looks back: a batch the print service never confirmed holds its cases.
    const { queue } = printResources(workflow);
    const unconfirmed = unconfirmedBatches(
      await queue.recentBatches(30),
      clock.businessToday(),
      service.context.calendar,
    );
    metrics.addMetric(PRINT_BATCHES_UNCONFIRMED, MetricUnit.Count, unconfirmed.length);
    if (unconfirmed.length > 0) {
      logger.warn('print batches not confirmed as posted', {
        batchIds: unconfirmed.map((batch) => batch.batchId),
      });
    }
    return result;
  });
