import { isoDateSchema } from './calendar.js';
import { caseStatusSchema, type DunningCase, openCents } from './case.js';
import { closingOutcomeSchema } from './events.js';
import * as z from './zod.js';

/*
 * A case as the reports read it, stored beside the case on every write. Apart from ./report-figures.ts, whose
 * figures only the report job and the API build.
 */

/** What the reports need of a case; nothing that names the customer. */
export const reportCaseSchema = z.object({
  status: caseStatusSchema,
  dueDate: isoDateSchema,
  openCents: z.int(),
  paidCents: z.int(),
  closedOutcome: z.nullable(closingOutcomeSchema),
  waivedCents: z.int(),
  promisesKept: z.int(),
  promisesBroken: z.int(),
  promisesPending: z.int(),
});
export type ReportCase = z.infer<typeof reportCaseSchema>;

/** A case as the reports read it, for storage beside the case (the report indexes project these). */
export function reportCaseOf(dunningCase: DunningCase): ReportCase {
  const promises = (status: 'kept' | 'broken' | 'pending') =>
    dunningCase.promises.filter((promise) => promise.status === status).length;
  return {
    status: dunningCase.status,
    dueDate: dunningCase.invoice.dueDate,
    openCents: openCents(dunningCase),
    paidCents: dunningCase.paidCents,
    closedOutcome: dunningCase.closed?.outcome ?? null,
    waivedCents: dunningCase.closed?.waivedCents ?? 0,
    promisesKept: promises('kept'),
    promisesBroken: promises('broken'),
    promisesPending: promises('pending'),
  };
}
