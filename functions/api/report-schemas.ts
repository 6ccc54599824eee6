import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { inputDateSchema } from '../domain/input-bounds.js';
import * as z from '../domain/zod.js';

/** The reports' messages (api-records): the figures the report job computed. */
export const reportQuerySchema = z.object({
  from: z.optional(inputDateSchema),
  to: z.optional(inputDateSchema),
});

/** When the report job's pass that computed the figures started; null before its first pass ended. */
const computedAt = z
  .nullable(instantSchema)
  .check(
    z.meta({ description: 'The figures are as of this instant (the report job computes them periodically)' }),
  );

export const agingReportSchema = z
  .object({
    asOf: isoDateSchema,
    computedAt,
    buckets: z.array(z.object({ label: z.string(), count: z.int(), openCents: z.int() })),
  })
  .check(z.meta({ id: 'AgingReport' }));
export const reasonsReportSchema = z
  .object({
    reasons: z.array(z.object({ reason: z.string(), count: z.int() })),
    dissatisfied: z.int(),
    calls: z.int(),
    computedAt,
  })
  .check(z.meta({ id: 'ReasonsReport' }));
export const promisesReportSchema = z
  .object({
    kept: z.int(),
    broken: z.int(),
    pending: z.int(),
    keptRate: z.number(),
    computedAt,
  })
  .check(z.meta({ id: 'PromisesReport' }));
export const recoveredReportSchema = z
  .object({
    byOutcome: z.array(z.object({ outcome: z.string(), cases: z.int(), recoveredCents: z.int() })),
    recoveredCents: z.int(),
    waivedCents: z.int(),
    computedAt,
  })
  .check(z.meta({ id: 'RecoveredReport' }));
