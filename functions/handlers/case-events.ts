import { CustomerBlockRepository } from '../adapters/customer-blocks.js';
import { InvalidTransitionError } from '../domain/case.js';
import { logger } from '../observability.js';
import { bounceCombinedMail, resentByLetter } from '../workflow/bounces.js';
import type { BusEnvelope } from '../workflow/contracts/bus.js';
import { applyCustomerBlock } from '../workflow/customer-blocks.js';
import { replanOpenCalls } from '../workflow/finish-tasks.js';
import { caseChangeFor, combinedMailBounceFor, customerBlockChangeFor } from '../workflow/inbound.js';
import { busEventHandler } from './runtime/sqs.js';
import type { Workflow } from './runtime/workflow.js';
import { installCapability } from './runtime/workflow.js';

installCapability(
  'customerBlocks',
  ({ documents, config }) => new CustomerBlockRepository(documents, config.TABLE_NAME),
);

/**
 * Payments, credit notes, cancellations, disputes, dunning blocks (of an invoice or a whole customer) and SES
 * bounces change a running case (a bounced combined mail every case it listed). A payment or credit note seen before is ignored by the case itself; a case
 * that closes finishes its open task and resumes its execution; a dispute ends an open call.
 */
async function applyToCase(workflow: Workflow, envelope: BusEnvelope) {
  const { service, clock, deps } = workflow;
  const customerBlock = customerBlockChangeFor(envelope);
  if (customerBlock) {
    await applyCustomerBlock(deps, customerBlock);
    return;
  }
  const today = clock.businessToday();
  const change = caseChangeFor(envelope, today);
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
  const combinedMail = combinedMailBounceFor(envelope);
  if (combinedMail) await bounceCombinedMail(deps, combinedMail, { today, now: clock.businessNow() });
  // Also after a refusal: a redelivered dispute finds the case disputed and finishes what its first try left.
  if (change.event.type === 'dispute-raised') {
    await replanOpenCalls(deps.tasks, deps.executions, change.invoiceId, clock.businessNow());
  }
}

export const handler = busEventHandler(applyToCase);
