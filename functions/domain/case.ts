import { attributed } from './actor.js';
import { defaultInputOf, TransitionBuilder } from './case-builder.js';
import {
  type CaseContext,
  type CaseEvent,
  type CaseStatus,
  caseStatusSchema,
  type DunningCase,
  InvalidTransitionError,
  isTerminal,
  type TimelineEntry,
  type Transition,
} from './case-model.js';
import { eventRules, warnIfLimitationNear } from './case-rules.js';
import { computeDefaultStart } from './default-date.js';
import type { InvoiceIssued } from './events.js';

export { pendingInterest } from './case-builder.js';
/**
 * One dunning case per invoice and the pure rules for how it changes. Handlers load a case, apply one
 * event, then store the new case (conditional on its version), append the timeline entries and carry out
 * the commands. Nothing here performs I/O. The case's shape is in case-model.ts, what each event does in
 * case-rules.ts.
 */
export * from './case-model.js';

export function openCase(invoice: InvoiceIssued, context: CaseContext): Transition {
  const defaultStart = computeDefaultStart(defaultInputOf(invoice), context.policy);
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
    credits: [],
    flags: { baseRateStale: false, limitationNear: false },
    closed: null,
    outcomesApplied: [],
    workflow: { executionArn: null, restarts: 0, restartedFrom: null, endedOn: null, startsAt: null },
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

/** The statuses in which each event may arrive; anything else is an invalid transition. */
const allowedIn: Record<CaseEvent['type'], readonly CaseStatus[]> = {
  'payment-received': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'invoice-cancelled': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'hold-set': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
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
  'letter-withdrawn': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  // A letter goes to the post even if the case closed after it was written: the file records it.
  'letter-posted': caseStatusSchema.options,
  'tone-overridden': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'invoice-credited': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'execution-started': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'workflow-ended': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
  'workflow-restarted': ['open', 'promise', 'installments', 'disputed', 'on-hold'],
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
  if (
    event.type === 'invoice-credited' &&
    dunningCase.credits.some((known) => known.creditNoteId === event.creditNoteId)
  ) {
    // Likewise a credit note seen before, even once it closed the case.
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
  eventRules[event.type](builder, event as never);
  warnIfLimitationNear(builder, event.on);
  const transition = builder.result();
  // The event's own lines name the person behind it; the lines it causes (interest, closing) are the system's.
  const actor = 'by' in event ? event.by : undefined;
  return { ...transition, timeline: attributed(transition.timeline, event.type, actor) };
}

/** The transition, recorded as the outcome of `taskId` (see `outcomesApplied`). */
export function asOutcomeOf(transition: Transition, taskId: string): Transition {
  const { outcomesApplied } = transition.case;
  return { ...transition, case: { ...transition.case, outcomesApplied: [...outcomesApplied, taskId] } };
}
