import { actorSchema } from './actor.js';
import { balanceSchema } from './allocation.js';
import type { BaseRateTable } from './base-rates.js';
import { type BusinessCalendar, type IsoDate, instantSchema, isoDateSchema } from './calendar.js';
import { defaultStartSchema } from './default-date.js';
import { type ClosingOutcome, closingOutcomeSchema, invoiceIssuedSchema } from './events.js';
import { toneSchema } from './letters/schema.js';
import { centsSchema, positiveCentsSchema } from './money.js';
import type { Policy } from './policy.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/** The shape of a dunning case, the events that change it and what a change produces (see case.ts). */
export const TERMINAL_STATUSES = ['paid', 'cancelled', 'handed-over', 'written-off'] as const;
/** The statuses of a case that is worked, neither held nor closed: what a held case resumes as. */
const ACTIVE_STATUSES = ['open', 'promise', 'installments', 'disputed'] as const;
export const caseStatusSchema = z.enum([...ACTIVE_STATUSES, 'on-hold', ...TERMINAL_STATUSES]);
export type CaseStatus = z.infer<typeof caseStatusSchema>;
export const activeStatusSchema = z.enum(ACTIVE_STATUSES);

/**
 * Who may hold a case: the accounting system (a dunning block on the invoice, or one on the customer, owned per
 * block as `customer-block:<blockId>`) or a supervisor; each releases only its own.
 */
export const CUSTOMER_BLOCK_OWNER_PREFIX = 'customer-block:';
export const customerBlockOwnerSchema = z.templateLiteral([
  CUSTOMER_BLOCK_OWNER_PREFIX,
  nonEmptyStringSchema,
]);
export const holdOwnerSchema = z.union([z.enum(['erp', 'supervisor']), customerBlockOwnerSchema]);
export type HoldOwner = z.infer<typeof holdOwnerSchema>;
export const customerBlockOwner = (blockId: string): HoldOwner => `${CUSTOMER_BLOCK_OWNER_PREFIX}${blockId}`;

/** What a write-off covers: `all` the whole claim of a case nothing was paid on, `rest` what is left after payments. */
export const writeOffScopeSchema = z.enum(['all', 'rest']);
export type WriteOffScope = z.infer<typeof writeOffScopeSchema>;

export const isTerminal = (status: CaseStatus): status is ClosingOutcome =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

const interestLineSchema = z.object({
  from: isoDateSchema,
  through: isoDateSchema,
  days: z.number().check(z.int(), z.gte(0)),
  principalCents: centsSchema,
  basisPoints: z.number().check(z.int()),
  ratePercent: z.string(),
  cents: centsSchema,
  baseRateStale: z.boolean(),
});

const chargeSchema = z.object({
  kind: z.enum(['lump-sum', 'reminder-fee']),
  cents: positiveCentsSchema,
  on: isoDateSchema,
  levelId: z.optional(z.string()),
});
export type Charge = z.infer<typeof chargeSchema>;

const installmentRateSchema = z.object({ dueDate: isoDateSchema, cents: positiveCentsSchema });

/** Why a case got a fresh execution: its execution ended without finishing, or a person or the ERP asked. */
export const restartCauseSchema = z.enum([
  'execution-failed',
  'execution-timed-out',
  'execution-aborted',
  'no-running-execution',
  'invoice-reissued',
  'supervisor',
]);
export type RestartCause = z.infer<typeof restartCauseSchema>;

const workflowSchema = z.object({
  /** The execution working the case now, recorded by its first step (a continuation records itself too). */
  executionArn: z.nullable(z.string()),
  /** How often the case was restarted; restart n runs under the name inv-<id>-r<n>. */
  restarts: z.number().check(z.int(), z.gte(0)),
  /** The execution the last restart replaced: restarting the same dead execution again starts nothing new. */
  restartedFrom: z.nullable(z.string()),
  /** Automatic dunning ended by design while the case stays open for people (no execution expected). */
  endedOn: z.nullable(isoDateSchema),
  /**
   * When the first execution is due to start (business time): a case opened before its first level waits
   * without an execution by design until then (a one-time schedule starts it); null when it started at issue.
   */
  startsAt: z._default(z.nullable(instantSchema), null),
});
export type CaseWorkflow = z.infer<typeof workflowSchema>;

export const dunningCaseSchema = z.object({
  invoiceId: z.string(),
  invoice: invoiceIssuedSchema,
  status: caseStatusSchema,
  /** Index into policy.levels of the next level to run. */
  nextLevelIndex: z.number().check(z.int(), z.gte(0)),
  /** Day of the last level action or agreement; the next level's offset counts from here. */
  lastActionOn: z.nullable(isoDateSchema),
  balance: balanceSchema,
  /** Interest in `balance` is booked through this day; later interest is computed when asked for. */
  interestBookedThrough: z.nullable(isoDateSchema),
  interestLines: z.array(interestLineSchema),
  charges: z.array(chargeSchema),
  defaultStart: z.nullable(defaultStartSchema),
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
      /**
       * A letter: the day the print service handed it to the post (`letter-posted`). Its receipt (Zugang) counts
       * from here; while it is missing the letter has not reached the debtor.
       */
      postedOn: z.optional(isoDateSchema),
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
  installmentPlan: z.nullable(
    z.object({
      agreedOn: isoDateSchema,
      paidCentsAtAgreement: centsSchema,
      rates: z.array(installmentRateSchema),
      /** Agreed with the plan (policy at the time): on default the whole remainder falls due at once. */
      accelerationClause: z.optional(z.boolean()),
      defaultedOn: z.optional(isoDateSchema),
      /** Interest on missed rates while the plan still runs: owed only if it defaults (see accrual.ts). */
      interestLines: z.optional(z.array(interestLineSchema)),
    }),
  ),
  disputes: z.array(
    z.object({
      raisedOn: isoDateSchema,
      reason: z.string(),
      resolution: z.optional(z.enum(['upheld', 'rejected'])),
      resolvedOn: z.optional(isoDateSchema),
      /** Interest that ran while the dispute was open: owed only once it is rejected (§ 286 (4) BGB). */
      interestLines: z.optional(z.array(interestLineSchema)),
      /** What the policy did with that interest on rejection. */
      interest: z.optional(z.enum(['charged', 'waived'])),
    }),
  ),
  /**
   * Set while the case is held: every party holding it (an ERP dunning block, a supervisor) with its reason,
   * and what the case resumes as once the last of them released it.
   */
  hold: z.nullable(
    z.object({
      resumeAs: activeStatusSchema,
      holders: z
        .array(
          z.object({
            owner: holdOwnerSchema,
            since: isoDateSchema,
            reason: z.string(),
            /** The supervisor who set the hold (none for the ERP's block and holds set before this was kept). */
            by: z.optional(actorSchema),
          }),
        )
        .check(z.minLength(1)),
    }),
  ),
  /** After a hard bounce the case is worked by phone and letter only. */
  emailUndeliverable: z.boolean(),
  toneOverride: z.nullable(toneSchema),
  /** Credit notes that reduced the principal, each once (the bus delivers at least once). */
  credits: z._default(
    z.array(
      z.object({
        creditNoteId: z.string(),
        creditedOn: isoDateSchema,
        cents: positiveCentsSchema,
        /** What it took off the principal: its amount, or less when it covered the principal left. */
        reducedCents: centsSchema,
      }),
    ),
    [],
  ),
  flags: z.object({ baseRateStale: z.boolean(), limitationNear: z.boolean() }),
  closed: z.nullable(
    z.object({ outcome: closingOutcomeSchema, on: isoDateSchema, waivedCents: centsSchema }),
  ),
  /**
   * The tasks whose outcome this case took, recorded with the change itself: a step retried after its commit
   * finds its outcome applied and finishes what is left (a confirmation, a child execution) instead of deciding
   * again.
   */
  outcomesApplied: z._default(z.array(z.string()), []),
  /** Which execution works the case, so a case whose execution died is noticed and restarted. */
  workflow: z._default(workflowSchema, {
    executionArn: null,
    restarts: 0,
    restartedFrom: null,
    endedOn: null,
    startsAt: null,
  }),
  version: z.number().check(z.int(), z.gte(0)),
});
export type DunningCase = z.infer<typeof dunningCaseSchema>;

/** The person behind an event (a supervisor's hold, a caller's outcome); none when the system acts. */
const by = z.optional(actorSchema);

export const caseEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('payment-received'),
    paymentId: z.string(),
    cents: positiveCentsSchema,
    on: isoDateSchema,
    allocation: z.enum(['statutory', 'principal-first']),
  }),
  z.object({ type: z.literal('invoice-cancelled'), on: isoDateSchema }),
  z.object({
    type: z.literal('hold-set'),
    on: isoDateSchema,
    reason: nonEmptyStringSchema,
    owner: holdOwnerSchema,
    by,
  }),
  z.object({ type: z.literal('hold-released'), on: isoDateSchema, owner: holdOwnerSchema, by }),
  z.object({
    type: z.literal('reminder-sent'),
    levelIndex: z.number().check(z.int(), z.gte(0)),
    on: isoDateSchema,
    channel: z.enum(['email', 'letter']),
    /** The mail's message id, so the one timeline line of this reminder says what went out. */
    messageId: z.optional(nonEmptyStringSchema),
  }),
  /** A level ended without a reminder (a call that was not answered, a call task that timed out). */
  z.object({
    type: z.literal('level-completed'),
    levelIndex: z.number().check(z.int(), z.gte(0)),
    on: isoDateSchema,
  }),
  z.object({
    type: z.literal('promise-recorded'),
    promisedOn: isoDateSchema,
    cents: positiveCentsSchema,
    on: isoDateSchema,
    by,
  }),
  z.object({ type: z.literal('promise-checked'), on: isoDateSchema }),
  z.object({
    type: z.literal('installments-agreed'),
    rates: z.array(installmentRateSchema).check(z.minLength(2)),
    on: isoDateSchema,
    by,
  }),
  z.object({ type: z.literal('installments-defaulted'), on: isoDateSchema }),
  z.object({
    type: z.literal('dispute-raised'),
    reason: nonEmptyStringSchema,
    /** A supervisor's note beside the customer's reason (a dispute raised outside a call). */
    note: z.optional(nonEmptyStringSchema),
    on: isoDateSchema,
    by,
  }),
  z.object({
    type: z.literal('dispute-resolved'),
    resolution: z.enum(['upheld', 'rejected']),
    on: isoDateSchema,
    by,
  }),
  z.object({ type: z.literal('handed-over'), on: isoDateSchema }),
  z.object({
    type: z.literal('written-off'),
    reason: nonEmptyStringSchema,
    on: isoDateSchema,
    scope: writeOffScopeSchema,
    by,
  }),
  z.object({ type: z.literal('email-bounced'), on: isoDateSchema }),
  /**
   * A level's letter will not go out (the customer's data cannot be printed): the level counts as done without a
   * reminder, as if no letter had been written, and its fee is taken back.
   */
  z.object({ type: z.literal('letter-withdrawn'), levelId: nonEmptyStringSchema, on: isoDateSchema }),
  /** A person sets the tone of the case's next letters, or clears it (null: the segment's tone again). */
  z.object({
    type: z.literal('tone-overridden'),
    tone: z.nullable(toneSchema),
    reason: z.optional(nonEmptyStringSchema),
    on: isoDateSchema,
    by,
  }),
  /** A credit note reduces the principal; one that covers it settles the case like a cancellation. */
  z.object({
    type: z.literal('invoice-credited'),
    creditNoteId: nonEmptyStringSchema,
    cents: positiveCentsSchema,
    on: isoDateSchema,
  }),
  /** The print service (or a supervisor for it) confirmed that a level's letter went to the post on `postedOn`. */
  z.object({
    type: z.literal('letter-posted'),
    levelId: nonEmptyStringSchema,
    postedOn: isoDateSchema,
    /** The print batch the letter went out with, for the timeline. */
    batchId: z.optional(nonEmptyStringSchema),
    on: isoDateSchema,
    by,
  }),
  /** An execution took the case up (its first step records itself). */
  z.object({
    type: z.literal('execution-started'),
    executionArn: nonEmptyStringSchema,
    on: isoDateSchema,
  }),
  /** The execution ended while the case stays open for people: no execution is expected any more. */
  z.object({
    type: z.literal('workflow-ended'),
    on: isoDateSchema,
    /** Why no execution works the case any more: its workflow ran to its end, or it failed too often. */
    cause: z._default(z.enum(['workflow-done', 'restart-limit']), 'workflow-done'),
  }),
  /** A case without a running execution gets a fresh one (by the reconciler, a supervisor, a re-issue). */
  z.object({
    type: z.literal('workflow-restarted'),
    on: isoDateSchema,
    cause: restartCauseSchema,
    /** A supervisor's words; the other causes explain themselves. */
    reason: z.nullable(nonEmptyStringSchema),
    replaces: z.nullable(z.string()),
    by,
  }),
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

/** The principal credit notes took off the claim: the account lists the invoice less these. */
export const creditedCents = (dunningCase: DunningCase) =>
  dunningCase.credits.reduce((sum, known) => sum + known.reducedCents, 0);

export const openCents = (dunningCase: DunningCase) =>
  dunningCase.balance.principalCents + dunningCase.balance.interestCents + dunningCase.balance.costsCents;
