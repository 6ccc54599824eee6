import type { IsoDate } from '../domain/calendar.js';
import type { CaseEvent } from '../domain/case.js';
import { inboundEventSchema } from '../domain/inbound-events.js';
import { isoDateSchema } from '../domain/iso-date.js';
import { describeIssues } from '../domain/policy.js';
import type { BusEnvelope } from './contracts/bus.js';
import { sesNotificationSchema } from './contracts/ses-notification.js';
import { COMBINED_MAIL_TAGS, decodeMessageTag } from './message-tags.js';

/** A change an inbound event asks of one case. */
export interface CaseChange {
  invoiceId: string;
  event: CaseEvent;
}

/** A customer's dunning block set or released: a change of every open case of the customer. */
export interface CustomerBlockChange {
  customerId: string;
  blockId: string;
  change: { type: 'set'; reason: string; on: IsoDate } | { type: 'released'; on: IsoDate };
}

/** What an inbound event about a customer asks; undefined for events about one invoice or none. */
export function customerBlockChangeFor(envelope: BusEnvelope): CustomerBlockChange | undefined {
  const parsed = inboundEventSchema.safeParse(envelope);
  if (!parsed.success) return undefined;
  switch (parsed.data['detail-type']) {
    case 'Customer Dunning Block Set': {
      const { customerId, blockId, reason, setOn } = parsed.data.detail;
      return { customerId, blockId, change: { type: 'set', reason, on: setOn } };
    }
    case 'Customer Dunning Block Released': {
      const { customerId, blockId, releasedOn } = parsed.data.detail;
      return { customerId, blockId, change: { type: 'released', on: releasedOn } };
    }
    default:
      return undefined;
  }
}

/** A customer's combined reminder mail of one day, which SES reported as undeliverable for good. */
export interface CombinedMailBounce {
  customerId: string;
  mailedOn: IsoDate;
}

/** The tags of an SES hard bounce or complaint, decoded; undefined for a soft bounce or another event. */
function hardBounceTags(envelope: BusEnvelope): ((name: string) => string | undefined) | undefined {
  if (envelope.source !== 'aws.ses') return undefined;
  const notification = sesNotificationSchema.parse(envelope.detail);
  const hard = notification.eventType === 'Complaint' || notification.bounce?.bounceType === 'Permanent';
  if (!hard) return undefined;
  return (name) => {
    const tag = notification.mail.tags[name]?.[0];
    return tag === undefined ? undefined : decodeMessageTag(tag);
  };
}

/**
 * The combined mail a hard bounce is about (its customer and day tags), or undefined for any other event. The
 * mail's tag names one case; the others it listed are found by their reminder of that day.
 */
export function combinedMailBounceFor(envelope: BusEnvelope): CombinedMailBounce | undefined {
  const tag = hardBounceTags(envelope);
  const customerId = tag?.(COMBINED_MAIL_TAGS.customerId);
  const mailedOn = tag?.(COMBINED_MAIL_TAGS.mailedOn);
  if (customerId === undefined || mailedOn === undefined || !isoDateSchema.safeParse(mailedOn).success)
    return undefined;
  return { customerId, mailedOn };
}

/**
 * What an accounting or SES event means for its case; undefined for events that change nothing. SES events
 * carry no business date, so a bounce counts on the business day it is processed (the workflow clock's
 * Berlin day, not the UTC day of the envelope's wall-clock time).
 */
export function caseChangeFor(envelope: BusEnvelope, today: IsoDate): CaseChange | undefined {
  if (envelope.source === 'aws.ses') {
    const invoiceId = hardBounceTags(envelope)?.('invoiceId');
    return invoiceId === undefined ? undefined : { invoiceId, event: { type: 'email-bounced', on: today } };
  }
  const parsed = inboundEventSchema.safeParse(envelope);
  if (!parsed.success) throw new Error(`invalid case event: ${describeIssues(parsed.error).join('; ')}`);
  switch (parsed.data['detail-type']) {
    case 'Payment Received': {
      const payment = parsed.data.detail;
      return {
        invoiceId: payment.invoiceId,
        event: {
          type: 'payment-received',
          paymentId: payment.paymentId,
          cents: payment.amount.cents,
          on: payment.receivedOn,
          allocation: payment.allocation,
        },
      };
    }
    case 'Invoice Cancelled':
      return {
        invoiceId: parsed.data.detail.invoiceId,
        event: { type: 'invoice-cancelled', on: parsed.data.detail.effectiveOn },
      };
    case 'Dunning Block Set':
      return {
        invoiceId: parsed.data.detail.invoiceId,
        event: {
          type: 'hold-set',
          on: parsed.data.detail.setOn,
          reason: parsed.data.detail.reason,
          owner: 'erp',
        },
      };
    case 'Dunning Block Released':
      return {
        invoiceId: parsed.data.detail.invoiceId,
        event: { type: 'hold-released', on: parsed.data.detail.releasedOn, owner: 'erp' },
      };
    case 'Dispute Raised': {
      const { invoiceId, reason, raisedOn } = parsed.data.detail;
      return { invoiceId, event: { type: 'dispute-raised', reason, on: raisedOn } };
    }
    case 'Invoice Credited': {
      const { invoiceId, creditNoteId, amount, creditedOn } = parsed.data.detail;
      return {
        invoiceId,
        event: { type: 'invoice-credited', creditNoteId, cents: amount.cents, on: creditedOn },
      };
    }
    // Issued invoices open cases (start-dunning); a posted print batch concerns many cases (letters-posted);
    // a customer's block concerns all of its cases (customerBlockChangeFor).
    case 'Invoice Issued':
    case 'Letters Posted':
    case 'Customer Dunning Block Set':
    case 'Customer Dunning Block Released':
      return undefined;
  }
}
