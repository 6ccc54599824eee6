import * as z from '../../domain/zod.js';
import { executionIdField, invoiceIdField } from './fields.js';
import { nextStepSchema } from './next-step.js';

export const openTaskInputSchema = z.object({
  invoiceId: invoiceIdField,
  next: nextStepSchema,
  executionId: executionIdField,
  taskToken: z.string().check(z.minLength(1)),
});
