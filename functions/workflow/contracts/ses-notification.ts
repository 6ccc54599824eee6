import * as z from '../../domain/zod.js';

/**
 * SES v2 sends bounce and complaint events of the configuration set to EventBridge (source aws.ses); the
 * message tags set by the mailer carry the invoice id back.
 */
export const sesNotificationSchema = z.object({
  eventType: z.enum(['Bounce', 'Complaint']),
  mail: z.object({ messageId: z.string(), tags: z.record(z.string(), z.array(z.string())) }),
  bounce: z.optional(z.object({ bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']) })),
});
