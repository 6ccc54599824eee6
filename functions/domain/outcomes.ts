import { addDays, berlinDateOf, compareDates, type IsoDate } from './calendar.js';
import { inputCentsSchema, inputDateSchema, inputInstantSchema, inputTextSchema } from './input-bounds.js';
import * as z from './zod.js';

/**
 * What a person records when they finish a task, one schema for the API, the workflow and the reports.
 * Call tasks take the call outcomes; approval tasks a decision; dispute tasks a resolution.
 */
export const nonPaymentReasonSchema = z.enum([
  'liquidity',
  'invoice-not-received',
  'missing-po-number',
  'wrong-address',
  'disputed-delivery',
  'quality-complaint',
  'approval-pending',
  'forgotten',
  'other',
]);
export type NonPaymentReason = z.infer<typeof nonPaymentReasonSchema>;

/** The most rates any policy may allow (policy.installments.maxRates is at most this). */
export const MAX_INSTALLMENT_RATES = 60;

const notes = z.optional(inputTextSchema(2000, { min: 0, multiline: true }));
const callContext = {
  reason: z.optional(nonPaymentReasonSchema),
  /** The customer sounded unhappy with the product or service: reported to management. */
  dissatisfied: z._default(z.boolean(), false),
  notes,
};

const callOutcomeOptions = [
  /** The customer says the invoice is paid: checked like a promise due today. */
  z.object({ type: z.literal('paid'), paidOn: inputDateSchema, ...callContext }),
  z.object({
    type: z.literal('promise'),
    promisedOn: inputDateSchema,
    cents: inputCentsSchema,
    ...callContext,
  }),
  z.object({
    type: z.literal('installments'),
    rates: z
      .array(z.object({ dueDate: inputDateSchema, cents: inputCentsSchema }))
      .check(
        z.minLength(2, 'an installment plan needs at least 2 rates'),
        z.maxLength(MAX_INSTALLMENT_RATES, `an installment plan has at most ${MAX_INSTALLMENT_RATES} rates`),
      ),
    ...callContext,
  }),
  z.object({
    type: z.literal('dispute'),
    disputeReason: inputTextSchema(2000, { min: 3, multiline: true }),
    ...callContext,
  }),
  z.object({ type: z.literal('not-reached'), notes }),
  z.object({ type: z.literal('wrong-contact'), notes }),
  z.object({ type: z.literal('callback'), callbackAt: inputInstantSchema, ...callContext }),
] as const;
export const callOutcomeSchema = z.discriminatedUnion('type', callOutcomeOptions);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

export const approvalOutcomeSchema = z.object({
  type: z.literal('approval'),
  decision: z.enum(['approve', 'reject']),
  notes,
});

export const resolutionOutcomeSchema = z.object({
  type: z.literal('resolution'),
  resolution: z.enum(['upheld', 'rejected']),
  notes,
});

/** Sent by the system, not a person: the case closed (payment, cancellation) while the task was open. */
export const caseClosedOutcomeSchema = z.object({
  type: z.literal('case-closed'),
  outcome: z.enum(['paid', 'cancelled', 'handed-over', 'written-off']),
});

/** The contact data of a customer was corrected in the master data after a call reached the wrong person. */
export const contactCorrectedOutcomeSchema = z.object({ type: z.literal('contact-corrected'), notes });

export const taskOutcomeSchema = z.discriminatedUnion('type', [
  ...callOutcomeOptions,
  approvalOutcomeSchema,
  resolutionOutcomeSchema,
  contactCorrectedOutcomeSchema,
  caseClosedOutcomeSchema,
]);
export type TaskOutcome = z.infer<typeof taskOutcomeSchema>;

/** A data-correction task holds no execution: it asks a person to fix the customer's contact data. */
export const taskKindSchema = z.enum(['call', 'approval', 'dispute', 'data-correction']);
export type TaskKind = z.infer<typeof taskKindSchema>;

/** Which outcomes a task of each kind accepts. */
export const outcomesByKind: Record<TaskKind, readonly TaskOutcome['type'][]> = {
  call: callOutcomeOptions.flatMap((option) => option.shape.type._zod.def.values),
  approval: ['approval'],
  dispute: ['resolution'],
  'data-correction': ['contact-corrected'],
};

export const isCallOutcome = (outcome: TaskOutcome | null): outcome is CallOutcome =>
  outcome !== null && outcomesByKind.call.includes(outcome.type);

/** A field of an outcome that is well formed but not allowed by the policy, e.g. a callback a year ahead. */
export interface OutcomeLimitProblem {
  path: string[];
  message: string;
}

/**
 * The policy's limits on an outcome's own dates, checked on `today` (Berlin) before anything is stored. A promise
 * and an installment plan are checked against the case itself (case-rules.ts); a callback has no case event.
 */
export function outcomeLimitProblem(
  outcome: TaskOutcome,
  today: IsoDate,
  limits: { callback: { maxDaysAhead: number } },
): OutcomeLimitProblem | undefined {
  if (outcome.type !== 'callback') return undefined;
  const day = berlinDateOf(outcome.callbackAt);
  const latest = addDays(today, limits.callback.maxDaysAhead);
  if (compareDates(day, today) < 0) return { path: ['callbackAt'], message: `must not lie before ${today}` };
  if (compareDates(day, latest) > 0) {
    return {
      path: ['callbackAt'],
      message: `must lie at most ${limits.callback.maxDaysAhead} days ahead (by ${latest})`,
    };
  }
  return undefined;
}
