// Before any schema is built (see the module).
import './runtime/zod-jitless.js';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { CUSTOMER_SHARDS } from '../adapters/case-keys.js';
import { ALL_CASE_STATUSES, OPEN_CASE_STATUSES } from '../domain/case-statuses.js';
import { logger } from '../observability.js';
import { computeReports } from '../workflow/reports/compute-reports.js';
import { workflowInstance } from './runtime/container.js';
import { observed, parseEvent } from './runtime/middlewares.js';

/** A scheduled run (EventBridge Scheduler) may say how much to read; defaults keep a run short. */
const reportRunSchema = z.object({
  pageSize: z.number().int().min(1).max(1000).default(500),
  pages: z.number().int().min(1).max(10_000).default(100),
});

const { reports, clock, service } = workflowInstance();

/** The report job: one bounded run of the pass that computes the report snapshot (see computeReports). */
export const handler = middy<z.output<typeof reportRunSchema>, unknown, Error, Context>()
  .use(observed())
  .use(parseEvent(reportRunSchema))
  .handler(async (options) => {
    const result = await computeReports(
      {
        ports: reports,
        shards: CUSTOMER_SHARDS,
        closedStatuses: ALL_CASE_STATUSES.filter((status) => !OPEN_CASE_STATUSES.includes(status)),
        queues: Object.keys(service.context.policy.queueAccess),
        now: () => clock.businessNow(),
      },
      options,
    );
    logger.info('report job run', result);
    return result;
  });
