import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { caseStatusSchema, holdOwnerSchema } from '../domain/case.js';
import { customerSegmentSchema } from '../domain/events.js';
import { inputIdSchema } from '../domain/input-bounds.js';
import { toneSchema } from '../domain/letters/schema.js';
import { currencySchema, localeSchema } from '../domain/money.js';
import * as z from '../domain/zod.js';

/**
 * The caller API's messages, one zod schema each: requests are validated with them, responses are built to
 * them, and GET /openapi.json is generated from them. Task tokens appear in none of them. This module holds
 * what both areas of the API answer with (a case, a customer, a timeline); each area's own messages are in
 * task-schemas.ts, case-schemas.ts, report-schemas.ts, customer-schemas.ts and print-schemas.ts, so a Lambda
 * builds only its own routes' schemas at cold start.
 */
export const lang = z
  ._default(localeSchema, 'de')
  .check(z.meta({ description: 'Language of the texts for people: level names, talking points, timeline' }));

export const languageQuerySchema = z.object({ lang });

export const invoiceIdParamsSchema = z.object({ invoiceId: inputIdSchema });

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
