import type { Actor } from '../domain/actor.js';
import type { IsoDate } from '../domain/calendar.js';
import type { DunningCase, WriteOffScope } from '../domain/case.js';
import type { OutboundEvent } from '../domain/events.js';
import type { Decision } from './case-service.js';
import { outboundEvent } from './outbound.js';

export interface WriteOff {
  scope: WriteOffScope;
  reason: string;
}

/**
 * `Claim Written Off` for accounting: the amounts the case still had open when it was written off (its balance,
 * with interest booked through that day), in cents, with scope, reason and who decided.
 */
function claimWrittenOff(written: DunningCase, at: string, request: WriteOff, by: Actor): OutboundEvent {
  const { principalCents, interestCents, costsCents } = written.balance;
  return outboundEvent('Claim Written Off', written, at, {
    principalCents,
    interestCents,
    feesCents: costsCents,
    totalCents: principalCents + interestCents + costsCents,
    currency: written.invoice.amount.currency,
    scope: request.scope,
    reason: request.reason,
    actorName: by.name,
  });
}

/**
 * A supervisor's write-off: the case closes as written off (its open task ends and its execution with it, as
 * on a cancellation) and accounting hears of the amounts in the same outbox as `Dunning Closed`.
 */
export function writeOffDecision(request: WriteOff, by: Actor, today: IsoDate, now: string): Decision {
  return {
    event: { type: 'written-off', on: today, ...request, by },
    publish: (written) => [claimWrittenOff(written, now, request, by)],
  };
}
