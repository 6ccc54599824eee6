import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { closingOutcomeSchema, outboundEventSchema } from '../domain/events.js';
import * as z from '../domain/zod.js';

/** One immutable line of a case's timeline as stored (DynamoDB item without its keys). */
export const timelineRecordSchema = z.object({
  on: isoDateSchema,
  recordedAt: instantSchema,
  type: z.string(),
  summary: z.string(),
  data: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
});
export type TimelineRecord = z.infer<typeof timelineRecordSchema>;

export const warningSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('warn-base-rate-stale'), through: isoDateSchema }),
  z.object({ type: z.literal('warn-limitation-near'), limitationDate: isoDateSchema }),
]);
export type Warning = z.infer<typeof warningSchema>;

/**
 * What a committed change still has to cause outside the case item. It is written with the case in one
 * conditional put and carried out afterwards by its writer, who holds a short lease on it. Only when the
 * lease runs out (the writer died) does another reader take the outbox over, so effects happen once in
 * normal operation and at least once always.
 */
export const outboxSchema = z.object({
  version: z.int(),
  /** Engine time (epoch milliseconds) until which the writer carries the outbox out; 0 for older items. */
  leaseExpiresAtMs: z._default(z.int(), 0),
  timeline: z.array(timelineRecordSchema),
  events: z.array(outboundEventSchema),
  finishOpenTasks: z.nullable(closingOutcomeSchema),
  warnings: z.array(warningSchema),
  /** The case closed before its first execution started: its start schedule is deleted. */
  cancelStart: z._default(z.boolean(), false),
});
export type Outbox = z.infer<typeof outboxSchema>;
