import type { Actor } from '../../domain/actor.js';
import { compareDates, type IsoDate } from '../../domain/calendar.js';
import type { CaseEvent, DunningCase } from '../../domain/case.js';
import { dateOfPrintBatch, lettersConfirmed, type PrintBatch } from '../../domain/print-batch.js';

export interface PostingPorts {
  queue: {
    batch(date: IsoDate): Promise<PrintBatch | undefined>;
    saveBatch(batch: PrintBatch): Promise<void>;
    markPosted(documentKey: string, batchId: string): Promise<void>;
  };
  service: {
    change(
      invoiceId: string,
      decide: (current: DunningCase) => { event: CaseEvent } | undefined,
    ): Promise<DunningCase>;
  };
}

export interface PostingRequest {
  batchId: string;
  postedOn: IsoDate;
  documentIds?: readonly string[] | undefined;
  /** The supervisor who confirmed it on the page; none when the print service's event did. */
  by?: Actor | undefined;
  today: IsoDate;
}

export type PostingResult =
  | { outcome: 'posted'; batch: PrintBatch; letters: number }
  | { outcome: 'unknown-batch' | 'not-ready' }
  | { outcome: 'invalid-date'; reason: string };

/**
 * The print service posted a batch (or the named part of it): each case records `letter-posted` for its letter,
 * each letter is marked posted, and the batch is posted once all its letters are. Safe to repeat: a case whose
 * letter is posted already changes no more.
 */
export async function postPrintBatch(ports: PostingPorts, request: PostingRequest): Promise<PostingResult> {
  const date = dateOfPrintBatch(request.batchId);
  const batch = date && (await ports.queue.batch(date));
  if (!batch) return { outcome: 'unknown-batch' };
  if (batch.status === 'assembling') return { outcome: 'not-ready' };
  if (compareDates(request.postedOn, batch.date) < 0)
    return { outcome: 'invalid-date', reason: `must not be before the batch date ${batch.date}` };
  if (compareDates(request.postedOn, request.today) > 0)
    return { outcome: 'invalid-date', reason: `must not be after today ${request.today}` };
  const letters = lettersConfirmed(batch, request.documentIds);
  for (const letter of letters) {
    await ports.service.change(letter.invoiceId, (current) =>
      awaitsPosting(current, letter.levelId)
        ? {
            event: {
              type: 'letter-posted',
              levelId: letter.levelId,
              postedOn: request.postedOn,
              batchId: batch.batchId,
              on: request.today,
              ...(request.by ? { by: request.by } : {}),
            },
          }
        : undefined,
    );
    await ports.queue.markPosted(letter.documentKey, batch.batchId);
  }
  const everyLetter = letters.length === batch.letters.length;
  const posted: PrintBatch = everyLetter
    ? {
        ...batch,
        status: 'posted',
        postedOn: request.postedOn,
        postedBy: request.by?.name ?? 'print service',
      }
    : batch;
  if (everyLetter) await ports.queue.saveBatch(posted);
  return { outcome: 'posted', batch: posted, letters: letters.length };
}

const awaitsPosting = (dunningCase: DunningCase, levelId: string) =>
  dunningCase.reminders.some(
    (reminder) => reminder.levelId === levelId && reminder.channel === 'letter' && !reminder.postedOn,
  );
