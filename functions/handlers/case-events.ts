import { type DunningCase, InvalidTransitionError, openCents } from '../domain/case.js';
import { logger } from '../observability.js';
import type { BusEnvelope } from '../workflow/contracts/bus.js';
import { applyCustomerBlock } from '../workflow/customer-blocks.js';
import { replanOpenCalls } from '../workflow/finish-tasks.js';
import { caseChangeFor, customerBlockChangeFor } from '../workflow/inbound.js';
import { outboundEvent } from '../workflow/outbound.js';
import { busEventHandler } from './runtime/sqs.js';
import type { Workflow } from './runtime/workflow.js';

/**
 * Payments, credit notes, cancellations, disputes, dunning blocks (of an invoice or a whole customer) and SES
 * bounces change a running case. A payment or credit note seen before is ignored by the case itself; a case
 * that closes finishes its open task and resumes its execution; a dispute ends an open call.
 */
async function applyToCase(workflow: Workflow, envelope: BusEnvelope) {
  const { service, clock, deps } = workflow;
  const customerBlock = customerBlockChangeFor(envelope);
  if (customerBlock) {
    await applyCustomerBlock(deps, customerBlock);
    return;
  }
  const change = caseChangeFor(envelope, clock.businessToday());
  if (!change) return;
  try {
    await service.change(change.invoiceId, (current) => ({
      event: change.event,
      publish: (changed) => resentByLetter(current, changed, clock.businessNow()),
    }));
  } catch (error) {
    // A block on a closed case or a duplicate release cannot succeed on retry: record it and move on.
    if (!(error instanceof InvalidTransitionError)) throw error;
    logger.warn('event does not apply to the case', { invoiceId: change.invoiceId, reason: error.message });
  }
  // Also after a refusal: a redelivered dispute finds the case disputed and finishes what its first try left.
  if (change.event.type === 'dispute-raised') {
    await replanOpenCalls(deps.tasks, deps.executions, change.invoiceId, clock.businessNow());
  }
}

/**
 * A bounce under the letter fallback turned the last emailed reminder into a letter: it is announced like any
 * letter level, so it is rendered, printed and posted (render-letter listens for exactly this event).
 */
function resentByLetter(before: DunningCase, after: DunningCase, now: string) {
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

export const handler = busEventHandler(applyToCase);
