import { describeIssues } from '../domain/policy.js';
import { logger } from '../observability.js';
import { executionStatusChangeSchema, restartCauseOf } from '../workflow/reconcile/execution-status.js';
import { reconcileCase } from '../workflow/reconcile/reconcile-case.js';
import { busEventHandler } from './runtime/sqs.js';

/** An execution failed, timed out or was aborted: its case, if still open, gets a fresh execution. */
export const handler = busEventHandler(async ({ deps }, envelope) => {
  const parsed = executionStatusChangeSchema.safeParse(envelope.detail);
  if (!parsed.success) {
    throw new Error(`invalid execution status change: ${describeIssues(parsed.error).join('; ')}`);
  }
  const { input, status } = parsed.data;
  const result = await reconcileCase(deps, input.invoiceId, { cause: restartCauseOf[status] });
  logger.info('execution ended without finishing', { invoiceId: input.invoiceId, status, result });
});
