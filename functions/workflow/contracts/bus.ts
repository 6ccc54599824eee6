import * as z from '../../domain/zod.js';

/** An EventBridge event as an SQS rule target delivers it (the record body). */
export const busEnvelopeSchema = z.object({
  id: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  time: z.optional(z.string()),
  detail: z.unknown(),
});
export type BusEnvelope = z.infer<typeof busEnvelopeSchema>;
