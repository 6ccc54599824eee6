import { instantSchema, isoDateSchema } from '../domain/calendar.js';
import { caseStatusSchema } from '../domain/case.js';
import { customerCaseSchema } from '../domain/customer-case.js';
import { inputIdSchema, inputTextSchema } from '../domain/input-bounds.js';
import { currencySchema, localeSchema } from '../domain/money.js';
import { taskKindSchema, taskOutcomeSchema } from '../domain/outcomes.js';
import { NAME_PREFIX_LENGTH, searchKindSchema as searchKindOf } from '../domain/search-terms.js';
import * as z from '../domain/zod.js';
import { customerViewSchema } from './schemas.js';

/**
 * The messages of the search and the customer page, one zod schema each (as in schemas.ts). No contact data
 * in the search results; the customer's phone and email follow the same rule as on a task (customerView).
 */
const searchKindSchema = searchKindOf.check(
  z.meta({
    description: 'name: customer name prefix; customer: customer number; invoice: invoice number',
  }),
);

export const SEARCH_LIMIT_MAX = 50;

export const searchQuerySchema = z.object({
  q: inputTextSchema(100, {
    min: NAME_PREFIX_LENGTH,
    minMessage: `must be at least ${NAME_PREFIX_LENGTH} characters`,
  }).check(
    z.meta({
      description:
        'A customer name prefix (case, umlauts and punctuation do not matter: "mueller" finds "Müller"), a customer number or an invoice number',
    }),
  ),
  kind: z.optional(searchKindSchema).check(
    z.meta({
      description:
        'What q is; without it the invoice number is tried first, then the customer number, then the name',
    }),
  ),
  limit: z._default(
    z.coerce.number().check(z.int('must be a whole number'), z.gte(1), z.lte(SEARCH_LIMIT_MAX)),
    20,
  ),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const searchResultSchema = z
  .object({
    /** What the results were found by; null when nothing was found. */
    kind: z.nullable(searchKindSchema),
    results: z.array(
      z.object({
        invoiceId: z.string(),
        invoiceNumber: z.string(),
        customerId: z.string(),
        customerName: z.string(),
        status: caseStatusSchema,
        dueDate: isoDateSchema,
        openCents: z.int(),
        currency: currencySchema,
      }),
    ),
    /** Opaque: pass it with the same q and kind for the next page; null on the last page. */
    nextCursor: z.nullable(z.string()),
  })
  .check(z.meta({ id: 'SearchResult' }));

export const customerIdParamsSchema = z.object({ customerId: inputIdSchema });

export const customerQuerySchema = z.object({
  lang: z
    ._default(localeSchema, 'de')
    .check(z.meta({ description: 'Language of the texts for people: level names of the contact history' })),
  closedCursor: z
    .optional(z.string().check(z.maxLength(2000)))
    .check(
      z.meta({ description: 'The `closedCases.nextCursor` of the previous answer: the next closed cases' }),
    ),
});

export const contactViewSchema = z.object({
  taskId: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  kind: taskKindSchema,
  /** The policy level named for people in the requested language. */
  levelName: z.string(),
  queue: z.string(),
  status: z.string(),
  openedAt: instantSchema,
  /** When the task ended (done, timed out, cancelled); null while it is open. */
  endedAt: z.nullable(instantSchema),
  outcome: z.nullable(taskOutcomeSchema),
  recordedBy: z.nullable(z.string()),
});

export const customerDetailSchema = z
  .object({
    customer: customerViewSchema,
    /** The oldest due open cases, at most 20 (one bounded read; `exposure.more` says whether there are more). */
    openCases: z.array(customerCaseSchema),
    exposure: z.object({
      more: z.boolean(),
      /** All open cases of the customer; null while the report job has not yet counted a large customer. */
      openCaseCount: z.nullable(z.int()),
      totalOpenCents: z.nullable(z.int()),
      /** null: counted now from the complete list; else the report job's count as of this instant. */
      totalsAsOf: z.nullable(instantSchema),
    }),
    /** A page of the closed cases, latest due first. */
    closedCases: z.object({ cases: z.array(customerCaseSchema), nextCursor: z.nullable(z.string()) }),
    /** Promises to pay of the cases listed here; `complete` is false when more cases exist than were listed. */
    promises: z.object({
      kept: z.int(),
      broken: z.int(),
      pending: z.int(),
      complete: z.boolean(),
    }),
    /** The customer's newest tasks in your queues (calls, approvals, disputes), newest first. */
    contacts: z.array(contactViewSchema),
  })
  .check(z.meta({ id: 'CustomerDetail' }));
