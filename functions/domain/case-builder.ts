import { accruedInterest, suspensionOf } from './accrual.js';
import { compareDates, type IsoDate } from './calendar.js';
import type {
  CaseCommand,
  CaseContext,
  Charge,
  DunningCase,
  TimelineEntry,
  Transition,
} from './case-model.js';
import type { ClosingOutcome, InvoiceIssued } from './events.js';
import { lumpSumCents } from './fees.js';
import type { InterestLine } from './interest.js';
import { isTimeBarred } from './limitation.js';

export const defaultInputOf = (invoice: InvoiceIssued) => ({
  ...invoice,
  consumer: invoice.customer.consumer,
});

/**
 * Interest not yet booked and owed now, from the day after the last booking through `through` (§ 187 (1), § 289
 * BGB). § 286 (4) BGB: nothing while a dispute is open (it may turn out justified); and nothing while an agreed
 * installment plan is kept (it defers the claim). A hold on top of either changes nothing about that (what the
 * case resumes as is its legal situation). What runs meanwhile is held back on the dispute or the plan.
 */
export function pendingInterest(dunningCase: DunningCase, through: IsoDate, context: CaseContext) {
  return suspensionOf(dunningCase) ? NO_INTEREST : accruedInterest(dunningCase, through, context);
}

const NO_INTEREST = { cents: 0, lines: [] as InterestLine[], baseRateStale: false };

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

  /**
   * Books interest through `through` into the interest bucket; raises the stale-table warning once. Interest that
   * runs while a dispute is open or a plan is kept is held back on that dispute or plan instead, until its end
   * decides whether it is owed (suspension-rules.ts, 'installments-defaulted').
   */
  bookInterest(through: IsoDate) {
    const accrued = accruedInterest(this.current, through, this.context);
    const bookedThrough =
      this.current.interestBookedThrough && compareDates(this.current.interestBookedThrough, through) > 0
        ? this.current.interestBookedThrough
        : through;
    this.update({ interestBookedThrough: bookedThrough });
    if (accrued.lines.length === 0) return;
    const { disputes, installmentPlan } = this.current;
    const suspension = suspensionOf(this.current);
    const openDispute = disputes.at(-1);
    if (suspension === 'dispute' && openDispute) {
      const heldBack = {
        ...openDispute,
        interestLines: [...(openDispute.interestLines ?? []), ...accrued.lines],
      };
      this.update({ disputes: [...disputes.slice(0, -1), heldBack] });
    } else if (suspension === 'plan' && installmentPlan) {
      const heldBack = {
        ...installmentPlan,
        interestLines: [...(installmentPlan.interestLines ?? []), ...accrued.lines],
      };
      this.update({ installmentPlan: heldBack });
    } else {
      this.bookLines(accrued.lines, through);
    }
  }

  /** Books interest lines computed earlier (held back, now owed) or just now, as one timeline line. */
  bookLines(lines: readonly InterestLine[], on: IsoDate) {
    if (lines.length === 0) return;
    const cents = lines.reduce((sum, line) => sum + line.cents, 0);
    this.update({
      balance: { ...this.current.balance, interestCents: this.current.balance.interestCents + cents },
      interestLines: [...this.current.interestLines, ...lines],
    });
    this.note(on, 'interest-booked', `default interest of ${cents} cents booked through ${on}`, { cents });
    if (lines.some((line) => line.baseRateStale) && !this.current.flags.baseRateStale) {
      this.update({ flags: { ...this.current.flags, baseRateStale: true } });
      this.commands.push({ type: 'warn-base-rate-stale', through: on });
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

  /** § 288 (5) BGB: a business debtor owes the lump sum once, as soon as it is in default (never on a time-barred claim). */
  chargeLumpSumIfInDefault(on: IsoDate) {
    const { defaultStart, invoice, charges } = this.current;
    const inDefault = defaultStart !== null && compareDates(defaultStart.date, on) <= 0;
    const alreadyCharged = charges.some((charge) => charge.kind === 'lump-sum');
    const cents = lumpSumCents(
      { consumer: invoice.customer.consumer, inDefault, alreadyCharged },
      this.context.policy,
    );
    // § 214 (1) BGB: a time-barred claim can be refused, and so can its consequences of default (§ 217 BGB).
    if (cents > 0 && !isTimeBarred(invoice, on)) this.charge({ kind: 'lump-sum', cents, on });
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
