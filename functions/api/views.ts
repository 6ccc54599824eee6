import { actorOfFacts } from '../domain/actor.js';
import { daysBetween, type IsoDate } from '../domain/calendar.js';
import { type CaseContext, creditedCents, type DunningCase, isTerminal } from '../domain/case.js';
import { levelName, nameOfLevel, type PolicyLevels } from '../domain/level-names.js';
import type { Locale } from '../domain/money.js';
import { statementOn, toneFor } from '../domain/statement.js';
import type { Task } from '../domain/task.js';
import { timelineText } from '../domain/timeline-text.js';
import type * as z from '../domain/zod.js';
import type { TimelineRecord } from '../workflow/outbox.js';
import { isSupervisor, type Principal } from './principal.js';
import type { caseViewSchema, customerViewSchema, timelineEntryViewSchema } from './schemas.js';
import type { taskSummarySchema } from './task-schemas.js';

/*
 * The response bodies several resources share, built from the domain as the reader needs them: amounts to
 * date, levels by their names in the reader's language, contact data by role.
 */
type Out<S extends z.ZodMiniType> = z.infer<S>;

/** What a task summary is made of: the fields the queue index holds (a whole task has them too). */
export type SummarisedTask = Pick<
  Task,
  | 'taskId'
  | 'kind'
  | 'levelId'
  | 'queue'
  | 'priority'
  | 'dueAt'
  | 'invoiceId'
  | 'invoiceNumber'
  | 'invoiceDueDate'
  | 'customerId'
  | 'customerName'
  | 'openCents'
  | 'currency'
  | 'attempt'
  | 'salesRepInvolved'
  | 'claimedBy'
  | 'claimExpiresAt'
>;

export function taskSummary(
  task: SummarisedTask,
  today: IsoDate,
  policy: PolicyLevels,
  locale: Locale,
): Out<typeof taskSummarySchema> {
  return {
    taskId: task.taskId,
    kind: task.kind,
    levelName: levelName(policy, task.levelId, locale),
    queue: task.queue,
    priority: task.priority,
    dueAt: task.dueAt,
    invoiceId: task.invoiceId,
    invoiceNumber: task.invoiceNumber,
    customerId: task.customerId,
    customerName: task.customerName,
    openCents: task.openCents,
    currency: task.currency,
    daysOverdue: Math.max(0, daysBetween(task.invoiceDueDate, today)),
    attempt: task.attempt,
    salesRepInvolved: task.salesRepInvolved,
    claimedBy: task.claimedBy,
    claimExpiresAt: task.claimExpiresAt,
  };
}

export function caseView(
  dunningCase: DunningCase,
  today: IsoDate,
  context: CaseContext,
  locale: Locale,
): Out<typeof caseViewSchema> {
  const statement = statementOn(dunningCase, today, context);
  const { balance, invoice } = dunningCase;
  const currency = invoice.amount.currency;
  const money = (cents: number) => ({ cents, currency });
  const { levels } = context.policy;
  const nextLevel = isTerminal(dunningCase.status) ? undefined : levels[dunningCase.nextLevelIndex];
  return {
    invoiceId: dunningCase.invoiceId,
    invoiceNumber: invoice.invoiceNumber,
    orderNumber: invoice.orderNumber ?? null,
    status: dunningCase.status,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    levelsDone: dunningCase.reminders.map((reminder) => ({
      levelId: reminder.levelId,
      levelName: levelName(context.policy, reminder.levelId, locale),
      kind: reminder.kind,
      on: reminder.sentOn,
    })),
    nextLevel: nextLevel?.id ?? null,
    nextLevelName: nextLevel ? nameOfLevel(levels, nextLevel, locale) : null,
    defaultStart: dunningCase.defaultStart
      ? {
          date: dunningCase.defaultStart.date,
          interestFrom: dunningCase.defaultStart.interestFrom,
          legalReference: dunningCase.defaultStart.legalReference,
        }
      : null,
    amounts: {
      original: money(invoice.amount.cents),
      principalOpen: money(balance.principalCents),
      // Each item as what it is: the lump sum owed but not yet booked is a cost, not interest.
      interestToDate: money(balance.interestCents + statement.pendingInterestCents),
      costsOpen: money(balance.costsCents + statement.pendingCostsCents),
      paid: money(dunningCase.paidCents),
      credited: money(creditedCents(dunningCase)),
      totalOpen: money(statement.totalCents),
    },
    interestLines: statement.interestLines.map(({ from, through, ratePercent, cents }) => ({
      from,
      through,
      ratePercent,
      cents,
    })),
    promises: dunningCase.promises.map(({ promisedOn, cents, status }) => ({ promisedOn, cents, status })),
    hold: holdView(dunningCase.hold),
    tone: toneFor(dunningCase, context),
    toneOverride: dunningCase.toneOverride,
    flags: { ...dunningCase.flags, emailUndeliverable: dunningCase.emailUndeliverable },
  };
}

/** Since when the case is held and why, with every holder (an ERP block, a supervisor), first one first. */
function holdView(hold: DunningCase['hold']) {
  const [first] = hold?.holders ?? [];
  if (!hold || !first) return null;
  return {
    since: first.since,
    reason: hold.holders.map((holder) => holder.reason).join('; '),
    holders: hold.holders.map(({ owner, since, reason, by }) => ({
      owner,
      since,
      reason,
      by: by?.name ?? null,
    })),
  };
}

/** Callers see what they need to call (name, contact, phone); the email address only supervisors. */
export function customerView(dunningCase: DunningCase, principal: Principal): Out<typeof customerViewSchema> {
  const { customer } = dunningCase.invoice;
  return {
    id: customer.id,
    name: customer.name,
    contactName: customer.contactName ?? null,
    phone: customer.phone ?? null,
    email: isSupervisor(principal) ? customer.email : null,
    segment: customer.segment,
    consumer: customer.consumer,
    creditRating: customer.creditRating ?? null,
    salesRep: customer.salesRep?.name ?? null,
  };
}

/** The timeline as a person reads it: in their language, without the facts behind each line. */
export function timelineView(
  timeline: readonly TimelineRecord[],
  locale: Locale,
  policy: PolicyLevels,
): Out<typeof timelineEntryViewSchema>[] {
  return timeline.map((entry) => ({
    on: entry.on,
    recordedAt: entry.recordedAt,
    type: entry.type,
    summary: timelineText(entry, locale, policy),
    by: actorOfFacts(entry.data)?.name ?? null,
  }));
}
