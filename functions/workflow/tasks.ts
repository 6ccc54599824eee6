import { createHash } from 'node:crypto';
import { z } from 'zod';
import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { currencySchema } from '../domain/money.js';
import { taskKindSchema, taskOutcomeSchema } from '../domain/outcomes.js';

/**
 * A task for a person: a collection call, a handover approval or a dispute resolution. The task token
 * resumes the waiting execution; it is a secret of the backend and never part of an API response or log.
 */
export const taskStatusSchema = z.enum(['open', 'done', 'timed-out', 'cancelled']);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const taskSchema = z.object({
  taskId: z.string().min(1),
  kind: taskKindSchema,
  status: taskStatusSchema,
  queue: z.string().min(1),
  priority: z.number().int().min(0),
  /** Business time by which the task should be done (its SLA). */
  dueAt: instantSchema,
  invoiceId: z.string().min(1),
  invoiceNumber: z.string().min(1),
  invoiceDueDate: isoDateSchema,
  customerId: z.string().min(1),
  customerName: z.string().min(1),
  openCents: z.number().int().min(0),
  currency: currencySchema,
  levelId: z.string().min(1),
  attempt: z.number().int().min(1),
  salesRepInvolved: z.boolean(),
  executionId: z.string().min(1),
  /** The waiting execution's token; null for tasks no execution waits for (data corrections). */
  taskToken: z.string().min(1).nullable(),
  claimedBy: z.string().nullable(),
  claimExpiresAt: instantSchema.nullable(),
  outcome: taskOutcomeSchema.nullable(),
  /** Set once SendTaskSuccess went through, so a repeated request does not resume the execution again. */
  resumedAt: instantSchema.nullable().default(null),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type Task = z.infer<typeof taskSchema>;

/**
 * The same execution, level, attempt, kind and opening instant always give the same task id: a retried step
 * (same state input) updates its task. `openedAt` (the `at` of the step that opens the task) tells apart a
 * later opening of the same level and attempt, e.g. the call after a rejected dispute, which must not find
 * and replay the outcome of the earlier task.
 */
export function taskIdFor(
  executionId: string,
  kind: Task['kind'],
  levelIndex: number,
  attempt: number,
  openedAt?: string,
): string {
  const opening = openedAt === undefined ? '' : `|${openedAt}`;
  const digest = createHash('sha256')
    .update(`${executionId}|${kind}|${levelIndex}|${attempt}${opening}`)
    .digest('hex');
  return `${kind}-${digest.slice(0, 20)}`;
}

/** How every task starts: open, unclaimed, without an outcome. */
export function unworkedTask(now: string) {
  return {
    status: 'open',
    claimedBy: null,
    claimExpiresAt: null,
    outcome: null,
    resumedAt: null,
    createdAt: now,
    updatedAt: now,
  } as const satisfies Partial<Task>;
}
