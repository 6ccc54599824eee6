import * as z from 'zod';
import { logger } from '../observability.js';
import { sweepOpenCases } from '../workflow/reconcile/sweep.js';
import { workflowHandler } from './runtime/lambda.js';

/** A scheduled run (EventBridge Scheduler) may say how much to read; defaults keep a run short. */
const sweepInputSchema = z.object({
  pageSize: z.number().int().min(1).max(500).default(100),
  pages: z.number().int().min(1).max(100).default(20),
});

/** The periodic sweep: restarts every open case that no execution works (bounded reads per run). */
export const handler = workflowHandler(sweepInputSchema, async (deps, options) => {
  const result = await sweepOpenCases(deps, options);
  logger.info('sweep of open cases', result);
  return result;
});
