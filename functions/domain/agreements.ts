import type { IsoDate } from './calendar.js';
import type { CaseContext, DunningCase } from './case.js';

/**
 * When the customer's own commitments are checked: a promise to pay on its date plus the policy's grace,
 * an installment plan rate by rate against what was paid since the plan was agreed.
 */

/** The business day on which a promise to pay `promisedOn` is checked (kept or broken). */
export function promiseCheckOn(promisedOn: IsoDate, context: CaseContext): IsoDate {
  return context.calendar.addBusinessDays(promisedOn, context.policy.promise.graceBusinessDays);
}

/** Whether the payments since the agreement cover every rate up to and including `rateIndex`. */
export function isPaidThroughRate(plan: InstallmentPlan, paidCents: number, rateIndex: number): boolean {
  const paidSinceAgreement = paidCents - plan.paidCentsAtAgreement;
  const dueSoFar = plan.rates.slice(0, rateIndex + 1).reduce((sum, rate) => sum + rate.cents, 0);
  return paidSinceAgreement >= dueSoFar;
}

type InstallmentPlan = NonNullable<DunningCase['installmentPlan']>;

/**
 * The plan's own name among the case's plans (its agreement day), for what must differ from plan to plan: its
 * execution, the execution that continues the dunning after it defaults, and the keys of its mails. A case may
 * agree a new plan after a defaulted one, and Step Functions keeps a closed execution's name, like the mail
 * records their keys, for 90 days.
 */
export function planKey(plan: Pick<InstallmentPlan, 'agreedOn'>): string {
  return `plan-${plan.agreedOn.replaceAll('-', '')}`;
}
