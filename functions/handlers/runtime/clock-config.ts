import { scaledClock, type WorkflowClock, wallClock } from '../../workflow/clock.js';
import type { HandlerConfig } from './config.js';

/** The wall clock on AWS; the local stack's scaled clock when the configuration names both epochs. */
export function clockFrom(config: HandlerConfig): WorkflowClock {
  return config.CLOCK_BUSINESS_EPOCH && config.CLOCK_ENGINE_EPOCH
    ? scaledClock({
        scale: config.CLOCK_SCALE,
        businessEpoch: config.CLOCK_BUSINESS_EPOCH,
        engineEpoch: config.CLOCK_ENGINE_EPOCH,
      })
    : wallClock();
}
