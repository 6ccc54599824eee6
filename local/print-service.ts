import { addDays, berlinDateOf, berlinInstant, type Instant } from '../functions/domain/calendar.js';
import { EVENT_SOURCE, letterBatchReadySchema } from '../functions/domain/events.js';
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
