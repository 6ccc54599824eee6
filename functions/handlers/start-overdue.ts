import * as z from '../domain/zod.js';
import { logger } from '../observability.js';
import { startOverdue } from '../workflow/steps/start-overdue.js';
import { workflowHandler } from './runtime/lambda.js';

/** What the one-time start schedule sends (start-dunning creates it with this input). */
const startOverdueInputSchema = z.object({ invoiceId: z.string().check(z.minLength(1), z.maxLength(64)) });

/** EventBridge Scheduler -> the case's first execution, when its invoice becomes overdue. */
export const handler = workflowHandler(startOverdueInputSchema, async (deps, { invoiceId }) => {
  const result = await startOverdue(deps, invoiceId);
  logger.info('start schedule fired', { invoiceId, result });
  return { invoiceId, result };
});
