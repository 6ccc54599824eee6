// Before any schema is built (see the module).
import './runtime/zod-jitless.js';
import { InvalidTransitionError } from '../domain/case.js';
import { logger } from '../observability.js';
import type { BusEnvelope } from '../workflow/contracts.js';
import { caseChangeFor } from '../workflow/inbound.js';
import type { Workflow } from './runtime/container.js';
import { busEventHandler } from './runtime/sqs.js';

/**
 * Payments, cancellations, dunning blocks and SES bounces change a running case. A payment seen before is
 * ignored by the case itself; a case that closes finishes its open task and resumes its execution.
 */
async function applyToCase({ service, clock }: Workflow, envelope: BusEnvelope) {
  const change = caseChangeFor(envelope, clock.businessToday());
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
