import type { Actor } from '../domain/actor.js';
import type { DunningCase, WriteOffScope } from '../domain/case.js';
import type { OutboundEvent } from '../domain/events.js';
import { outboundEvent } from './outbound.js';

/**
 * `Claim Written Off` for accounting: the amounts the case still had open when it was written off (its balance,
 * with interest booked through that day), in cents, with scope, reason and who decided.
 */
export function claimWrittenOff(
  written: DunningCase,
  at: string,
  request: { scope: WriteOffScope; reason: string },
  by: Actor,
): OutboundEvent {
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
