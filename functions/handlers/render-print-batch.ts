// Before any schema is built (see the module).
import './runtime/zod-jitless.js';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { mergeLetterPdfs } from '../documents/print-batch-pdf.js';
import { logger } from '../observability.js';
import { assemblePrintBatch } from '../workflow/print/print-batch.js';
import { workflowInstance } from './runtime/container.js';
import { observed, parseEvent } from './runtime/middlewares.js';
import { printResources } from './runtime/print.js';

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
    return result;
  });
