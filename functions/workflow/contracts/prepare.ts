import * as z from '../../domain/zod.js';
import { executionIdField, executionStartedAtField, invoiceIdField } from './fields.js';

export const prepareInputSchema = z.object({
  invoiceId: invoiceIdField,
  executionId: executionIdField,
  executionStartedAt: executionStartedAtField,
});
