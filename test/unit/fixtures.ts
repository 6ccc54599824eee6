import { baseRateTable, defaultPolicy } from '../../config/index.js';
import { businessCalendar } from '../../functions/domain/calendar.js';
import {
  applyEvent,
  type CaseContext,
  type CaseEvent,
  type DunningCase,
  openCase,
} from '../../functions/domain/case.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';

/** The shipped policy and base rates on the calendar of Nordrhein-Westfalen, as most unit tests need them. */
export const defaultContext: CaseContext = {
  policy: defaultPolicy,
  baseRates: baseRateTable,
  calendar: businessCalendar('NW'),
};

/** The case of `invoice` after the domain events, applied in order. */
export function caseAfter(
  invoice: InvoiceIssued,
  events: readonly CaseEvent[],
  context = defaultContext,
): DunningCase {
  return events.reduce(
    (current, event) => applyEvent(current, event, context).case,
    openCase(invoice, context).case,
  );
}
