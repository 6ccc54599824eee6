import { bundeslandSchema, clockTimeSchema } from './calendar.js';
import { customerSegmentSchema } from './events.js';
import { inputTextSchema } from './input-bounds.js';
import { letterCreditorSchema, toneSchema } from './letters/schema.js';
import { nameOfLevel } from './level-names.js';
import { centsSchema, localeSchema } from './money.js';
import { MAX_INSTALLMENT_RATES } from './outcomes.js';
import { sendingWindowSchema } from './pacing.js';
import * as z from './zod.js';

/**
 * The dunning policy an operator configures (config/policy.json). Every number that is a convention
 * rather than law lives here, never as a constant in code.
 */
const slug = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lowercase slug like reminder-1'));
const businessDays = z.number().check(z.int('must be whole business days'), z.gte(0), z.lte(250));
const personName = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(60, 'must be at most 60 characters'));
/** What people read for a level (page, timeline, talking points); without it, a name by kind and ordinal. */
const levelNameSchema = z.optional(z.strictObject({ de: personName, en: personName }));

const reminderLevel = z.object({
  id: slug,
  kind: z.literal('reminder'),
  name: levelNameSchema,
  offsetBusinessDays: businessDays,
  channel: z.enum(['email', 'letter']),
  /** Real costs of a posted letter only (paper, postage); an email costs nothing. */
  feeCents: z._default(
    centsSchema.check(z.lte(500, 'a reminder fee above € 5 is not recoverable as real cost')),
    0,
  ),
});
const finalLevel = z.extend(reminderLevel, { kind: z.literal('final') });
const callLevel = z.object({
  id: slug,
  kind: z.literal('call'),
  name: levelNameSchema,
  offsetBusinessDays: businessDays,
  queue: slug,
  /** How long a call task may stay open before the workflow escalates. */
  slaBusinessDays: businessDays.check(z.gte(1)),
  /** How often "not reached" is retried (one business day apart) before moving on. */
  attempts: z.number().check(z.int(), z.gte(1), z.lte(10)),
});
const handoverLevel = z.object({
  id: slug,
  kind: z.literal('handover'),
  name: levelNameSchema,
  offsetBusinessDays: businessDays,
  requireApproval: z.boolean(),
  approvalQueue: slug,
  /** How long supervisors have to approve or reject the handover before the workflow moves on. */
  approvalSlaBusinessDays: z._default(businessDays.check(z.gte(1)), 5),
});

export const policyLevelSchema = z.discriminatedUnion('kind', [
  reminderLevel,
  finalLevel,
  callLevel,
  handoverLevel,
]);
export type PolicyLevel = z.infer<typeof policyLevelSchema>;
export type LevelKind = PolicyLevel['kind'];

export const creditorSchema = letterCreditorSchema;
export type Creditor = z.infer<typeof creditorSchema>;

export const policySchema = z
  .object({
    name: slug,
    /** Place of payment: its public holidays are not business days (§ 193 BGB). */
    state: bundeslandSchema,
    /**
     * Berlin wall-clock time of the deadlines people see: a task is due (and times out) at this time on the last
     * day of its SLA; a call retried after "not reached" and a held installment plan look again at this time of
     * the next business day.
     */
    actionTime: clockTimeSchema,
    /**
     * Berlin wall-clock hours over which a day's level actions, promise checks and held cases' daily looks are
     * spread, one second per customer (pacing.ts). It sets when executions wake; on its day a step acts whenever it runs.
     */
    sendingWindow: z._default(sendingWindowSchema, { from: '08:00', to: '18:00' }),
    /**
     * Sammelmahnung: an execution due to send an email reminder sends one mail for all of the customer's cases
     * whose email reminders fall due within `windowBusinessDays` business days of today, at most one a day.
     */
    combineReminders: z._default(
      z.object({
        enabled: z._default(z.boolean(), true),
        windowBusinessDays: z._default(businessDays.check(z.lte(10)), 2),
      }),
      { enabled: true, windowBusinessDays: 2 },
    ),
    toneBySegment: z.record(customerSegmentSchema, toneSchema),
    levels: z.array(policyLevelSchema).check(z.minLength(1, 'needs at least one level')),
    /** Calendar days a letter gives the debtor to pay, moved onto a business day. */
    paymentPeriodDays: z.number().check(z.int(), z.gte(1), z.lte(30)),
    /** Queue of the tasks that decide a dispute (upheld or rejected). */
    disputeQueue: slug,
    /** How long supervisors have to decide a dispute before its task times out and is opened again. */
    disputeSlaBusinessDays: z._default(businessDays.check(z.gte(1)), 10),
    /**
     * How long a call task opened outside a call level may stay open (an email level worked by phone after a
     * bounce, in a policy without call levels); a call level's own SLA wins wherever there is one.
     */
    callSlaBusinessDays: z._default(businessDays.check(z.gte(1)), 3),
    /** Which user groups work which task queue (a caller sees only the queues of their groups). */
    queueAccess: z.record(slug, z.array(z.enum(['callers', 'supervisors'])).check(z.minLength(1))),
    promise: z.object({
      graceBusinessDays: businessDays,
      maxDaysAhead: z.number().check(z.int(), z.gte(1), z.lte(180)),
    }),
    /** How far ahead (calendar days from today, Berlin) a caller may schedule a callback the customer asked for. */
    callback: z._default(z.object({ maxDaysAhead: z.number().check(z.int(), z.gte(1), z.lte(180)) }), {
      maxDaysAhead: 30,
    }),
    installments: z.object({
      maxRates: z.number().check(z.int(), z.gte(2), z.lte(MAX_INSTALLMENT_RATES)),
      minRateCents: centsSchema.check(z.gte(100)),
      graceBusinessDays: businessDays,
      /**
       * Verfallklausel: when the plan defaults, the whole remainder falls due at once. Without it each rate falls
       * due on its own date (§ 271 BGB), so interest runs on the missed rates only until the rest is due.
       */
      accelerationClause: z._default(z.boolean(), false),
    }),
    interest: z.object({
      claim: z.boolean(),
      /** act/365 is common practice; act/act divides by the days of the actual year. */
      dayCount: z.enum(['act/365', 'act/act']),
    }),
    /**
     * A dispute that turns out unfounded does not stop default (§ 286 (4) BGB: the debtor bears the risk of
     * its own error), so the interest for the dispute period is owed: 'charge' books it on rejection, 'waive'
     * forgoes it as goodwill. While a dispute is open nothing is charged either way.
     */
    interestDuringRejectedDispute: z._default(z.enum(['charge', 'waive']), 'charge'),
    /** § 288 (5) BGB: € 40 once per claim when a business debtor is in default. */
    lumpSum: z.object({ claim: z.boolean() }),
    /**
     * What a hard bounce (or complaint) of the customer's email address changes: 'phone' (default) works the
     * email levels by phone; 'letter' sends the bounced reminder again as a posted letter and every later email
     * level by letter.
     */
    bounce: z._default(z.object({ fallback: z._default(z.enum(['phone', 'letter']), 'phone') }), {
      fallback: 'phone',
    }),
    /**
     * Business days after sending (an invoice: its issue date) until a message counts as received (Zugang), for
     * § 286 (1) and (3) BGB. No statute presumes when a letter arrives; the postal standard since 2025 is 99 % by
     * the fourth working day, so the shipped policy assumes no earlier receipt for letters and invoices.
     */
    receipt: z.object({
      invoiceBusinessDays: businessDays.check(z.lte(10)),
      emailBusinessDays: businessDays.check(z.lte(5)),
      letterBusinessDays: businessDays.check(z.lte(10)),
      invoiceDays: z.optional(
        z.never({
          error:
            'was renamed to receipt.invoiceBusinessDays and counts business days now (e.g. 4, the postal standard)',
        }),
      ),
    }),
    creditBureau: z.object({ reportingEnabled: z.boolean() }),
    /** Named in the Inkasso Handover Requested event, whose texts refuse control and bidi characters. */
    inkassoAgency: inputTextSchema(200),
    /** Open amounts at or above this involve the customer's sales representative. */
    largeAmountCents: centsSchema.check(z.gte(1)),
    limitationWarningDays: z.number().check(z.int(), z.gte(1), z.lte(365)),
    /** When the principal is settled, close the case and waive what is left of interest and costs. */
    closeWhenPrincipalPaid: z.boolean(),
    creditor: creditorSchema,
  })
  .check(
    z.superRefine((policy, context) => {
      const issue = (path: (string | number)[], message: string) =>
        context.addIssue({ code: 'custom', path, message });
      const seen = new Set<string>();
      const namesSeen = new Set<string>();
      policy.levels.forEach((level, index) => {
        if (seen.has(level.id)) issue(['levels', index, 'id'], `duplicate level id "${level.id}"`);
        seen.add(level.id);
        for (const locale of localeSchema.options) {
          const name = nameOfLevel(policy.levels, level, locale);
          if (namesSeen.has(`${locale}:${name}`)) {
            issue(['levels', index, 'name', locale], `another level is already called "${name}"`);
          }
          namesSeen.add(`${locale}:${name}`);
        }
        if (level.kind === 'handover' && index !== policy.levels.length - 1) {
          issue(['levels', index, 'kind'], 'handover must be the last level');
        }
        if (
          (level.kind === 'reminder' || level.kind === 'final') &&
          level.channel === 'email' &&
          level.feeCents > 0
        ) {
          issue(['levels', index, 'feeCents'], 'an email reminder costs nothing and may not carry a fee');
        }
      });
      const first = policy.levels[0];
      if (first && first.kind !== 'reminder') {
        issue(
          ['levels', 0, 'kind'],
          'the first level must be a written reminder (it may put the debtor in default)',
        );
      }
      const queues = [
        policy.disputeQueue,
        ...policy.levels.flatMap((level) =>
          level.kind === 'call' ? [level.queue] : level.kind === 'handover' ? [level.approvalQueue] : [],
        ),
      ];
      for (const queue of queues) {
        if (!policy.queueAccess[queue])
          issue(['queueAccess', queue], `queue "${queue}" needs the groups that work it`);
      }
      for (const [queue, decision] of supervisorDecisions(policy)) {
        if (policy.queueAccess[queue]?.includes('callers')) {
          issue(
            ['queueAccess', queue],
            `queue "${queue}" decides ${decision}, which waives or escalates the claim: only supervisors may work it`,
          );
        }
      }
      const handoverIndex = policy.levels.findIndex((level) => level.kind === 'handover');
      if (
        handoverIndex >= 0 &&
        !policy.levels.slice(0, handoverIndex).some((level) => level.kind === 'final')
      ) {
        issue(
          ['levels', handoverIndex, 'kind'],
          'a final notice announcing the handover must come before it',
        );
      }
    }),
  );
export type Policy = z.infer<typeof policySchema>;

/**
 * The queues of decisions that waive or escalate a claim, with what they decide: a handover approval hands
 * the claim to the collection agency, an upheld dispute waives it. (A write-off is not a task: the
 * accounting system reports it.)
 */
function supervisorDecisions(policy: Pick<Policy, 'levels' | 'disputeQueue'>): [string, string][] {
  return [
    [policy.disputeQueue, 'disputes'],
    ...policy.levels.flatMap((level): [string, string][] =>
      level.kind === 'handover' ? [[level.approvalQueue, 'handover approvals']] : [],
    ),
  ];
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Renders zod issues as "levels[2].channel: message" lines, so an operator finds the broken field at once. */
export function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((segment, index) =>
        typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
      )
      .join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

export function parsePolicy(input: unknown, source = 'policy'): Policy {
  const result = policySchema.safeParse(input);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error));
  return result.data;
}
