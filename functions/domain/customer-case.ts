import { isoDateSchema } from './calendar.js';
import { caseStatusSchema } from './case.js';
import * as z from './zod.js';

/**
 * A case on its customer's page, as the byCustomer index holds it: its number and figures, no customer data.
 * The customer repository reads it and the API answers with it.
 */
export const customerCaseSchema = z.object({
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  status: caseStatusSchema,
  dueDate: isoDateSchema,
  openCents: z.int(),
  paidCents: z.int(),
  /** How a closed case ended (paid, cancelled, handed-over, ...); null while open. */
  closedOutcome: z.nullable(z.string()),
  promisesKept: z.int(),
  promisesBroken: z.int(),
  promisesPending: z.int(),
});
export type CustomerCase = z.infer<typeof customerCaseSchema>;
