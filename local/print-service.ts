import { PDFDocument, StandardFonts } from 'pdf-lib';
import { addDays, berlinDateOf, berlinInstant, type Instant } from '../functions/domain/calendar.js';
import { letterKey } from '../functions/domain/document-keys.js';
import {
  dunningReminderSentSchema,
  EVENT_SOURCE,
  letterBatchReadySchema,
} from '../functions/domain/events.js';
import type { WorkflowClock } from '../functions/workflow/clock.js';
import type { LocalEventBridge } from './emulators/eventbridge.js';

/** Berlin wall-clock time of the daily print batch, as the CDK schedule (PRINT_BATCH_CRON) runs it. */
export const PRINT_BATCH_TIME = '15:00';

/**
 * Runs `job` every day at PRINT_BATCH_TIME business time on the scaled clock, as EventBridge Scheduler does on
 * weekdays on AWS (the job skips weekends and holidays itself). A run still going when the next is due is skipped.
 */
export function dailyPrintBatch(clock: WorkflowClock, job: () => Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running = false;
  const nextRun = (): Instant => {
    const now = clock.businessNow();
    const today = berlinDateOf(now);
    const todays = berlinInstant(today, PRINT_BATCH_TIME);
    return Date.parse(todays) > Date.parse(now) ? todays : berlinInstant(addDays(today, 1), PRINT_BATCH_TIME);
  };
  const plan = () => {
    if (stopped) return;
    const delay = Math.max(0, Date.parse(clock.toEngine(nextRun())) - Date.now());
    timer = setTimeout(() => {
      if (!running) {
        running = true;
        // A failed run is like one Lambda gave up on: tomorrow's run takes the letters still queued.
        void job()
          .catch(() => undefined)
          .finally(() => {
            running = false;
          });
      }
      // Past the batch time now, so the next plan is tomorrow's.
      setTimeout(plan, 1);
    }, delay);
  };
  plan();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * The print service's stand-in: every `Letter Batch Ready` is printed and posted on its day, confirmed with
 * `Letters Posted` through the accounting system's sources (the rule accepts nothing else).
 */
export function standInPrintService(
  bus: LocalEventBridge,
  productBus: string,
  confirm: (detail: { batchId: string; postedOn: string }) => Promise<void>,
  track: <T>(work: Promise<T>) => Promise<T>,
) {
  bus.addRule({
    name: 'StandInPrintService',
    eventBusName: productBus,
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['Letter Batch Ready'] },
    target: {
      send: (body: string) => {
        const ready = letterBatchReadySchema.parse((JSON.parse(body) as { detail: unknown }).detail);
        void track(confirm({ batchId: ready.batchId, postedOn: ready.date })).catch(() => undefined);
      },
    },
  });
}

/**
 * SEAM until render-letter is wired to the print queue (branch `letters`): a recorded letter level gets a
 * one-page placeholder PDF (no personal data) under its letter key and is registered for the next print batch,
 * so the local stack posts letters as it will with real ones. The local stack turns it off by itself as soon
 * as a `render-letter` function exists (infra/function-definitions.ts).
 */
export function standInLetterRenderer(
  bus: LocalEventBridge,
  productBus: string,
  register: (letter: { invoiceId: string; levelId: string; key: string; bytes: Uint8Array }) => Promise<void>,
  track: <T>(work: Promise<T>) => Promise<T>,
) {
  bus.addRule({
    name: 'StandInLetterRenderer',
    eventBusName: productBus,
    eventPattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['Dunning Reminder Sent'],
      detail: { channel: ['letter'] },
    },
    target: {
      send: (body: string) => {
        const sent = dunningReminderSentSchema.parse((JSON.parse(body) as { detail: unknown }).detail);
        const work = placeholderLetter(sent.invoiceId, sent.levelId).then((bytes) =>
          register({
            invoiceId: sent.invoiceId,
            levelId: sent.levelId,
            key: letterKey(sent.invoiceId, sent.levelId),
            bytes,
          }),
        );
        void track(work).catch(() => undefined);
      },
    },
  });
}

async function placeholderLetter(invoiceId: string, levelId: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595.28, 841.89]);
  page.drawText(`Platzhalter: ${levelId} zu Rechnung ${invoiceId}`, { x: 71, y: 700, size: 11, font });
  return pdf.save();
}
