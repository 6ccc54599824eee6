import type { WorkflowClock } from '../functions/workflow/clock.js';
import type { LocalEventBridge } from './emulators/eventbridge.js';
import { dailyPrintBatch, standInPrintService } from './print-service.js';

interface PrintHandOffDeps {
  bus: LocalEventBridge;
  productBus: string;
  clock: WorkflowClock;
  /** The source the stand-in print service confirms with (the rule accepts the accounting system's only). */
  inboundSource: string;
  handlers: ReadonlyMap<string, (event: unknown) => Promise<unknown>>;
  track: <T>(work: Promise<T>) => Promise<T>;
}

/** The print hand-off of the local stack (see WorkflowStackOptions.print). */
export function startPrintHandOff(mode: 'confirm' | 'manual', deps: PrintHandOffDeps) {
  const { bus, productBus, clock, handlers, track } = deps;
  if (mode === 'manual') return { stop: () => undefined };
  const job = handlers.get('render-print-batch');
  if (!job) throw new Error('no function render-print-batch');
  const daily = dailyPrintBatch(clock, () => job({}));
  standInPrintService(
    bus,
    productBus,
    async (posted) => {
      await bus.putEvents([
        {
          EventBusName: productBus,
          Source: deps.inboundSource,
          DetailType: 'Letters Posted',
          Detail: JSON.stringify(posted),
        },
      ]);
    },
    track,
  );
  return { stop: () => daily.stop() };
}
