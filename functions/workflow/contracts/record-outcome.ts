import { taskOutcomeSchema } from '../../domain/outcomes.js';
import * as z from '../../domain/zod.js';
import { executionIdField, executionStartedAtField, invoiceIdField, taskErrorSchema } from './fields.js';
import { nextStepSchema } from './next-step.js';

/** What SendTaskSuccess carries back into the execution. */
export const taskResultSchema = z.object({
  taskId: z.string().check(z.minLength(1)),
  outcome: taskOutcomeSchema,
});
export type TaskResult = z.infer<typeof taskResultSchema>;
/** What OpenTask resumes its own token with when the task it waited for is no longer due: plan again. */
export const replanResultSchema = z.object({ replan: z.literal(true) });
export type ReplanResult = z.infer<typeof replanResultSchema>;

export const recordOutcomeInputSchema = z.object({
  invoiceId: invoiceIdField,
  next: nextStepSchema,
  executionId: executionIdField,
  result: z.union([taskResultSchema, replanResultSchema, taskErrorSchema]),
  executionStartedAt: executionStartedAtField,
});
