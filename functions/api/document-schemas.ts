import * as z from 'zod';
import { instantSchema } from '../domain/calendar.js';
import { inputIdSchema } from '../domain/input-bounds.js';

/** A document of a case: `letter-<levelId>` for a posted letter (later kinds get prefixes of their own). */
export const documentIdSchema = z
  .string()
  .regex(/^letter-[a-z0-9][a-z0-9-]{0,39}$/, 'must be a document id like letter-final');

export const documentParamsSchema = z.object({ invoiceId: inputIdSchema, documentId: documentIdSchema });

export const caseDocumentSchema = z
  .object({
    documentId: z.string(),
    /** What it is; later kinds (the Inkasso case file) join this list. */
    kind: z.enum(['letter']),
    levelId: z.string(),
    levelName: z.string(),
    createdAt: instantSchema,
    pages: z.number().int().min(0),
    /** Where it is on its way to the customer: rendered; a print batch will mark it posted. */
    status: z.enum(['rendered']),
    /** The API path that answers 303 to a fresh download link (for clients with a bearer token). */
    href: z.string(),
    /** A download link that works without a token until `expiresAt` (a presigned S3 GET). */
    downloadUrl: z.url(),
    expiresAt: instantSchema,
  })
  .meta({ id: 'CaseDocument' });

export const caseDocumentsSchema = z
  .object({ invoiceId: z.string(), documents: z.array(caseDocumentSchema) })
  .meta({ id: 'CaseDocuments' });

/** The 303 answer of a document route: where the document can be downloaded for a few minutes. */
export const documentRedirectSchema = z
  .object({ location: z.url(), expiresAt: instantSchema })
  .meta({ id: 'DocumentRedirect' });
