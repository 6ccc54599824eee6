import { defaultPolicy } from '../../config/index.js';
import { applyEvent, type CaseEvent, type DunningCase, openCase } from '../../functions/domain/case.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import type { Policy } from '../../functions/domain/policy.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { defaultContext } from './fixtures.js';

/** Invoices, event builders and a runner shared by the case state machine's tests. */
export const context = defaultContext;
export const [, newCustomer, consumer] = demoInvoices('2026-03-31');

export function invoice(patch: Partial<InvoiceIssued> = {}): InvoiceIssued {
  if (!newCustomer) throw new Error('demo data missing');
  return {
    ...newCustomer,
    issueDate: '2026-01-15',
    dueDate: '2026-02-02',
    amount: { cents: 100_000, currency: 'EUR' },
    ...patch,
  };
}

export function run(
  events: CaseEvent[],
  start: DunningCase = openCase(invoice(), context).case,
  ctx = context,
) {
  return events.reduce<{ case: DunningCase; commands: unknown[]; timeline: unknown[] }>(
    (state, event) => {
      const next = applyEvent(state.case, event, ctx);
      return {
        case: next.case,
        commands: [...state.commands, ...next.commands],
        timeline: [...state.timeline, ...next.timeline],
      };
    },
    { case: start, commands: [], timeline: [] },
  );
}

export const reminder = (
  levelIndex: number,
  on: string,
  channel: 'email' | 'letter' = 'email',
): CaseEvent => ({
  type: 'reminder-sent',
  levelIndex,
  on,
  channel,
});
/** The print service confirms that a level's letter went to the post. */
export const posted = (levelId: string, postedOn: string, on = postedOn): CaseEvent => ({
  type: 'letter-posted',
  levelId,
  postedOn,
  on,
});
export const payment = (
  cents: number,
  on: string,
  allocation: 'statutory' | 'principal-first' = 'statutory',
): CaseEvent => ({ type: 'payment-received', paymentId: `pay-${on}-${cents}`, cents, on, allocation });

export const letterPolicy: Policy = {
  ...defaultPolicy,
  levels: defaultPolicy.levels.map((level) =>
    level.kind === 'reminder' ? { ...level, channel: 'letter', feeCents: 150 } : level,
  ),
};
