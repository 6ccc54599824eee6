import { addDays, type BusinessCalendar, compareDates, type IsoDate, laterOf } from './calendar.js';
import { type CaseContext, type DunningCase, isTerminal } from './case-model.js';
import { paymentPlacesCalendar } from './default-date.js';
import { computeInterest, type InterestResult } from './interest.js';

/**
 * Which default interest runs on a case, day by day, and what holds it back. Booking it is case-builder.ts's
 * job; this module only says how much accrued and on which principal.
 */
const NO_INTEREST: InterestResult = { cents: 0, lines: [], baseRateStale: false };

type InstallmentPlan = NonNullable<DunningCase['installmentPlan']>;

/**
 * Why interest that runs is not charged yet: an open dispute (§ 286 (4) BGB: no default if it turns out
 * justified) or an installment plan being kept (Stundung). The legal situation decides, not a hold on top.
 */
export type Suspension = 'dispute' | 'plan';

export function suspensionOf(dunningCase: DunningCase): Suspension | undefined {
  const legally = dunningCase.hold?.resumeAs ?? dunningCase.status;
  if (legally === 'disputed') return 'dispute';
  return legally === 'installments' ? 'plan' : undefined;
}

/**
 * Default interest from the day after the last booking through `through` (§ 187 (1) BGB), on the open
 * principal only (§ 289 BGB), whether or not a suspension holds it back. Before an installment plan the
 * default date decides when it starts; from the agreement on the plan's own rate dates do (see planSegments).
 */
export function accruedInterest(
  dunningCase: DunningCase,
  through: IsoDate,
  context: CaseContext,
): InterestResult {
  const { defaultStart, installmentPlan: plan, interestBookedThrough: booked } = dunningCase;
  if (!context.policy.interest.claim || isTerminal(dunningCase.status)) return NO_INTEREST;
  const principalCents = dunningCase.balance.principalCents;
  let segments: Segment[];
  if (plan) {
    const from = addDays(laterOf(booked ?? plan.agreedOn, plan.agreedOn), 1);
    // § 193 BGB at both places of performance moves a rate's date (see paymentPlacesCalendar).
    const places = paymentPlacesCalendar(context.policy, dunningCase.invoice.customer);
    segments = planSegments(plan, principalCents, from, through, places);
  } else if (defaultStart) {
    const from = booked ? laterOf(addDays(booked, 1), defaultStart.interestFrom) : defaultStart.interestFrom;
    segments = [{ from, through, principalCents }];
  } else {
    return NO_INTEREST;
  }
  const results = segments.map((segment) =>
    computeInterest({
      ...segment,
      consumer: dunningCase.invoice.customer.consumer,
      dayCount: context.policy.interest.dayCount,
      table: context.baseRates,
    }),
  );
  return {
    cents: results.reduce((sum, result) => sum + result.cents, 0),
    lines: results.flatMap((result) => result.lines),
    baseRateStale: results.some((result) => result.baseRateStale),
  };
}

interface Segment {
  from: IsoDate;
  /** Inclusive. */
  through: IsoDate;
  principalCents: number;
}

/**
 * An agreed plan defers the claim (Stundung) and gives each rate a date by the calendar, so each rate is in
 * default from the day after that date (§ 286 (2) Nr. 1 BGB, moved to the next working day by § 193 BGB) and
 * the rest only once it falls due. Interest therefore runs on the open principal less the rates not yet due,
 * which count as principal first, so it never runs on an amount not yet due. An acceleration clause
 * (Verfallklausel) makes the whole remainder due from the day after the plan defaulted.
 */
function planSegments(
  plan: InstallmentPlan,
  principalCents: number,
  from: IsoDate,
  through: IsoDate,
  calendar: BusinessCalendar,
): Segment[] {
  const rates = plan.rates.map((rate) => ({
    inDefaultFrom: addDays(calendar.onOrNextBusinessDay(rate.dueDate), 1),
    cents: rate.cents,
  }));
  const acceleratedFrom =
    plan.accelerationClause && plan.defaultedOn ? addDays(plan.defaultedOn, 1) : undefined;
  const notYetDueOn = (day: IsoDate) =>
    acceleratedFrom && compareDates(day, acceleratedFrom) >= 0
      ? 0
      : rates
          .filter((rate) => compareDates(rate.inDefaultFrom, day) > 0)
          .reduce((sum, rate) => sum + rate.cents, 0);
  const changes = [...rates.map((rate) => rate.inDefaultFrom), ...(acceleratedFrom ? [acceleratedFrom] : [])]
    .filter((day) => compareDates(day, from) > 0 && compareDates(day, through) <= 0)
    .sort(compareDates);
  const starts = [...new Set([from, ...changes])];
  const segments: Segment[] = [];
  starts.forEach((start, index) => {
    const next = starts[index + 1];
    const segment = {
      from: start,
      through: next ? addDays(next, -1) : through,
      principalCents: Math.max(0, principalCents - notYetDueOn(start)),
    };
    const previous = segments.at(-1);
    // One period per principal: a day on which nothing changes (a rate already overtaken) splits nothing.
    if (previous?.principalCents === segment.principalCents) previous.through = segment.through;
    else segments.push(segment);
  });
  return segments;
}
