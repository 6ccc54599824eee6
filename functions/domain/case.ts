import { z } from 'zod';
import { allocatePayment, balanceSchema } from './allocation.js';
import type { BaseRateTable } from './base-rates.js';
import {
  addDays,
  type BusinessCalendar,
  compareDates,
  type IsoDate,
  isoDateSchema,
  laterOf,
} from './calendar.js';
import { computeDefaultStart, defaultStartSchema } from './default-date.js';
import {
  type ClosingOutcome,
  closingOutcomeSchema,
  type InvoiceIssued,
  invoiceIssuedSchema,
} from './events.js';
import { lumpSumCents, reminderFeeCents } from './fees.js';
import { computeInterest, type InterestLine } from './interest.js';
import { toneSchema } from './letters/index.js';
import { limitationWarning } from './limitation.js';
import { centsSchema, positiveCentsSchema } from './money.js';
import type { Policy } from './policy.js';

/**
 * One dunning case per invoice and the pure rules for how it changes. Handlers load a case, apply one
 * event, then store the new case (conditional on its version), append the timeline entries and carry out
 * the commands. Nothing here performs I/O.
 */
export const TERMINAL_STATUSES = ['paid', 'cancelled', 'handed-over', 'written-off'] as const;
export const caseStatusSchema = z.enum([
  'open',
  'promise',
  'installments',
  'disputed',
  'on-hold',
  ...TERMINAL_STATUSES,
]);
export type CaseStatus = z.infer<typeof caseStatusSchema>;
const activeStatusSchema = caseStatusSchema.exclude(['on-hold', ...TERMINAL_STATUSES]);

export const isTerminal = (status: CaseStatus): status is ClosingOutcome =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

const interestLineSchema = z.object({
  from: isoDateSchema,
  through: isoDateSchema,
  days: z.number().int().min(0),
  principalCents: centsSchema,
  basisPoints: z.number().int(),
  ratePercent: z.string(),
  cents: centsSchema,
  baseRateStale: z.boolean(),
});

const chargeSchema = z.object({
  kind: z.enum(['lump-sum', 'reminder-fee']),
  cents: positiveCentsSchema,
  on: isoDateSchema,
  levelId: z.string().optional(),
});
export type Charge = z.infer<typeof chargeSchema>;

const installmentRateSchema = z.object({ dueDate: isoDateSchema, cents: positiveCentsSchema });

export const dunningCaseSchema = z.object({
  invoiceId: z.string(),
  invoice: invoiceIssuedSchema,
  status: caseStatusSchema,
  /** Index into policy.levels of the next level to run. */
  nextLevelIndex: z.number().int().min(0),
  /** Day of the last level action or agreement; the next level's offset counts from here. */
  lastActionOn: isoDateSchema.nullable(),
  balance: balanceSchema,
  /** Interest in `balance` is booked through this day; later interest is computed when asked for. */
  interestBookedThrough: isoDateSchema.nullable(),
  interestLines: z.array(interestLineSchema),
  charges: z.array(chargeSchema),
  defaultStart: defaultStartSchema.nullable(),
  /** Sum of `payments`, kept as its own field because nearly every rule reads it. */
  paidCents: centsSchema,
  payments: z.array(
    z.object({ paymentId: z.string(), receivedOn: isoDateSchema, cents: positiveCentsSchema }),
  ),
  reminders: z.array(
    z.object({
      levelId: z.string(),
      kind: z.enum(['reminder', 'final']),
      channel: z.enum(['email', 'letter']),
      sentOn: isoDateSchema,
      creditBureauNotice: z.boolean(),
      feeCents: centsSchema,
    }),
  ),
  promises: z.array(
    z.object({
      promisedOn: isoDateSchema,
      cents: positiveCentsSchema,
      recordedOn: isoDateSchema,
      paidCentsAtRecording: centsSchema,
      status: z.enum(['pending', 'kept', 'broken']),
    }),
  ),
  installmentPlan: z
    .object({
      agreedOn: isoDateSchema,
      paidCentsAtAgreement: centsSchema,
      rates: z.array(installmentRateSchema),
    })
    .nullable(),
  disputes: z.array(
    z.object({
      raisedOn: isoDateSchema,
      reason: z.string(),
      resolution: z.enum(['upheld', 'rejected']).optional(),
      resolvedOn: isoDateSchema.optional(),
    }),
  ),
  /** Set while a dunning block or a supervisor hold pauses the case; remembers what to resume. */
  hold: z.object({ since: isoDateSchema, reason: z.string(), resumeAs: activeStatusSchema }).nullable(),
  /** After a hard bounce the case is worked by phone and letter only. */
  emailUndeliverable: z.boolean(),
  toneOverride: toneSchema.nullable(),
  flags: z.object({ baseRateStale: z.boolean(), limitationNear: z.boolean() }),
  closed: z.object({ outcome: closingOutcomeSchema, on: isoDateSchema, waivedCents: centsSchema }).nullable(),
  version: z.number().int().min(0),
});
export type DunningCase = z.infer<typeof dunningCaseSchema>;

export const caseEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('payment-received'),
    paymentId: z.string(),
    cents: positiveCentsSchema,
    on: isoDateSchema,
    allocation: z.enum(['statutory', 'principal-first']),
  }),
  z.object({ type: z.literal('invoice-cancelled'), on: isoDateSchema }),
  z.object({ type: z.literal('hold-set'), on: isoDateSchema, reason: z.string().min(1) }),
  z.object({ type: z.literal('hold-released'), on: isoDateSchema }),
  z.object({
    type: z.literal('reminder-sent'),
    levelIndex: z.number().int().min(0),
    on: isoDateSchema,
    channel: z.enum(['email', 'letter']),
  }),
  /** A level ended without a reminder (a call that was not answered, a call task that timed out). */
  z.object({ type: z.literal('level-completed'), levelIndex: z.number().int().min(0), on: isoDateSchema }),
  z.object({
    type: z.literal('promise-recorded'),
    promisedOn: isoDateSchema,
    cents: positiveCentsSchema,
    on: isoDateSchema,
  }),
  z.object({ type: z.literal('promise-checked'), on: isoDateSchema }),
  z.object({
    type: z.literal('installments-agreed'),
    rates: z.array(installmentRateSchema).min(2),
    on: isoDateSchema,
  }),
  z.object({ type: z.literal('installments-defaulted'), on: isoDateSchema }),
  z.object({ type: z.literal('dispute-raised'), reason: z.string().min(1), on: isoDateSchema }),
  z.object({
    type: z.literal('dispute-resolved'),
    resolution: z.enum(['upheld', 'rejected']),
    on: isoDateSchema,
  }),
  z.object({ type: z.literal('handed-over'), on: isoDateSchema }),
  z.object({ type: z.literal('written-off'), reason: z.string().min(1), on: isoDateSchema }),
  z.object({ type: z.literal('email-bounced'), on: isoDateSchema }),
  z.object({ type: z.literal('tone-overridden'), tone: toneSchema, on: isoDateSchema }),
]);
export type CaseEvent = z.infer<typeof caseEventSchema>;

export type CaseCommand =
  /** The case closed while a call, approval or dispute task may be open: finish it and resume the workflow. */
  | { type: 'finish-open-tasks'; outcome: ClosingOutcome }
  | { type: 'publish-closed'; outcome: ClosingOutcome; recoveredCents: number; waivedCents: number }
  | { type: 'warn-base-rate-stale'; through: IsoDate }
  | { type: 'warn-limitation-near'; limitationDate: IsoDate };

export interface TimelineEntry {
  on: IsoDate;
  type:
    | CaseEvent['type']
    | 'case-opened'
    | 'interest-booked'
    | 'charge-added'
    | 'default-started'
    | 'case-closed';
  summary: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface Transition {
  case: DunningCase;
  commands: CaseCommand[];
  timeline: TimelineEntry[];
}

export interface CaseContext {
  policy: Policy;
  baseRates: BaseRateTable;
  calendar: BusinessCalendar;
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly status: CaseStatus,
    readonly eventType: CaseEvent['type'],
    reason: string,
  ) {
    super(`cannot apply ${eventType} to a case that is ${status}: ${reason}`);
    this.name = 'InvalidTransitionError';
  }
}

export function openCase(invoice: InvoiceIssued, context: CaseContext): Transition {
  const defaultStart = computeDefaultStart(defaultInputOf(invoice), context.policy, context.calendar);
  const dunningCase: DunningCase = {
    invoiceId: invoice.invoiceId,
    invoice,
    status: 'open',
    nextLevelIndex: 0,
    lastActionOn: null,
    balance: { principalCents: invoice.amount.cents, interestCents: 0, costsCents: 0 },
    interestBookedThrough: null,
    interestLines: [],
    charges: [],
    defaultStart,
    paidCents: 0,
    payments: [],
    reminders: [],
    promises: [],
    installmentPlan: null,
    disputes: [],
    hold: null,
    emailUndeliverable: false,
    toneOverride: null,
    flags: { baseRateStale: false, limitationNear: false },
    closed: null,
    version: 0,
  };
  const timeline: TimelineEntry[] = [
    {
      on: invoice.issueDate,
      type: 'case-opened',
      summary: `case opened for invoice ${invoice.invoiceNumber}, due ${invoice.dueDate}`,
      data: {
        invoiceNumber: invoice.invoiceNumber,
        dueDate: invoice.dueDate,
        principalCents: invoice.amount.cents,
        defaultDate: defaultStart?.date ?? null,
      },
    },
  ];
  return { case: dunningCase, commands: [], timeline };
}

const defaultInputOf = (invoice: InvoiceIssued) => ({ ...invoice, consumer: invoice.customer.consumer });

export const openCents = (dunningCase: DunningCase) =>
  dunningCase.balance.principalCents + dunningCase.balance.interestCents + dunningCase.balance.costsCents;

/** Interest not yet booked, from the day after the last booking through `through` (§ 187 (1), § 289 BGB). */
export function pendingInterest(dunningCase: DunningCase, through: IsoDate, context: CaseContext) {
  const { defaultStart } = dunningCase;
  // § 286 (4) BGB: no default while a dispute is open. An agreed installment plan defers (stundet) the claim,
  // so no default interest runs while it is kept either; interest up to the agreement is booked into the plan.
  const suspended = dunningCase.status === 'disputed' || dunningCase.status === 'installments';
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

class TransitionBuilder {
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

/** The statuses in which each event may arrive; anything else is an invalid transition. */
const allowedIn: Record<CaseEvent['type'], readonly CaseStatus[]> = {
  'payment-received': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'invoice-cancelled': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'hold-set': ['open', 'promise', 'installments', 'disputed'],
  'hold-released': ['on-hold'],
  'reminder-sent': ['open'],
  'level-completed': ['open'],
  'promise-recorded': ['open'],
  'promise-checked': ['promise'],
  'installments-agreed': ['open', 'promise'],
  'installments-defaulted': ['installments'],
  'dispute-raised': ['open', 'promise', 'installments', 'on-hold'],
  'dispute-resolved': ['disputed'],
  'handed-over': ['open'],
  'written-off': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'email-bounced': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'tone-overridden': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
};

/** The pure transition: (case, event) -> (case, commands, timeline). Terminal cases never change status. */
export function applyEvent(dunningCase: DunningCase, event: CaseEvent, context: CaseContext): Transition {
  const { status } = dunningCase;
  if (
    event.type === 'payment-received' &&
    dunningCase.payments.some((known) => known.paymentId === event.paymentId)
  ) {
    // The bus delivers at least once: a payment seen before changes nothing.
    return { case: dunningCase, commands: [], timeline: [] };
  }
  if (event.type === 'payment-received' && isTerminal(status)) {
    // Money can still arrive after closing (e.g. a late bank transfer): record it, keep the outcome.
    const builder = new TransitionBuilder(dunningCase, context);
    builder.recordPayment(event);
    builder.note(
      event.on,
      'payment-received',
      `payment ${event.paymentId} of ${event.cents} cents after closing`,
      {
        paymentId: event.paymentId,
        cents: event.cents,
        surplusCents: event.cents,
        afterClosing: true,
      },
    );
    return builder.result();
  }
  if (!allowedIn[event.type].includes(status)) {
    throw new InvalidTransitionError(
      status,
      event.type,
      `allowed only when ${allowedIn[event.type].join(', ')}`,
    );
  }
  const builder = new TransitionBuilder(dunningCase, context);
  handlers[event.type](builder, event as never);
  warnIfLimitationNear(builder, event.on);
  return builder.result();
}

type Handler<T extends CaseEvent['type']> = (
  builder: TransitionBuilder,
  event: Extract<CaseEvent, { type: T }>,
) => void;

const handlers: { [T in CaseEvent['type']]: Handler<T> } = {
  'payment-received': (builder, event) => {
    builder.chargeLumpSumIfInDefault(event.on);
    builder.bookInterest(event.on);
    const { balance, applied, surplusCents } = allocatePayment(
      builder.current.balance,
      event.cents,
      event.allocation,
    );
    builder.update({ balance });
    builder.recordPayment(event);
    builder.note(event.on, 'payment-received', `payment ${event.paymentId} of ${event.cents} cents`, {
      paymentId: event.paymentId,
      cents: event.cents,
      toCosts: applied.costsCents,
      toInterest: applied.interestCents,
      toPrincipal: applied.principalCents,
      surplusCents,
    });
    builder.closeIfSettled(event.on);
  },
  'invoice-cancelled': (builder, event) => {
    builder.close('cancelled', event.on, openCents(builder.current));
  },
  'hold-set': (builder, event) => {
    const resumeAs = activeStatusSchema.parse(builder.current.status);
    builder.update({ status: 'on-hold', hold: { since: event.on, reason: event.reason, resumeAs } });
    builder.note(event.on, 'hold-set', `dunning paused: ${event.reason}`, { reason: event.reason });
  },
  'hold-released': (builder, event) => {
    const resumeAs = builder.current.hold?.resumeAs ?? 'open';
    builder.update({ status: resumeAs, hold: null });
    builder.note(event.on, 'hold-released', `dunning resumed as ${resumeAs}`, { resumeAs });
  },
  'reminder-sent': (builder, event) => {
    const level = levelAt(builder, event, ['reminder', 'final']);
    const { invoice } = builder.current;
    const wasInDefault =
      builder.current.defaultStart !== null && compareDates(builder.current.defaultStart.date, event.on) <= 0;
    if (builder.current.reminders.length === 0) {
      const defaultStart = computeDefaultStart(
        { ...defaultInputOf(invoice), firstReminder: { sentOn: event.on, channel: event.channel } },
        builder.context.policy,
        builder.context.calendar,
      );
      if (defaultStart && defaultStart.date !== builder.current.defaultStart?.date) {
        builder.update({ defaultStart });
        builder.note(
          event.on,
          'default-started',
          `in default from ${defaultStart.date} (${defaultStart.legalReference})`,
          { date: defaultStart.date, legalReference: defaultStart.legalReference },
        );
      }
    }
    builder.chargeLumpSumIfInDefault(event.on);
    const feeCents = reminderFeeCents({
      channel: event.channel,
      levelFeeCents: level.feeCents,
      // The reminder that puts the debtor in default is not chargeable (§ 286 (1) BGB).
      defaultCausing: !wasInDefault,
      consumer: invoice.customer.consumer,
      lumpSumCharged: builder.current.charges.some((charge) => charge.kind === 'lump-sum'),
    });
    builder.charge({ kind: 'reminder-fee', cents: feeCents, on: event.on, levelId: level.id });
    builder.update({
      nextLevelIndex: event.levelIndex + 1,
      lastActionOn: event.on,
      reminders: [
        ...builder.current.reminders,
        {
          levelId: level.id,
          kind: level.kind,
          channel: event.channel,
          sentOn: event.on,
          // § 31 (2) Nr. 4 c BDSG: announce a possible report at the earliest in the first reminder; repeat it last.
          creditBureauNotice:
            builder.context.policy.creditBureau.reportingEnabled &&
            (builder.current.reminders.length === 0 || level.kind === 'final'),
          feeCents,
        },
      ],
    });
    builder.note(event.on, 'reminder-sent', `${level.id} sent by ${event.channel}`, {
      levelId: level.id,
      channel: event.channel,
      feeCents,
    });
  },
  'level-completed': (builder, event) => {
    const level = levelAt(builder, event, ['call', 'handover', 'reminder', 'final']);
    builder.update({ nextLevelIndex: event.levelIndex + 1, lastActionOn: event.on });
    builder.note(event.on, 'level-completed', `${level.id} completed`, { levelId: level.id });
  },
  'promise-recorded': (builder, event) => {
    const { maxDaysAhead } = builder.context.policy.promise;
    if (
      compareDates(event.promisedOn, event.on) < 0 ||
      compareDates(event.promisedOn, addDays(event.on, maxDaysAhead)) > 0
    ) {
      throw new InvalidTransitionError(
        builder.current.status,
        event.type,
        `the promised date must lie between ${event.on} and ${maxDaysAhead} days later`,
      );
    }
    builder.update({
      status: 'promise',
      lastActionOn: event.on,
      promises: [
        ...builder.current.promises,
        {
          promisedOn: event.promisedOn,
          cents: event.cents,
          recordedOn: event.on,
          paidCentsAtRecording: builder.current.paidCents,
          status: 'pending',
        },
      ],
    });
    builder.note(event.on, 'promise-recorded', `promise to pay ${event.cents} cents by ${event.promisedOn}`, {
      cents: event.cents,
      promisedOn: event.promisedOn,
    });
  },
  'promise-checked': (builder, event) => {
    const promises = [...builder.current.promises];
    const pending = promises.pop();
    if (pending?.status !== 'pending') {
      throw new InvalidTransitionError(builder.current.status, event.type, 'no pending promise');
    }
    const kept = builder.current.paidCents - pending.paidCentsAtRecording >= pending.cents;
    // A broken promise escalates to the next level; a kept partial promise continues dunning the rest there too.
    builder.update({
      status: 'open',
      promises: [...promises, { ...pending, status: kept ? 'kept' : 'broken' }],
      nextLevelIndex: builder.current.nextLevelIndex + 1,
    });
    builder.note(event.on, 'promise-checked', kept ? 'promise kept' : 'promise broken', { kept });
  },
  'installments-agreed': (builder, event) => {
    builder.bookInterest(event.on);
    const { maxRates, minRateCents } = builder.context.policy.installments;
    const total = event.rates.reduce((sum, rate) => sum + rate.cents, 0);
    const problem =
      event.rates.length > maxRates
        ? `at most ${maxRates} rates`
        : event.rates.some((rate) => rate.cents < minRateCents)
          ? `every rate must be at least ${minRateCents} cents`
          : total < openCents(builder.current)
            ? `the rates must add up to the open amount of ${openCents(builder.current)} cents`
            : event.rates.some(
                  (rate, index) =>
                    index > 0 &&
                    compareDates(rate.dueDate, event.rates[index - 1]?.dueDate ?? rate.dueDate) <= 0,
                )
              ? 'rate due dates must be strictly increasing'
              : undefined;
    if (problem) throw new InvalidTransitionError(builder.current.status, event.type, problem);
    builder.update({
      status: 'installments',
      lastActionOn: event.on,
      installmentPlan: {
        agreedOn: event.on,
        paidCentsAtAgreement: builder.current.paidCents,
        rates: event.rates,
      },
    });
    builder.note(
      event.on,
      'installments-agreed',
      `installment plan with ${event.rates.length} rates agreed`,
      {
        rates: event.rates.length,
      },
    );
  },
  'installments-defaulted': (builder, event) => {
    // A defaulted plan goes straight to the handover level: the customer already had every chance.
    const handoverIndex = builder.context.policy.levels.findIndex((level) => level.kind === 'handover');
    // The deferral ends with the default: interest runs again from the next day, not for the plan's months.
    builder.update({
      status: 'open',
      nextLevelIndex: handoverIndex >= 0 ? handoverIndex : builder.context.policy.levels.length,
      interestBookedThrough: laterOf(builder.current.interestBookedThrough ?? event.on, event.on),
    });
    builder.note(event.on, 'installments-defaulted', 'installment plan defaulted');
  },
  'dispute-raised': (builder, event) => {
    // § 286 (4) BGB: no default while a justified dispute is open, so interest stops on this day.
    builder.bookInterest(event.on);
    const resumeAs =
      builder.current.status === 'on-hold' ? (builder.current.hold?.resumeAs ?? 'open') : 'open';
    builder.update({
      status: 'disputed',
      hold: null,
      disputes: [...builder.current.disputes, { raisedOn: event.on, reason: event.reason }],
    });
    builder.note(event.on, 'dispute-raised', `claim disputed: ${event.reason}`, {
      reason: event.reason,
      resumeAs,
    });
  },
  'dispute-resolved': (builder, event) => {
    const disputes = [...builder.current.disputes];
    const open = disputes.pop();
    if (!open) throw new InvalidTransitionError(builder.current.status, event.type, 'no open dispute');
    builder.update({
      disputes: [...disputes, { ...open, resolution: event.resolution, resolvedOn: event.on }],
    });
    builder.note(event.on, 'dispute-resolved', `dispute ${event.resolution}`, {
      resolution: event.resolution,
    });
    if (event.resolution === 'upheld') {
      builder.close('cancelled', event.on, openCents(builder.current));
      return;
    }
    // Interest resumes the day after the rejection; the suspended days are skipped, not charged.
    builder.update({ status: 'open', interestBookedThrough: event.on });
  },
  'handed-over': (builder, event) => {
    builder.chargeLumpSumIfInDefault(event.on);
    builder.bookInterest(event.on);
    builder.close('handed-over', event.on);
  },
  'written-off': (builder, event) => {
    builder.bookInterest(event.on);
    builder.note(event.on, 'written-off', `written off: ${event.reason}`, { reason: event.reason });
    builder.close('written-off', event.on, openCents(builder.current));
  },
  'email-bounced': (builder, event) => {
    builder.update({ emailUndeliverable: true });
    builder.note(event.on, 'email-bounced', 'email address undeliverable: switching to phone and letter');
  },
  'tone-overridden': (builder, event) => {
    builder.update({ toneOverride: event.tone });
    builder.note(event.on, 'tone-overridden', `tone set to ${event.tone} for this case`, {
      tone: event.tone,
    });
  },
};

function levelAt<K extends Policy['levels'][number]['kind']>(
  builder: TransitionBuilder,
  event: { type: CaseEvent['type']; levelIndex: number },
  kinds: readonly K[],
): Extract<Policy['levels'][number], { kind: K }> {
  const index = event.levelIndex;
  const level = builder.context.policy.levels[index];
  if (!level || !(kinds as readonly string[]).includes(level.kind)) {
    throw new InvalidTransitionError(
      builder.current.status,
      event.type,
      `level ${index} is not a ${kinds.join('/')}`,
    );
  }
  // Retried steps deliver the same level twice; only the next level may advance the case.
  if (index !== builder.current.nextLevelIndex) {
    throw new InvalidTransitionError(
      builder.current.status,
      event.type,
      `level ${index} is not the next level (${builder.current.nextLevelIndex})`,
    );
  }
  return level as Extract<Policy['levels'][number], { kind: K }>;
}

function warnIfLimitationNear(builder: TransitionBuilder, today: IsoDate) {
  if (builder.current.flags.limitationNear) return;
  const warning = limitationWarning(
    builder.current.invoice.issueDate,
    today,
    builder.context.policy.limitationWarningDays,
  );
  if (!warning.near) return;
  builder.update({ flags: { ...builder.current.flags, limitationNear: true } });
  builder.commands.push({ type: 'warn-limitation-near', limitationDate: warning.date });
}
