import { instantSchema } from '../../domain/calendar.js';
import { taskKindSchema } from '../../domain/outcomes.js';
import * as z from '../../domain/zod.js';
import { executionIdField, executionStartedAtField, invoiceIdField } from './fields.js';

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

/** The input of the steps that carry out or check a planned step (CheckOpen, SendReminder, Handover, ...). */
export const advanceInputSchema = z.object({
  invoiceId: invoiceIdField,
  next: nextStepSchema,
  executionId: executionIdField,
  executionStartedAt: executionStartedAtField,
});
export const sendReminderInputSchema = advanceInputSchema;
export const handoverInputSchema = advanceInputSchema;
