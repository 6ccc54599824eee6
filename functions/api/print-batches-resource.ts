import { addSeconds } from 'date-fns';
import { printBatchKeys } from '../domain/document-keys.js';
import { utcInstant } from '../domain/instant.js';
import { confirmationDueOn, dateOfPrintBatch, type PrintBatch } from '../domain/print-batch.js';
import type * as z from '../domain/zod.js';
import { postPrintBatch } from '../workflow/print/post-batch.js';
import type { ApiDeps } from './deps.js';
import { actorOf, type Principal, requireSupervisor } from './principal.js';
import type { printBatchDetailSchema, printBatchViewSchema } from './print-schemas.js';
import { conflict, notFound, ProblemError } from './problems.js';

/** Links the API signs live five minutes: each click asks for a fresh one. */
export const DOWNLOAD_LINK_SECONDS = 300;

type Calendar = Parameters<typeof confirmationDueOn>[1];

const view = (batch: PrintBatch, calendar: Calendar): z.infer<typeof printBatchViewSchema> => ({
  batchId: batch.batchId,
  date: batch.date,
  status: batch.status,
  letterCount: batch.letters.length,
  pageCount: batch.pageCount,
  ...(batch.readyAt ? { readyAt: batch.readyAt } : {}),
  ...(batch.postedOn ? { postedOn: batch.postedOn } : {}),
  ...(batch.postedBy ? { postedBy: batch.postedBy } : {}),
  ...(batch.status === 'ready' ? { confirmationDueOn: confirmationDueOn(batch, calendar) } : {}),
});

/** The print hand-off for supervisors: the batches, their files, and confirming that one was posted. */
export class PrintBatchesResource {
  constructor(private readonly deps: ApiDeps) {}

  private view(batch: PrintBatch) {
    return view(batch, this.deps.context.calendar);
  }

  private queue() {
    const { print } = this.deps;
    if (!print) throw new ProblemError(503, 'Service unavailable', 'the print hand-off is not configured');
    return print;
  }

  async list(principal: Principal, limit: number) {
    requireSupervisor(principal);
    return { batches: (await this.queue().recentBatches(limit)).map((batch) => this.view(batch)) };
  }

  private async batch(batchId: string): Promise<PrintBatch> {
    const date = dateOfPrintBatch(batchId);
    const batch = date && (await this.queue().batch(date));
    if (!batch) throw notFound(`print batch ${batchId}`);
    return batch;
  }

  /** The batch with fresh links to both files, so the page can open them without following a 303. */
  async detail(principal: Principal, batchId: string): Promise<z.infer<typeof printBatchDetailSchema>> {
    requireSupervisor(principal);
    const batch = await this.batch(batchId);
    if (batch.status === 'assembling') return this.view(batch);
    const keys = printBatchKeys(batch.date, batch.batchId);
    // Presigned links run on the wall clock, not the business clock.
    const linksExpireAt = utcInstant(addSeconds(Date.now(), DOWNLOAD_LINK_SECONDS));
    const [pdfUrl, manifestUrl] = await Promise.all([
      this.deps.documents.presignedGetUrl(keys.pdf, DOWNLOAD_LINK_SECONDS, `${batchId}.pdf`),
      this.deps.documents.presignedGetUrl(keys.manifest, DOWNLOAD_LINK_SECONDS, `${batchId}.csv`),
    ]);
    return { ...this.view(batch), files: { pdfUrl, manifestUrl, linksExpireAt } };
  }

  async file(principal: Principal, batchId: string, file: 'pdf' | 'manifest') {
    requireSupervisor(principal);
    const batch = await this.batch(batchId);
    if (batch.status === 'assembling') throw conflict(`print batch ${batchId} is still being assembled`);
    const keys = printBatchKeys(batch.date, batch.batchId);
    const [key, name] = file === 'pdf' ? [keys.pdf, `${batchId}.pdf`] : [keys.manifest, `${batchId}.csv`];
    return { location: await this.deps.documents.presignedGetUrl(key, DOWNLOAD_LINK_SECONDS, name) };
  }

  async posted(principal: Principal, batchId: string, postedOn: string) {
    requireSupervisor(principal);
    const result = await postPrintBatch(
      { queue: this.queue(), service: this.deps.service },
      { batchId, postedOn, by: actorOf(principal), today: this.deps.clock.businessToday() },
    );
    switch (result.outcome) {
      case 'posted':
        return this.view(result.batch);
      case 'unknown-batch':
        throw notFound(`print batch ${batchId}`);
      case 'not-ready':
        throw conflict(`print batch ${batchId} is still being assembled`);
      case 'invalid-date':
        throw new ProblemError(422, 'Invalid request', `body.postedOn: ${result.reason}`, [
          { path: 'body.postedOn', message: result.reason },
        ]);
    }
  }
}
