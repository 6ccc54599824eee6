import { instantSchema } from '../domain/calendar.js';
import { writeOffScopeSchema } from '../domain/case.js';
import { inputIdSchema, inputTextSchema } from '../domain/input-bounds.js';
import { toneSchema } from '../domain/letters/schema.js';
import * as z from '../domain/zod.js';
import { caseViewSchema, customerViewSchema, timelineEntryViewSchema } from './schemas.js';

/** The records' messages about a case (api-records): its detail, the supervisors' actions, its documents. */
export const caseDetailSchema = z
  .object({ case: caseViewSchema, customer: customerViewSchema, timeline: z.array(timelineEntryViewSchema) })
  .check(z.meta({ id: 'CaseDetail' }));

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
