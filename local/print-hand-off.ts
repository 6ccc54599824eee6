import { Temporal } from 'temporal-polyfill';
import type { WorkflowClock } from '../functions/workflow/clock.js';
import { functionDefinitions } from '../infra/function-definitions.js';
import type { LocalEventBridge } from './emulators/eventbridge.js';
import { dailyPrintBatch, standInLetterRenderer, standInPrintService } from './print-service.js';

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
  if (!functionDefinitions.some((definition) => definition.name === 'render-letter')) {
    standInLetterRenderer(bus, productBus, registerPlaceholder(clock), track);
  }
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

/** Stores the placeholder letter once and registers it for the print batch, as render-letter will. */
function registerPlaceholder(clock: WorkflowClock) {
  return async (letter: { invoiceId: string; levelId: string; key: string; bytes: Uint8Array }) => {
    const { workflowInstance } = await import('../functions/handlers/runtime/container.js');
    const { printResources } = await import('../functions/handlers/runtime/print.js');
    const { documents, queue } = printResources(workflowInstance());
    if (!(await documents.exists(letter.key))) {
      await documents.put(letter.key, letter.bytes, 'application/pdf', { pages: '1' });
    }
    await queue.letterRendered({
      invoiceId: letter.invoiceId,
      levelId: letter.levelId,
      documentKey: letter.key,
      pages: 1,
      renderedAt: Temporal.Instant.from(clock.businessNow()).toString(),
    });
  };
}
