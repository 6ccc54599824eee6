import { instantSchema } from '../../domain/calendar.js';
import * as z from '../../domain/zod.js';
import { executionIdField, executionStartedAtField, invoiceIdField } from './fields.js';

export const installmentPhaseSchema = z.enum(['prepare', 'check', 'remind']);
export const installmentStepInputSchema = z.object({
  invoiceId: invoiceIdField,
  executionId: executionIdField,
  step: z.object({
    rateIndex: z.int().check(z.gte(0)),
    phase: installmentPhaseSchema,
    /** Whether the current rate already got its payment reminder. */
    reminded: z._default(z.boolean(), false),
  }),
  executionStartedAt: executionStartedAtField,
});
export const installmentStepSchema = z.object({
  route: z.enum(['wait', 'reminder', 'done', 'defaulted', 'continue']),
  rateIndex: z.int().check(z.gte(0)),
  phase: installmentPhaseSchema,
  reminded: z.boolean(),
  waitUntil: instantSchema,
  executionName: z.optional(z.string().check(z.maxLength(80))),
});
export type InstallmentStep = z.infer<typeof installmentStepSchema>;
