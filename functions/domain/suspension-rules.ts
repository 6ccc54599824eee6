import { isPaidThroughRate } from './agreements.js';
import { addDays, compareDates, type IsoDate } from './calendar.js';
import type { TransitionBuilder } from './case-builder.js';
import type { DunningCase } from './case-model.js';
import { LEGAL_REFERENCE, paymentPlacesCalendar } from './default-date.js';

/**
 * How a suspension of interest ends: a rejected dispute or a defaulted installment plan releases or drops the
 * interest held back while it lasted (see accrual.ts and TransitionBuilder.bookInterest).
 */

/**
 * § 286 (4) BGB: a dispute that turns out unfounded does not stop default (the debtor bears the risk of its own
 * error), so the interest held back for the dispute period is owed; the policy may waive it as goodwill.
 */
export function rejectDispute(builder: TransitionBuilder, on: IsoDate) {
  // The day of the rejection still belongs to the dispute period; dunning resumes on the next day.
  builder.bookInterest(on);
  const { disputes } = builder.current;
  const open = disputes.at(-1);
  if (!open) return;
  const heldBack = open.interestLines ?? [];
  const interestCents = heldBack.reduce((sum, line) => sum + line.cents, 0);
  const interest = builder.context.policy.interestDuringRejectedDispute === 'charge' ? 'charged' : 'waived';
  builder.update({
    status: 'open',
    disputes: [...disputes.slice(0, -1), { ...open, resolution: 'rejected', resolvedOn: on, interest }],
  });
  builder.note(
    on,
    'dispute-resolved',
    interest === 'charged'
      ? `dispute rejected; § 286 (4) BGB: default continued, interest of ${interestCents} cents for the dispute period charged`
      : `dispute rejected; interest of ${interestCents} cents for the dispute period waived as goodwill`,
    { resolution: 'rejected', interest, interestCents },
  );
  if (interest === 'charged') builder.bookLines(heldBack, on);
}

/**
 * A debtor not yet in default (a consumer never reminded, say) is in default on a missed rate from the day after
 * its date by the calendar (§ 286 (2) Nr. 1 BGB, moved by § 193 BGB): the first rate left unpaid sets the date.
 */
export function startDefaultWithMissedRate(
  builder: TransitionBuilder,
  plan: NonNullable<DunningCase['installmentPlan']>,
  on: IsoDate,
) {
  if (builder.current.defaultStart) return;
  const missed = plan.rates.find(
    (_rate, index) => !isPaidThroughRate(plan, builder.current.paidCents, index),
  );
  if (!missed) return;
  const places = paymentPlacesCalendar(builder.context.policy, builder.current.invoice.customer);
  const date = addDays(places.onOrNextBusinessDay(missed.dueDate), 1);
  if (compareDates(date, on) > 0) return;
  const legalReference = LEGAL_REFERENCE['calendar-date'];
  builder.update({ defaultStart: { basis: 'calendar-date', legalReference, date, interestFrom: date } });
  builder.note(on, 'default-started', `in default from ${date} (${legalReference}, missed rate)`, {
    date,
    legalReference,
  });
}
