import { berlinDateOf, type Instant, type IsoDate } from '../domain/calendar.js';
import { epochMillisecondsOf, utcInstant } from '../domain/instant.js';

/**
 * Business time versus engine time (TOOLCHAIN.md). On AWS both are the wall clock. Locally a scaled clock
 * lets one business day pass in seconds (demo) or milliseconds (tests): the Prepare step writes both the
 * business instant of a step and the engine instant a Wait state sleeps until, so the ASL runs unchanged.
 */
export interface WorkflowClock {
  businessNow(): Instant;
  /** Wall-clock time of the engine: for what people do (a claim on a task lasts real minutes, not business ones). */
  engineNow(): Instant;
  businessToday(): IsoDate;
  /** The engine instant at which `business` is reached. */
  toEngine(business: Instant): Instant;
  /** Engine seconds (at least 1) until `business` is reached, for TimeoutSecondsPath. */
  engineSecondsUntil(business: Instant): number;
}

export interface ScaledClockOptions {
  /** Business seconds per engine second: 1 on AWS, e.g. 86400 / 5 for "one day every five seconds". */
  scale: number;
  businessEpoch: Instant;
  engineEpoch: Instant;
  engineNow?: () => number;
}

export function scaledClock({
  scale,
  businessEpoch,
  engineEpoch,
  engineNow = Date.now,
}: ScaledClockOptions): WorkflowClock {
  // Always three fractional digits: instants are compared as strings in DynamoDB conditions (claim expiry),
  // where "…25Z" would sort after "…25.500Z".
  const instantAt = (epochMilliseconds: number) => utcInstant(Math.round(epochMilliseconds), 'millisecond');
  const businessStart = epochMillisecondsOf(businessEpoch);
  const engineStart = epochMillisecondsOf(engineEpoch);
  const businessNow = () => instantAt(businessStart + (engineNow() - engineStart) * scale);
  const engineMillisOf = (business: Instant) =>
    engineStart + (epochMillisecondsOf(business) - businessStart) / scale;
  return {
    businessNow,
    engineNow: () => instantAt(engineNow()),
    businessToday: () => berlinDateOf(businessNow()),
    toEngine: (business) => instantAt(engineMillisOf(business)),
    engineSecondsUntil: (business) => Math.max(1, Math.ceil((engineMillisOf(business) - engineNow()) / 1000)),
  };
}

export const wallClock = (): WorkflowClock => {
  const now = new Date().toISOString();
  return scaledClock({ scale: 1, businessEpoch: now, engineEpoch: now });
};
