import type { Instant, IsoDate } from '../domain/calendar.js';
import { type DunningCase, openCents } from '../domain/case.js';
import { type CustomerCasePorts, changeCustomerCases } from './customer-blocks.js';
import type { CombinedMailBounce } from './inbound.js';
import { outboundEvent } from './outbound.js';

/**
 * A bounce under the letter fallback turned the last emailed reminder into a letter: it is announced like any
 * letter level, so it is rendered, printed and posted (render-letter listens for exactly this event).
 */
export function resentByLetter(before: DunningCase, after: DunningCase, now: Instant) {
  const was = before.reminders.at(-1);
  const is = after.reminders.at(-1);
  if (!was || !is || was.channel !== 'email' || is.channel !== 'letter') return [];
  return [
    outboundEvent('Dunning Reminder Sent', after, now, {
      levelId: is.levelId,
      kind: is.kind,
      channel: 'letter',
      openCents: openCents(after),
      feeCents: is.feeCents,
      currency: after.invoice.amount.currency,
    }),
  ];
}

/**
 * The other cases a bounced combined mail listed: the customer's open cases whose last reminder went by email
 * on the mail's day (a customer gets one reminder mail a day) and whose address still counts as deliverable.
 * Each is worked without email from now on, as the case the mail's tag names; without this, every later day's
 * mail would go to the dead address again, led by the next case.
 */
export function bounceCombinedMail(
  ports: CustomerCasePorts,
  { customerId, mailedOn }: CombinedMailBounce,
  at: { today: IsoDate; now: Instant },
): Promise<void> {
  return changeCustomerCases(ports, customerId, (current) => {
    const last = current.reminders.at(-1);
    if (current.emailUndeliverable || last?.channel !== 'email' || last.sentOn !== mailedOn) return undefined;
    return {
      event: { type: 'email-bounced', on: at.today },
      publish: (changed) => resentByLetter(current, changed, at.now),
    };
  });
}
