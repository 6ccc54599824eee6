import * as z from '../../domain/zod.js';
import { invoiceIdField, taskErrorSchema } from './fields.js';

export const closeInputSchema = z.object({ invoiceId: invoiceIdField });
export const recordFailureInputSchema = z.object({ invoiceId: invoiceIdField, error: taskErrorSchema });
