import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { defaultPolicy } from '../../config/index.js';
import { CUSTOMER_SHARDS } from '../adapters/case-keys.js';
import { dynamoDocumentClient } from '../adapters/clients.js';
import { ReportRepository } from '../adapters/report-repository.js';
import * as z from '../domain/zod.js';
import { logger } from '../observability.js';
import { computeReports } from '../workflow/reports/compute-reports.js';
import { clockFrom } from './runtime/clock-config.js';
import { parseConfig } from './runtime/config.js';
import { observed, parseEvent } from './runtime/middlewares.js';

/** A scheduled run (EventBridge Scheduler) may say how much to read; defaults keep a run short. */
const reportRunSchema = z.object({
  pageSize: z._default(z.int().check(z.gte(1), z.lte(1000)), 500),
  pages: z._default(z.int().check(z.gte(1), z.lte(10_000)), 100),
});

// Only what the report pass reads: not the whole workflow (case service, Step Functions, EventBridge and
// Scheduler clients), which the job never calls and its cold start would load for nothing.
const config = parseConfig(process.env);
const reports = new ReportRepository(dynamoDocumentClient(), config.TABLE_NAME);
const clock = clockFrom(config);

/** The report job: one bounded run of the pass that computes the report snapshot (see computeReports). */
export const handler = middy<z.output<typeof reportRunSchema>, unknown, Error, Context>()
  .use(observed())
  .use(parseEvent(reportRunSchema))
  .handler(async (options) => {
    const result = await computeReports(
      {
        ports: reports,
        shards: CUSTOMER_SHARDS,
        queues: Object.keys(defaultPolicy.queueAccess),
        now: () => clock.businessNow(),
      },
      options,
    );
    logger.info('report job run', result);
    return result;
  });
