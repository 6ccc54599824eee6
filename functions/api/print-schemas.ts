import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { inputDateSchema, inputIdSchema } from '../domain/input-bounds.js';
import { printBatchStatusSchema } from '../domain/print-batch.js';
import * as z from '../domain/zod.js';

/** The print batches as supervisors see them on the page "Druck": ids, counts, dates; no letter's addressee. */
const printBatchViewShape = {
  batchId: z.string(),
  date: isoDateSchema,
  status: printBatchStatusSchema,
  letterCount: z.int(),
  pageCount: z.int(),
  readyAt: z.optional(instantSchema),
  postedOn: z.optional(isoDateSchema),
  postedBy: z.optional(z.string()),
  /**
   * A ready batch: the last business day for the print service to confirm it as posted (holidays counted by
   * the creditor's calendar); later, the page marks it and an alarm goes off.
   */
  confirmationDueOn: z.optional(isoDateSchema),
};
export const printBatchViewSchema = z.object(printBatchViewShape).check(z.meta({ id: 'PrintBatch' }));

export const printBatchListSchema = z
  .object({ batches: z.array(printBatchViewSchema) })
  .check(z.meta({ id: 'PrintBatchList' }));

/** Fresh links to a batch's files, for the page: a browser cannot follow the 303 with its bearer token. */
export const printBatchFilesSchema = z.object({
  pdfUrl: z.url(),
  manifestUrl: z.url(),
  linksExpireAt: instantSchema,
});

/** One batch with links to its files, once it is assembled (none while assembling). */
export const printBatchDetailSchema = z
  // The view's fields without its component id (extending would carry the id over).
  .object({ ...printBatchViewShape, files: z.optional(printBatchFilesSchema) })
  .check(z.meta({ id: 'PrintBatchDetail' }));

export const printBatchListQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 30),
});

export const printBatchParamsSchema = z.object({ batchId: inputIdSchema });
export const printBatchFileParamsSchema = z.extend(printBatchParamsSchema, {
  file: z.enum(['pdf', 'manifest']),
});

export const postedRequestSchema = z
  .strictObject({ postedOn: inputDateSchema })
  .check(z.meta({ id: 'PrintBatchPostedRequest' }));

/** The 303 answer of a print batch file: a fresh presigned link to the PDF or the manifest. */
export const printBatchFileRedirectSchema = z
  .object({ location: z.url() })
  .check(z.meta({ id: 'PrintBatchFileRedirect' }));
