import type { BusinessCalendar, Instant, IsoDate } from '../../domain/calendar.js';
import { printBatchKeys } from '../../domain/document-keys.js';
import type { LetterBatchReady, OutboundEvent } from '../../domain/events.js';
import {
  MAX_LETTERS_PER_BATCH,
  manifestCsv,
  newPrintBatch,
  type PrintBatch,
  type RenderedLetter,
} from '../../domain/print-batch.js';

/** Presigned links in `Letter Batch Ready` are asked to live this long; a role session may end them earlier. */
export const BATCH_LINK_SECONDS = 12 * 3600;

/** What the print hand-off needs from outside: the queue (DynamoDB), the bucket, the merger, the bus. */
export interface PrintPorts {
  queue: {
    pendingBefore(
      cut: Instant,
      limit: number,
      after?: string,
    ): Promise<(RenderedLetter & { queuedAs: string })[]>;
    markBatched(documentKey: string, batchId: string): Promise<void>;
    recentBatches(limit: number): Promise<PrintBatch[]>;
    createBatch(batch: PrintBatch): Promise<PrintBatch>;
    saveBatch(batch: PrintBatch): Promise<void>;
    batch(date: IsoDate): Promise<PrintBatch | undefined>;
  };
  documents: {
    get(key: string): Promise<{ bytes: Uint8Array } | undefined>;
    put(
      key: string,
      bytes: Uint8Array,
      contentType: string,
      metadata?: Record<string, string>,
    ): Promise<unknown>;
    presignedGetUrl(key: string, expiresInSeconds: number, downloadName?: string): Promise<string>;
  };
  mergePdfs(letters: readonly Uint8Array[], title: string): Promise<{ bytes: Uint8Array; pages: number[] }>;
  publish(events: readonly OutboundEvent[]): Promise<void>;
  calendar: BusinessCalendar;
}

export type AssembleResult =
  | { outcome: 'not-a-business-day' | 'no-letters'; date: IsoDate }
  | {
      outcome: 'ready' | 'already-ready';
      date: IsoDate;
      batchId: string;
      letterCount: number;
      pageCount: number;
    };

/**
 * The day's print batch: the letters rendered before this run (at most MAX_LETTERS_PER_BATCH, oldest first) as
 * one PDF and a manifest under print-batches/<date>/, each letter marked batched, `Letter Batch Ready` published.
 * A rerun on the same day finds the day's batch and finishes what is left; a letter rendered after the first run
 * waits for the next business day's batch.
 */
export async function assemblePrintBatch(
  ports: PrintPorts,
  { today, now }: { today: IsoDate; now: Instant },
): Promise<AssembleResult> {
  if (!ports.calendar.isBusinessDay(today)) return { outcome: 'not-a-business-day', date: today };
  let batch = await ports.queue.batch(today);
  if (batch && batch.status !== 'assembling') {
    // A run that stopped between saving the batch and announcing it announces it now.
    return batch.announcedAt || batch.status === 'posted'
      ? summary('already-ready', batch)
      : announce(ports, batch, now);
  }
  let merged: { bytes: Uint8Array; pages: number[] } | undefined;
  if (!batch) {
    const [previous] = await ports.queue.recentBatches(1);
    const pending = await ports.queue.pendingBefore(now, MAX_LETTERS_PER_BATCH, previous?.queuedThrough);
    if (pending.length === 0) return { outcome: 'no-letters', date: today };
    merged = await merge(ports, pending, today);
    const pages = merged.pages;
    const counted = pending.map((letter, index) => ({ ...letter, pages: pages[index] ?? letter.pages }));
    batch = await ports.queue.createBatch(newPrintBatch(today, counted, now));
  }
  // A batch another run created, or one a run left half done: its own letters, merged again (same bytes).
  if (!merged || merged.pages.length !== batch.letters.length)
    merged = await merge(ports, batch.letters, today);
  const keys = printBatchKeys(batch.date, batch.batchId);
  await ports.documents.put(keys.pdf, merged.bytes, 'application/pdf', {
    letters: String(batch.letters.length),
    pages: String(batch.pageCount),
  });
  await ports.documents.put(keys.manifest, new TextEncoder().encode(manifestCsv(batch)), 'text/csv');
  for (const letter of batch.letters) await ports.queue.markBatched(letter.documentKey, batch.batchId);
  // Ready before it is announced: a print service that confirms at once finds the batch it was told about.
  const ready: PrintBatch = { ...batch, status: 'ready', readyAt: now };
  await ports.queue.saveBatch(ready);
  return announce(ports, ready, now);
}

async function announce(ports: PrintPorts, batch: PrintBatch, now: Instant): Promise<AssembleResult> {
  await ports.publish([await batchReadyEvent(ports, batch, now)]);
  await ports.queue.saveBatch({ ...batch, announcedAt: now });
  return summary('ready', batch);
}

async function merge(ports: PrintPorts, letters: readonly { documentKey: string }[], date: IsoDate) {
  const pdfs = await Promise.all(
    letters.map(async ({ documentKey }) => {
      const stored = await ports.documents.get(documentKey);
      if (!stored) throw new Error(`letter ${documentKey} is registered for printing but not stored`);
      return stored.bytes;
    }),
  );
  return ports.mergePdfs(pdfs, `Druckstapel ${date}`);
}

/** Links to the batch's two files, signed now; the API hands out fresh ones later. */
export async function batchLinks(ports: Pick<PrintPorts, 'documents'>, batch: PrintBatch, seconds: number) {
  const keys = printBatchKeys(batch.date, batch.batchId);
  return {
    pdfUrl: await ports.documents.presignedGetUrl(keys.pdf, seconds, `${batch.batchId}.pdf`),
    manifestUrl: await ports.documents.presignedGetUrl(keys.manifest, seconds, `${batch.batchId}.csv`),
  };
}

async function batchReadyEvent(ports: PrintPorts, batch: PrintBatch, now: Instant): Promise<OutboundEvent> {
  const detail: LetterBatchReady = {
    batchId: batch.batchId,
    date: batch.date,
    letterCount: batch.letters.length,
    pageCount: batch.pageCount,
    ...(await batchLinks(ports, batch, BATCH_LINK_SECONDS)),
    linksExpireAt: new Date(Date.parse(now) + BATCH_LINK_SECONDS * 1000).toISOString(),
    at: now,
    eventKey: `${batch.batchId}|Letter Batch Ready`,
  };
  return { 'detail-type': 'Letter Batch Ready', detail };
}

function summary(outcome: 'ready' | 'already-ready', batch: PrintBatch): AssembleResult {
  return {
    outcome,
    date: batch.date,
    batchId: batch.batchId,
    letterCount: batch.letters.length,
    pageCount: batch.pageCount,
  };
}
