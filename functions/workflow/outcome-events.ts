import type { Actor } from '../domain/actor.js';
import { compareDates, type IsoDate } from '../domain/calendar.js';
import { type CaseEvent, type DunningCase, openCents } from '../domain/case.js';
import type { TaskOutcome } from '../domain/outcomes.js';

/**
 * The case event a task outcome means, if any. One mapping for the workflow (which applies it) and the
 * caller API (which tries it on the current case first, so an outcome the case cannot take is refused with
 * a clear message instead of failing inside the execution).
 */
export function caseEventFor(
  outcome: TaskOutcome,
  dunningCase: DunningCase,
  today: IsoDate,
  by?: Actor,
): CaseEvent | undefined {
  const event = caseEventOf(outcome, dunningCase, today);
  // The person who recorded the outcome is named on the event's timeline line.
  return event && by ? { ...event, by } : event;
}

/** The events a person's outcome causes: each names who recorded it. */
type OutcomeEvent = Extract<
  CaseEvent,
  { type: 'promise-recorded' | 'installments-agreed' | 'dispute-raised' | 'dispute-resolved' }
>;

function caseEventOf(
  outcome: TaskOutcome,
  dunningCase: DunningCase,
  today: IsoDate,
): OutcomeEvent | undefined {
  switch (outcome.type) {
    case 'paid':
      // "Already paid": checked like a promise of the open amount, due on the day the customer named.
      return {
        type: 'promise-recorded',
        promisedOn: compareDates(outcome.paidOn, today) >= 0 ? outcome.paidOn : today,
        cents: Math.max(1, openCents(dunningCase)),
        on: today,
      };
    case 'promise':
      return { type: 'promise-recorded', promisedOn: outcome.promisedOn, cents: outcome.cents, on: today };
    case 'installments':
      return { type: 'installments-agreed', rates: outcome.rates, on: today };
    case 'dispute':
      return { type: 'dispute-raised', reason: outcome.disputeReason, on: today };
    case 'resolution':
      return { type: 'dispute-resolved', resolution: outcome.resolution, on: today };
    default:
      return undefined;
  }
}
