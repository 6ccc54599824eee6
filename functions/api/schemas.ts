import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { caseStatusSchema, holdOwnerSchema, writeOffScopeSchema } from '../domain/case.js';
import { allocationSchema, invoicePartsSchema } from '../domain/customer-call.js';
import { customerSegmentSchema } from '../domain/events.js';
import { inputDateSchema, inputIdSchema, inputTextSchema } from '../domain/input-bounds.js';
import { toneSchema } from '../domain/letters/index.js';
import { currencySchema, localeSchema } from '../domain/money.js';
import { taskKindSchema, taskOutcomeSchema } from '../domain/outcomes.js';
import * as z from '../domain/zod.js';

/**
 * The caller API's messages, one zod schema each: requests are validated with them, responses are built to
 * them, and GET /openapi.json is generated from them. Task tokens appear in none of them.
 */
const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a queue name like receivables'));

const lang = z
  ._default(localeSchema, 'de')
  .check(z.meta({ description: 'Language of the texts for people: level names, talking points, timeline' }));

export const listTasksQuerySchema = z.object({
  queue: z.optional(slug),
  kind: z.optional(taskKindSchema),
  limit: z._default(z.coerce.number().check(z.int('must be a whole number'), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  lang,
});

export const languageQuerySchema = z.object({ lang });

export const taskIdParamsSchema = z.object({
  id: z.string().check(z.regex(/^[a-z-]+-[0-9a-f]{20}$/, 'must be a task id')),
});
export const invoiceIdParamsSchema = z.object({ invoiceId: inputIdSchema });

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

const moneyView = z.object({ cents: z.int(), currency: currencySchema });

export const caseViewSchema = z
  .object({
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    orderNumber: z.nullable(z.string()),
    status: caseStatusSchema,
    issueDate: isoDateSchema,
    dueDate: isoDateSchema,
    levelsDone: z.array(
      z.object({
        levelId: z.string(),
        /** The level named for people in the requested language, as `levelName` of a task. */
        levelName: z.string(),
        kind: z.string(),
        on: isoDateSchema,
      }),
    ),
    nextLevel: z.nullable(z.string()),
    /** `nextLevel` named for people in the requested language (German where no language is asked for). */
    nextLevelName: z.nullable(z.string()),
    defaultStart: z.nullable(
      z.object({ date: isoDateSchema, interestFrom: isoDateSchema, legalReference: z.string() }),
    ),
    amounts: z.object({
      original: moneyView,
      principalOpen: moneyView,
      interestToDate: moneyView,
      costsOpen: moneyView,
      paid: moneyView,
      /** What credit notes took off the principal (the invoice amount less this is the claim). */
      credited: moneyView,
      totalOpen: moneyView,
    }),
    interestLines: z.array(
      z.object({
        from: isoDateSchema,
        through: isoDateSchema,
        ratePercent: z.string(),
        cents: z.int(),
      }),
    ),
    promises: z.array(
      z.object({
        promisedOn: isoDateSchema,
        cents: z.int(),
        status: z.enum(['pending', 'kept', 'broken']),
      }),
    ),
    hold: z.nullable(
      z.object({
        since: isoDateSchema,
        reason: z.string(),
        /** Each hold ends only with its owner's release: the ERP's dunning block, a supervisor's hold. */
        holders: z.array(
          z.object({
            owner: holdOwnerSchema,
            since: isoDateSchema,
            reason: z.string(),
            /** The name of the supervisor who set the hold; null for the ERP's block and older holds. */
            by: z.nullable(z.string()),
          }),
        ),
      }),
    ),
    /** The tone of the case's letters; `toneOverride` when a person set it for this case, else null. */
    tone: toneSchema,
    toneOverride: z.nullable(toneSchema),
    flags: z.object({
      baseRateStale: z.boolean(),
      limitationNear: z.boolean(),
      emailUndeliverable: z.boolean(),
    }),
  })
  .check(z.meta({ id: 'Case' }));

export const customerViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    contactName: z.nullable(z.string()),
    /** Callers need the number to dial; the email address is shown to supervisors only. */
    phone: z.nullable(z.string()),
    email: z.nullable(z.string()),
    segment: customerSegmentSchema,
    consumer: z.boolean(),
    creditRating: z.nullable(z.int()),
    salesRep: z.nullable(z.string()),
  })
  .check(z.meta({ id: 'Customer' }));

export const timelineEntryViewSchema = z.object({
  on: isoDateSchema,
  recordedAt: instantSchema,
  type: z.string(),
  summary: z.string(),
  /** The name of the person who did it (the summary names them too); null for what the system did. */
  by: z.nullable(z.string()),
});

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

export const caseDetailSchema = z
  .object({ case: caseViewSchema, customer: customerViewSchema, timeline: z.array(timelineEntryViewSchema) })
  .check(z.meta({ id: 'CaseDetail' }));

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
const reason = inputTextSchema(500, { min: 3, minMessage: 'must say why' });

export const holdRequestSchema = z.object({ reason }).check(z.meta({ id: 'HoldRequest' }));

export const disputeRequestSchema = z
  .object({
    reason: inputTextSchema(2000, { min: 3, minMessage: 'must say why', multiline: true }),
    note: z.optional(inputTextSchema(2000, { min: 0, multiline: true })),
  })
  .check(z.meta({ id: 'DisputeRequest' }));

export const writeOffRequestSchema = z
  .object({
    scope: writeOffScopeSchema.check(
      z.meta({
        description:
          '`all`: the whole claim of a case nothing was paid on; `rest`: what is left after partial payments or rates',
      }),
    ),
    reason,
  })
  .check(z.meta({ id: 'WriteOffRequest' }));

export const toneRequestSchema = z
  .object({
    tone: z
      .nullable(toneSchema)
      .check(z.meta({ description: "The case's letter tone; null returns to the segment's" })),
    reason,
  })
  .check(z.meta({ id: 'ToneRequest' }));

export const reportQuerySchema = z.object({
  from: z.optional(inputDateSchema),
  to: z.optional(inputDateSchema),
});

/** When the report job's pass that computed the figures started; null before its first pass ended. */
const computedAt = z
  .nullable(instantSchema)
  .check(
    z.meta({ description: 'The figures are as of this instant (the report job computes them periodically)' }),
  );

export const agingReportSchema = z
  .object({
    asOf: isoDateSchema,
    computedAt,
    buckets: z.array(z.object({ label: z.string(), count: z.int(), openCents: z.int() })),
  })
  .check(z.meta({ id: 'AgingReport' }));
export const reasonsReportSchema = z
  .object({
    reasons: z.array(z.object({ reason: z.string(), count: z.int() })),
    dissatisfied: z.int(),
    calls: z.int(),
    computedAt,
  })
  .check(z.meta({ id: 'ReasonsReport' }));
export const promisesReportSchema = z
  .object({
    kept: z.int(),
    broken: z.int(),
    pending: z.int(),
    keptRate: z.number(),
    computedAt,
  })
  .check(z.meta({ id: 'PromisesReport' }));
export const recoveredReportSchema = z
  .object({
    byOutcome: z.array(z.object({ outcome: z.string(), cases: z.int(), recoveredCents: z.int() })),
    recoveredCents: z.int(),
    waivedCents: z.int(),
    computedAt,
  })
  .check(z.meta({ id: 'RecoveredReport' }));

/** RFC 9457 problem details; `errors` names every field that broke the contract. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  })
  .check(z.meta({ id: 'Problem' }));
export type Problem = z.infer<typeof problemSchema>;

/** A document of a case: `letter-<levelId>` for a posted letter (later kinds get prefixes of their own). */
export const documentIdSchema = z
  .string()
  .check(z.regex(/^letter-[a-z0-9][a-z0-9-]{0,39}$/, 'must be a document id like letter-final'));

export const documentParamsSchema = z.object({ invoiceId: inputIdSchema, documentId: documentIdSchema });

export const caseDocumentSchema = z
  .object({
    documentId: z.string(),
    /** What it is; later kinds (the Inkasso case file) join this list. */
    kind: z.enum(['letter']),
    levelId: z.string(),
    levelName: z.string(),
    createdAt: instantSchema,
    pages: z.int().check(z.gte(0)),
    /** Where it is on its way to the customer: rendered; a print batch will mark it posted. */
    status: z.enum(['rendered']),
    /** The API path that answers 303 to a fresh download link (for clients with a bearer token). */
    href: z.string(),
    /** A download link that works without a token until `expiresAt` (a presigned S3 GET). */
    downloadUrl: z.url(),
    expiresAt: instantSchema,
  })
  .check(z.meta({ id: 'CaseDocument' }));

export const caseDocumentsSchema = z
  .object({ invoiceId: z.string(), documents: z.array(caseDocumentSchema) })
  .check(z.meta({ id: 'CaseDocuments' }));

/** The 303 answer of a document route: where the document can be downloaded for a few minutes. */
export const documentRedirectSchema = z
  .object({ location: z.url(), expiresAt: instantSchema })
  .check(z.meta({ id: 'DocumentRedirect' }));
