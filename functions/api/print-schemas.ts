import * as z from 'zod';
import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { inputDateSchema, inputIdSchema } from '../domain/input-bounds.js';
import { printBatchStatusSchema } from '../domain/print-batch.js';

/** The print batches as supervisors see them on the page "Druck": ids, counts, dates; no letter's addressee. */
export const printBatchViewSchema = z
  .object({
    batchId: z.string(),
    date: isoDateSchema,
    status: printBatchStatusSchema,
    letterCount: z.number().int(),
    pageCount: z.number().int(),
    readyAt: instantSchema.optional(),
    postedOn: isoDateSchema.optional(),
    postedBy: z.string().optional(),
  })
  .meta({ id: 'PrintBatch' });

export const printBatchListSchema = z
  .object({ batches: z.array(printBatchViewSchema) })
  .meta({ id: 'PrintBatchList' });

export const printBatchListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const printBatchParamsSchema = z.object({ batchId: inputIdSchema });
export const printBatchFileParamsSchema = printBatchParamsSchema.extend({
  file: z.enum(['pdf', 'manifest']),
});

export const postedRequestSchema = z
  .strictObject({ postedOn: inputDateSchema })
  .meta({ id: 'PrintBatchPostedRequest' });

/** The 303 answer of a print batch file: a fresh presigned link to the PDF or the manifest. */
export const printBatchFileRedirectSchema = z
  .object({ location: z.url() })
  .meta({ id: 'PrintBatchFileRedirect' });
