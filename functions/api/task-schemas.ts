import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { caseStatusSchema } from '../domain/case.js';
import { allocationSchema, invoicePartsSchema } from '../domain/customer-call.js';
import { currencySchema } from '../domain/money.js';
import { taskKindSchema, taskOutcomeSchema } from '../domain/outcomes.js';
import * as z from '../domain/zod.js';
import { caseViewSchema, customerViewSchema, lang, timelineEntryViewSchema } from './schemas.js';

/** The callers' messages (api-calls): the queue, a task with its call, and the outcome of a call. */
const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a queue name like receivables'));

export const listTasksQuerySchema = z.object({
  queue: z.optional(slug),
  kind: z.optional(taskKindSchema),
  limit: z._default(z.coerce.number().check(z.int('must be a whole number'), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  lang,
});

export const taskIdParamsSchema = z.object({
  id: z.string().check(z.regex(/^[a-z-]+-[0-9a-f]{20}$/, 'must be a task id')),
});
/** The fields of a task summary; the task detail adds its own (see taskDetailSchema). */
const taskSummaryShape = {
  taskId: z.string(),
  kind: taskKindSchema,
  /** The policy level the task belongs to, named for people in the requested language. */
  levelName: z.string(),
  queue: z.string(),
  priority: z.int(),
  dueAt: instantSchema,
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  openCents: z.int(),
  currency: currencySchema,
  daysOverdue: z.int(),
  attempt: z.int(),
  salesRepInvolved: z.boolean(),
  claimedBy: z.nullable(z.string()),
  claimExpiresAt: z.nullable(instantSchema),
};

export const taskSummarySchema = z.object(taskSummaryShape).check(z.meta({ id: 'TaskSummary' }));

export const taskListSchema = z
  .object({ tasks: z.array(taskSummarySchema), nextCursor: z.nullable(z.string()) })
  .check(z.meta({ id: 'TaskList' }));

/** One invoice of a customer call, with what is open on it today. */
export const callInvoiceViewSchema = z.object({
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  dueDate: isoDateSchema,
  levelName: z.string(),
  status: caseStatusSchema,
  openCents: z.int(),
});

/** The customer's call: every open invoice worked in it, oldest due first, and their total. */
export const customerCallViewSchema = z
  .object({
    invoices: z.array(callInvoiceViewSchema),
    totalOpenCents: z.int(),
    currency: currencySchema,
  })
  .check(z.meta({ id: 'CustomerCall' }));

export const taskDetailSchema = z
  .object({
    // The summary's fields without its component id (extending would carry the id over to this object).
    task: z.object({
      ...taskSummaryShape,
      outcome: z.nullable(taskOutcomeSchema),
      status: z.string(),
      /** The name of the person who recorded the outcome; null while there is none or the system set it. */
      recordedBy: z.nullable(z.string()),
    }),
    case: caseViewSchema,
    customer: customerViewSchema,
    exposure: z.object({
      openCases: z.array(
        z.object({
          invoiceId: z.string(),
          invoiceNumber: z.string(),
          status: caseStatusSchema,
          openCents: z.number(),
        }),
      ),
      /** Whether the customer has more open cases than `openCases` lists (it lists the oldest due). */
      more: z.boolean(),
      /** All open cases of the customer; null while the report job has not yet counted a large customer. */
      openCaseCount: z.nullable(z.int()),
      totalOpenCents: z.nullable(z.int()),
      /** null: counted now from the complete list; else the report job's count as of this instant. */
      totalsAsOf: z.nullable(instantSchema),
    }),
    /** A customer call others joined: every invoice of it and the total; null for a call about one invoice. */
    call: z.nullable(customerCallViewSchema),
    talkingPoints: z.array(z.string()),
    timeline: z.array(timelineEntryViewSchema),
  })
  .check(z.meta({ id: 'TaskDetail' }));

export const outcomeRequestSchema = z
  .object({
    outcome: z.optional(taskOutcomeSchema).check(
      z.meta({
        description: 'The outcome; on a customer call, for the whole account (each invoice gets its part)',
      }),
    ),
    allocation: z.optional(allocationSchema).check(
      z.meta({
        description:
          'A customer call’s promise per invoice, adding up to its cents (default: the oldest invoice first)',
      }),
    ),
    parts: z.optional(invoicePartsSchema).check(
      z.meta({
        description: 'A customer call: one outcome per open invoice of the call, instead of `outcome`',
      }),
    ),
  })
  .check(
    z.superRefine((body, context) => {
      if (body.outcome === undefined && body.parts === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['outcome'],
          message: 'Required: an outcome, or parts per invoice',
        });
      }
      if (body.outcome !== undefined && body.parts !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['parts'],
          message: 'give either outcome or parts, not both',
        });
      }
      if (body.allocation !== undefined && body.parts !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['allocation'],
          message: 'allocates the outcome, not parts',
        });
      }
    }),
    z.meta({ id: 'OutcomeRequest' }),
  );

export const completionSchema = z
  .object({
    taskId: z.string(),
    status: z.literal('completed'),
    /** A customer call: what became of each invoice's part (`timed-out`: its task ended first; kept on its timeline). */
    parts: z.optional(
      z.array(z.object({ invoiceId: z.string(), status: z.enum(['completed', 'timed-out', 'conflict']) })),
    ),
  })
  .check(z.meta({ id: 'Completion' }));
