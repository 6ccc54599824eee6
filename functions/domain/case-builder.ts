import { addDays, compareDates, type IsoDate, laterOf } from './calendar.js';
import {
  type CaseCommand,
  type CaseContext,
  type Charge,
  type DunningCase,
  isTerminal,
  type TimelineEntry,
  type Transition,
} from './case-model.js';
import type { ClosingOutcome, InvoiceIssued } from './events.js';
import { lumpSumCents } from './fees.js';
import { computeInterest, type InterestLine } from './interest.js';

export const defaultInputOf = (invoice: InvoiceIssued) => ({
  ...invoice,
  consumer: invoice.customer.consumer,
});

/** Interest not yet booked, from the day after the last booking through `through` (§ 187 (1), § 289 BGB). */
export function pendingInterest(dunningCase: DunningCase, through: IsoDate, context: CaseContext) {
  const { defaultStart } = dunningCase;
  // § 286 (4) BGB: no default while a dispute is open. An agreed installment plan defers (stundet) the claim,
  // so no default interest runs while it is kept either; interest up to the agreement is booked into the plan.
  // A hold on top of either changes nothing about that (what the case resumes as is its legal situation).
  const legally = dunningCase.hold?.resumeAs ?? dunningCase.status;
  const suspended = legally === 'disputed' || legally === 'installments';
  if (!context.policy.interest.claim || !defaultStart || suspended || isTerminal(dunningCase.status)) {
    return { cents: 0, lines: [] as InterestLine[], baseRateStale: false };
  }
  const from = dunningCase.interestBookedThrough
    ? laterOf(addDays(dunningCase.interestBookedThrough, 1), defaultStart.interestFrom)
    : defaultStart.interestFrom;
  return computeInterest({
    principalCents: dunningCase.balance.principalCents,
    from,
    through,
    consumer: dunningCase.invoice.customer.consumer,
    dayCount: context.policy.interest.dayCount,
    table: context.baseRates,
  });
}

/** What a transition accumulates while it applies one event: the changed case, its commands and timeline. */
export class TransitionBuilder {
  readonly commands: CaseCommand[] = [];
  readonly timeline: TimelineEntry[] = [];
  constructor(
    public current: DunningCase,
    readonly context: CaseContext,
  ) {}

  note(on: IsoDate, type: TimelineEntry['type'], summary: string, data?: TimelineEntry['data']) {
    this.timeline.push(data ? { on, type, summary, data } : { on, type, summary });
  }

  update(patch: Partial<DunningCase>) {
    this.current = { ...this.current, ...patch };
  }

  /** Books interest through `through` into the interest bucket; raises the stale-table warning once. */
  bookInterest(through: IsoDate) {
    const result = pendingInterest(this.current, through, this.context);
    const bookedThrough =
      this.current.interestBookedThrough && compareDates(this.current.interestBookedThrough, through) > 0
        ? this.current.interestBookedThrough
        : through;
    this.update({ interestBookedThrough: bookedThrough });
    if (result.cents === 0 && result.lines.length === 0) return;
    this.update({
      balance: { ...this.current.balance, interestCents: this.current.balance.interestCents + result.cents },
      interestLines: [...this.current.interestLines, ...result.lines],
    });
    this.note(
      through,
      'interest-booked',
      `default interest of ${result.cents} cents booked through ${through}`,
      {
        cents: result.cents,
      },
    );
    if (result.baseRateStale && !this.current.flags.baseRateStale) {
      this.update({ flags: { ...this.current.flags, baseRateStale: true } });
      this.commands.push({ type: 'warn-base-rate-stale', through });
    }
  }

  recordPayment(payment: { paymentId: string; on: IsoDate; cents: number }) {
    this.update({
      paidCents: this.current.paidCents + payment.cents,
      payments: [
        ...this.current.payments,
        { paymentId: payment.paymentId, receivedOn: payment.on, cents: payment.cents },
      ],
    });
  }

  charge(charge: Charge) {
    if (charge.cents <= 0) return;
    this.update({
      charges: [...this.current.charges, charge],
      balance: { ...this.current.balance, costsCents: this.current.balance.costsCents + charge.cents },
    });
    this.note(charge.on, 'charge-added', `${charge.kind} of ${charge.cents} cents`, {
      kind: charge.kind,
      cents: charge.cents,
    });
  }

  /** § 288 (5) BGB: a business debtor owes the lump sum once, as soon as it is in default. */
  chargeLumpSumIfInDefault(on: IsoDate) {
    const { defaultStart, invoice, charges } = this.current;
    const inDefault = defaultStart !== null && compareDates(defaultStart.date, on) <= 0;
    const alreadyCharged = charges.some((charge) => charge.kind === 'lump-sum');
    const cents = lumpSumCents(
      { consumer: invoice.customer.consumer, inDefault, alreadyCharged },
      this.context.policy,
    );
    if (cents > 0) this.charge({ kind: 'lump-sum', cents, on });
  }

  close(outcome: ClosingOutcome, on: IsoDate, waivedCents = 0) {
    const pending = this.current.promises.at(-1);
    if (outcome === 'paid' && pending?.status === 'pending') {
      // Settled before its check came: the promise was kept (reports count it), the check will never run.
      this.update({ promises: [...this.current.promises.slice(0, -1), { ...pending, status: 'kept' }] });
      this.note(on, 'promise-checked', 'promise kept', { kept: true });
    }
    const recoveredCents = this.current.paidCents;
    this.update({ status: outcome, closed: { outcome, on, waivedCents }, hold: null });
    this.note(on, 'case-closed', `case closed: ${outcome}`, { outcome, recoveredCents, waivedCents });
    this.commands.push({ type: 'finish-open-tasks', outcome });
    this.commands.push({ type: 'publish-closed', outcome, recoveredCents, waivedCents });
  }

  closeIfSettled(on: IsoDate) {
    const { principalCents, interestCents, costsCents } = this.current.balance;
    if (principalCents > 0) return;
    if (interestCents + costsCents === 0) this.close('paid', on);
    else if (this.context.policy.closeWhenPrincipalPaid) this.close('paid', on, interestCents + costsCents);
  }

  result(): Transition {
    return {
      case: { ...this.current, version: this.current.version + 1 },
      commands: this.commands,
      timeline: this.timeline,
    };
  }
}
