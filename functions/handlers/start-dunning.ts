import { CustomerBlockRepository } from '../adapters/customer-blocks.js';
import { inboundEventSchema } from '../domain/inbound-events.js';
import { describeIssues } from '../domain/policy.js';
import { logger } from '../observability.js';
import { startDunning } from '../workflow/steps/start-dunning.js';
import { busEventHandler } from './runtime/sqs.js';
import { installCapability } from './runtime/workflow.js';

installCapability(
  'customerBlocks',
  ({ documents, config }) => new CustomerBlockRepository(documents, config.TABLE_NAME),
);

/** Invoice Issued -> case opened (conditional) -> one execution named after the invoice. */
export const handler = busEventHandler(async ({ deps }, envelope) => {
  const parsed = inboundEventSchema.safeParse(envelope);
  if (!parsed.success || parsed.data['detail-type'] !== 'Invoice Issued') {
    const problems = parsed.success
      ? [`unexpected detail-type ${envelope['detail-type']}`]
      : describeIssues(parsed.error);
    logger.error('rejected invoice event', { problems });
    throw new Error(`invalid Invoice Issued event: ${problems.join('; ')}`);
  }
  const { created, execution } = await startDunning(deps, parsed.data.detail);
  logger.info('dunning started', { invoiceId: parsed.data.detail.invoiceId, created, execution });
});
