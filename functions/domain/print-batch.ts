import {
  type BusinessCalendar,
  compareDates,
  type Instant,
  type IsoDate,
  instantSchema,
  isoDateSchema,
} from './calendar.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * The print hand-off: letters rendered during the day wait in a queue, once per business day they go out as one
 * print batch (one PDF, one CSV manifest), and the print service confirms when it posted them. Only ids, counts
 * and the postal code and country (for the print service's postage sorting) are kept here: no names.
 */

/** At most this many letters go into one day's batch; the rest wait for the next (the batch item stays small). */
export const MAX_LETTERS_PER_BATCH = 1000;

/** What render-letter reports for a stored letter (functions/adapters/print-queue.ts `letterRendered`). */
export const renderedLetterSchema = z.object({
  invoiceId: nonEmptyStringSchema,
  levelId: nonEmptyStringSchema,
  documentKey: nonEmptyStringSchema,
  pages: z.int().check(z.gte(1)),
  renderedAt: instantSchema,
  postalCode: z.optional(z.string().check(z.maxLength(16))),
  countryCode: z.optional(z.string().check(z.length(2))),
});
export type RenderedLetter = z.infer<typeof renderedLetterSchema>;

export const printLetterStatusSchema = z.enum(['pending', 'batched', 'posted']);

export const batchLetterSchema = z.object({
  sequence: z.int().check(z.gte(1)),
  invoiceId: nonEmptyStringSchema,
  levelId: nonEmptyStringSchema,
  documentKey: nonEmptyStringSchema,
  pages: z.int().check(z.gte(1)),
  firstPage: z.int().check(z.gte(1)),
  postalCode: z.optional(z.string()),
  countryCode: z.optional(z.string()),
});
export type BatchLetter = z.infer<typeof batchLetterSchema>;

export const printBatchStatusSchema = z.enum(['assembling', 'ready', 'posted']);
export type PrintBatchStatus = z.infer<typeof printBatchStatusSchema>;

export const printBatchSchema = z.object({
  batchId: nonEmptyStringSchema,
  date: isoDateSchema,
  status: printBatchStatusSchema,
  letters: z.array(batchLetterSchema).check(z.minLength(1)),
  pageCount: z.int().check(z.gte(1)),
  createdAt: instantSchema,
  readyAt: z.optional(instantSchema),
  /** The queue position of the batch's last letter: the next batch reads the queue after it. */
  queuedThrough: z.optional(z.string()),
  /** When `Letter Batch Ready` went out (a rerun announces a ready batch that has none). */
  announcedAt: z.optional(instantSchema),
  postedOn: z.optional(isoDateSchema),
  /** Who confirmed the posting: the print service's event, or a supervisor's name. */
  postedBy: z.optional(z.string()),
});
export type PrintBatch = z.infer<typeof printBatchSchema>;

/** One batch per business day, named after it: a rerun of the day's job finds the same batch. */
export const printBatchIdFor = (date: IsoDate): string => `print-${date}`;

/** The day a batch id names, or undefined for an id that is not one. */
export function dateOfPrintBatch(batchId: string): IsoDate | undefined {
  const parsed = isoDateSchema.safeParse(/^print-(\d{4}-\d{2}-\d{2})$/.exec(batchId)?.[1]);
  return parsed.success ? parsed.data : undefined;
}

/** The batch of `date` from the letters in the order they were rendered, with their page counts in the PDF. */
export function newPrintBatch(
  date: IsoDate,
  letters: readonly (RenderedLetter & { pages: number; queuedAs?: string })[],
  createdAt: Instant,
): PrintBatch {
  let nextPage = 1;
  const numbered = letters.map((letter, index) => {
    const firstPage = nextPage;
    nextPage += letter.pages;
    return {
      sequence: index + 1,
      invoiceId: letter.invoiceId,
      levelId: letter.levelId,
      documentKey: letter.documentKey,
      pages: letter.pages,
      firstPage,
      ...(letter.postalCode ? { postalCode: letter.postalCode } : {}),
      ...(letter.countryCode ? { countryCode: letter.countryCode } : {}),
    };
  });
  return {
    batchId: printBatchIdFor(date),
    date,
    status: 'assembling',
    letters: numbered,
    pageCount: nextPage - 1,
    createdAt,
    ...(letters.at(-1)?.queuedAs ? { queuedThrough: letters.at(-1)?.queuedAs } : {}),
  };
}

export const MANIFEST_COLUMNS = [
  'batch_id',
  'sequence',
  'document_id',
  'invoice_id',
  'level',
  'pages',
  'first_page',
  'postal_code',
  'country',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; a leading =+-@ is defused. */
function csvField(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The manifest the print service sorts and checks the PDF with: one line per letter, in PDF order. */
export function manifestCsv(batch: PrintBatch): string {
  const rows = batch.letters.map((letter) => [
    batch.batchId,
    letter.sequence,
    letter.documentKey,
    letter.invoiceId,
    letter.levelId,
    letter.pages,
    letter.firstPage,
    letter.postalCode ?? '',
    letter.countryCode ?? 'DE',
  ]);
  return `${[[...MANIFEST_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The letters a posting confirmation names: all of the batch, or those whose document ids it lists. */
export function lettersConfirmed(batch: PrintBatch, documentIds?: readonly string[]): BatchLetter[] {
  if (!documentIds) return batch.letters;
  const named = new Set(documentIds);
  return batch.letters.filter((letter) => named.has(letter.documentKey));
}

/** A print service confirms a batch within this many business days; later, someone must look (an alarm). */
export const POSTING_CONFIRMATION_BUSINESS_DAYS = 2;

/**
 * The ready batches nobody confirmed as posted within the confirmation days after their date: their letters
 * count as not received, so their cases neither fall into default by them nor hand over.
 */
export function unconfirmedBatches(
  batches: readonly PrintBatch[],
  today: IsoDate,
  calendar: Pick<BusinessCalendar, 'addBusinessDays'>,
): PrintBatch[] {
  return batches.filter(
    (batch) => batch.status === 'ready' && compareDates(confirmationDueOn(batch, calendar), today) < 0,
  );
}

/** The last business day (holidays of the creditor's Bundesland excluded) to confirm a batch as posted. */
export function confirmationDueOn(
  batch: Pick<PrintBatch, 'date'>,
  calendar: Pick<BusinessCalendar, 'addBusinessDays'>,
): IsoDate {
  return calendar.addBusinessDays(batch.date, POSTING_CONFIRMATION_BUSINESS_DAYS);
}
