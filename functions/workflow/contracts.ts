import { instantSchema } from '../domain/calendar.js';
import { taskKindSchema, taskOutcomeSchema } from '../domain/outcomes.js';
import { nonEmptyStringSchema } from '../domain/shared-schemas.js';
import * as z from '../domain/zod.js';

/**
 * The messages between the state machines (statemachines/*.asl.json) and the Lambda handlers, one zod
 * schema each. The execution state stays small: the invoice id and the next step; the case lives in DynamoDB.
 */
export const routeSchema = z.enum([
  'wait',
  'reminder',
  'call',
  'approval',
  'dispute',
  'handover',
  'installments',
  'continue',
  'close',
]);
export type Route = z.infer<typeof routeSchema>;

export const nextStepSchema = z.object({
  route: routeSchema,
  /** Business time of the step (what the case and the letters talk about). */
  at: instantSchema,
  /** Engine time the Wait state sleeps until: equal to `at` on AWS, scaled by the local clock. */
  waitUntil: instantSchema,
  levelIndex: z.optional(z.int().check(z.gte(0))),
  /** Call attempt at this level, 1-based: "not reached" retries the same level. */
  attempt: z._default(z.int().check(z.gte(1)), 1),
  /** Engine seconds a task may stay open before States.Timeout escalates. */
  timeoutSeconds: z.optional(z.int().check(z.gte(1))),
  taskKind: z.optional(taskKindSchema),
  /** Name for a continuation or child execution, derived deterministically so a retry cannot start two. */
  executionName: z.optional(z.string().check(z.maxLength(80))),
  /**
   * The step lies ahead: the execution waits until `waitUntil` right before it, and the step checks the case
   * itself when it runs (instead of a separate check after the Wait), re-planning if the case changed.
   */
  later: z._default(z.boolean(), false),
});
export type NextStep = z.infer<typeof nextStepSchema>;

const invoiceId = z.string().check(z.minLength(1), z.maxLength(64));
const executionId = nonEmptyStringSchema;

/** `$$.Execution.StartTime`: steps continue in a new execution before the one-year limit. */
const executionStartedAt = z.optional(instantSchema);

export const prepareInputSchema = z.object({ invoiceId, executionId, executionStartedAt });
export const advanceInputSchema = z.object({
  invoiceId,
  next: nextStepSchema,
  executionId,
  executionStartedAt,
});
export const sendReminderInputSchema = z.object({
  invoiceId,
  next: nextStepSchema,
  executionId,
  executionStartedAt,
});
export const openTaskInputSchema = z.object({
  invoiceId,
  next: nextStepSchema,
  executionId,
  taskToken: nonEmptyStringSchema,
});

/** What SendTaskSuccess carries back into the execution. */
export const taskResultSchema = z.object({
  taskId: nonEmptyStringSchema,
  outcome: taskOutcomeSchema,
});
export type TaskResult = z.infer<typeof taskResultSchema>;
/** What OpenTask resumes its own token with when the task it waited for is no longer due: plan again. */
export const replanResultSchema = z.object({ replan: z.literal(true) });
export type ReplanResult = z.infer<typeof replanResultSchema>;
/** What a Catch puts into the state when the task timed out or failed. */
export const taskErrorSchema = z.object({ Error: z.string(), Cause: z.optional(z.string()) });

export const recordOutcomeInputSchema = z.object({
  invoiceId,
  next: nextStepSchema,
  executionId,
  result: z.union([taskResultSchema, replanResultSchema, taskErrorSchema]),
  executionStartedAt,
});
export const handoverInputSchema = z.object({
  invoiceId,
  next: nextStepSchema,
  executionId,
  executionStartedAt,
});
export const closeInputSchema = z.object({ invoiceId });
export const recordFailureInputSchema = z.object({ invoiceId, error: taskErrorSchema });

export const installmentPhaseSchema = z.enum(['prepare', 'check', 'remind']);
export const installmentStepInputSchema = z.object({
  invoiceId,
  executionId,
  step: z.object({
    rateIndex: z.int().check(z.gte(0)),
    phase: installmentPhaseSchema,
    /** Whether the current rate already got its payment reminder. */
    reminded: z._default(z.boolean(), false),
  }),
  executionStartedAt,
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

/** An EventBridge event as an SQS rule target delivers it (the record body). */
export const busEnvelopeSchema = z.object({
  id: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  time: z.optional(z.string()),
  detail: z.unknown(),
});
export type BusEnvelope = z.infer<typeof busEnvelopeSchema>;

/**
 * SES v2 sends bounce and complaint events of the configuration set to EventBridge (source aws.ses); the
 * message tags set by the mailer carry the invoice id back.
 */
export const sesNotificationSchema = z.object({
  eventType: z.enum(['Bounce', 'Complaint']),
  mail: z.object({ messageId: z.string(), tags: z.record(z.string(), z.array(z.string())) }),
  bounce: z.optional(z.object({ bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']) })),
});
