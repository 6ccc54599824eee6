import { OpenCaseSweep } from '../adapters/case-sweep.js';
import { holidayTableYearsLeft } from '../domain/calendar.js';
import * as z from '../domain/zod.js';
import { HOLIDAY_TABLE_YEARS_LEFT, logger, MetricUnit, metrics } from '../observability.js';
import { sweepOpenCases } from '../workflow/reconcile/sweep.js';
import { workflowHandler } from './runtime/lambda.js';
import { installCapability, workflowInstance } from './runtime/workflow.js';

// Only the sweep pages through the open cases.
installCapability('openCases', ({ documents, config }) => new OpenCaseSweep(documents, config.TABLE_NAME));

/** A scheduled run (EventBridge Scheduler) may say how much to read; defaults keep a run short. */
const sweepInputSchema = z.object({
  pageSize: z._default(z.int().check(z.gte(1), z.lte(500)), 100),
  pages: z._default(z.int().check(z.gte(1), z.lte(100)), 20),
});

/**
 * The periodic sweep: restarts every open case that no execution works (bounded reads per run). It runs every
 * few minutes all year, so it also reports how many years the generated holiday table still covers.
 */
export const handler = workflowHandler(sweepInputSchema, async (deps, options) => {
  const yearsLeft = holidayTableYearsLeft(workflowInstance().clock.businessToday());
  metrics.addMetric(HOLIDAY_TABLE_YEARS_LEFT, MetricUnit.Count, yearsLeft);
  const result = await sweepOpenCases(deps, options);
  logger.info('sweep of open cases', result);
  return result;
});
