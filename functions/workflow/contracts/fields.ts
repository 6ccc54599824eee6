import { instantSchema } from '../../domain/calendar.js';
import * as z from '../../domain/zod.js';

/**
 * The fields the step inputs share. The contracts are split by step (one module per handler's input) so a
 * function builds only its own step's schemas at cold start, not every message of the state machines.
 */
export const invoiceIdField = z.string().check(z.minLength(1), z.maxLength(64));
export const executionIdField = z.string().check(z.minLength(1));

/** `$$.Execution.StartTime`: steps continue in a new execution before the one-year limit. */
export const executionStartedAtField = z.optional(instantSchema);

/** What a Catch puts into the state when the task timed out or failed. */
export const taskErrorSchema = z.object({ Error: z.string(), Cause: z.optional(z.string()) });
