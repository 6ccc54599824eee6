import type { IsoDate } from '../domain/calendar.js';
import { type CaseEvent, InvalidTransitionError } from '../domain/case.js';
import { inboundEventSchema } from '../domain/events.js';
import { describeIssues } from '../domain/policy.js';
import { type BusEnvelope, sesNotificationSchema } from '../workflow/contracts.js';
import type { Workflow } from './runtime/container.js';
import { logger } from './runtime/observability.js';
import { busEventHandler } from './runtime/sqs.js';

/**
 * What an accounting or SES event means for its case; undefined for events that change nothing. SES events
 * carry no business date, so a bounce counts on the business day it is processed (the workflow clock's
 * Berlin day, not the UTC day of the envelope's wall-clock time).
 */
function toCaseEvent(
  envelope: BusEnvelope,
  today: IsoDate,
): { invoiceId: string; event: CaseEvent } | undefined {
  if (envelope.source === 'aws.ses') {
    const notification = sesNotificationSchema.parse(envelope.detail);
    const invoiceId = notification.mail.tags.invoiceId?.[0];
    const hard = notification.eventType === 'Complaint' || notification.bounce?.bounceType === 'Permanent';
    if (!invoiceId || !hard) return undefined;
    return { invoiceId, event: { type: 'email-bounced', on: today } };
  }
  const parsed = inboundEventSchema.safeParse(envelope);
  if (!parsed.success) throw new Error(`invalid case event: ${describeIssues(parsed.error).join('; ')}`);
  const { detail } = parsed.data;
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
        invoiceId: detail.invoiceId,
        event: { type: 'invoice-cancelled', on: parsed.data.detail.effectiveOn },
      };
    case 'Dunning Block Set':
      return {
        invoiceId: detail.invoiceId,
        event: {
          type: 'hold-set',
          on: parsed.data.detail.setOn,
          reason: `dunning block: ${parsed.data.detail.reason}`,
        },
      };
    case 'Dunning Block Released':
      return {
        invoiceId: detail.invoiceId,
        event: { type: 'hold-released', on: parsed.data.detail.releasedOn },
      };
    case 'Invoice Issued':
      return undefined;
  }
}

/**
 * Payments, cancellations, dunning blocks and SES bounces change a running case. A payment seen before is
 * ignored by the case itself; a case that closes finishes its open task and resumes its execution.
 */
async function applyToCase({ service, clock }: Workflow, envelope: BusEnvelope) {
  const change = toCaseEvent(envelope, clock.businessToday());
  if (!change) return;
  try {
    await service.change(change.invoiceId, () => ({ event: change.event }));
  } catch (error) {
    // A block on a closed case or a duplicate release cannot succeed on retry: record it and move on.
    if (!(error instanceof InvalidTransitionError)) throw error;
    logger.warn('event does not apply to the case', { invoiceId: change.invoiceId, reason: error.message });
  }
}

export const handler = busEventHandler(applyToCase);
