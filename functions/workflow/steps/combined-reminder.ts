import { setTimeout as sleep } from 'node:timers/promises';
import type { IsoDate } from '../../domain/calendar.js';
import { applyEvent, type CaseContext, type DunningCase } from '../../domain/case.js';
import {
  type CombinedEntry,
  type CustomerDayReminder,
  combinedLetterInputFor,
  entriesOfDay,
} from '../../domain/combined-reminders.js';
import { epochMillisecondsOf } from '../../domain/instant.js';
import {
  MAX_COMBINED_INVOICES,
  type RenderedLetter,
  renderCombinedLetter,
  renderLetter,
} from '../../domain/letters/index.js';
import { letterInputFor } from '../../domain/statement.js';
import type { NextStep } from '../contracts/next-step.js';
import { COMBINED_MAIL_TAGS } from '../message-tags.js';
import { reminderOnNextBusinessDay } from '../next-step.js';
import {
  isDueAt,
  noteCrossedReminder,
  recordReminder,
  reminderLevelAt,
  reminderSentEvent,
} from './reminder-record.js';
import type { StepScope } from './scope.js';

/**
 * Combined reminders (Sammelmahnung): one execution per invoice stays, and the customer's reminder of the day
 * coordinates them with single-item conditional writes. The first execution due to send claims the day
 * (creating `CUSTOMER#<id>` / `REMINDER#<date>` with the cases it takes along), mails once under an idempotency
 * key of customer and day, marks the day sent and records the reminder on every listed case that is still due.
 * A listed execution that comes later waits for the mail and records its own case if nobody has yet; one that
 * is not listed (it became due after the claim) joins the next business day's mail instead of sending a second.
 */

/** How long a claim is the claimer's alone: reading the cases, rendering and one SES call fit in it. */
export const CLAIM_LEASE_MS = 30_000;
/** How often a listed execution looks again for the claimer's mail: about 20 s with the backoff. */
const WAIT_ATTEMPTS = 25;

/** The customer's reminder of the day is being sent by another execution: the step is retried. */
export class CustomerReminderBusyError extends Error {
  constructor(customerId: string, date: string) {
    super(`the reminder of customer ${customerId} for ${date} is being sent by another execution`);
    this.name = 'CustomerReminderBusyError';
  }
}

const engineMillis = (scope: StepScope) => epochMillisecondsOf(scope.clock.engineNow());

/** Sends (or joins) the customer's reminder of the day for a case due at `levelIndex`; returns the next step. */
export async function sendCombinedReminder(
  scope: StepScope,
  current: DunningCase,
  levelIndex: number,
): Promise<NextStep> {
  const { customerReminders, service, clock, context, today } = scope;
  const customerId = current.invoice.customer.id;
  const day =
    (await customerReminders.get(customerId, today)) ?? (await claimDay(scope, current, levelIndex));
  const own = day.entries.find((entry) => entry.invoiceId === current.invoiceId);
  if (!own) return reminderOnNextBusinessDay(current, levelIndex, clock, context);
  const done = day.status === 'claimed' ? await settle(scope, day, current.invoiceId) : day;
  if (done.status === 'sent' && done.messageId) {
    const recorded = await recordReminder(service, own.invoiceId, own.levelIndex, {
      on: done.date,
      now: scope.now,
      channel: 'email',
      messageId: done.messageId,
    });
    return scope.nextStep(recorded);
  }
  // Withheld: none of the listed cases was due when the mail was to be written. One that is due again (a
  // payment returned) must not send a second mail today either.
  const latest = await service.load(current.invoiceId);
  return isDueAt(latest, levelIndex)
    ? reminderOnNextBusinessDay(latest, levelIndex, clock, context)
    : scope.nextStep(latest);
}

/**
 * Claims the customer's reminder of today with a conditional put, listing the customer's cases due within the
 * window (this one first), and sends it. The execution that loses the put gets the winner's day instead.
 */
async function claimDay(
  scope: StepScope,
  self: DunningCase,
  levelIndex: number,
): Promise<CustomerDayReminder> {
  const { customerReminders, service, context, today } = scope;
  const customerId = self.invoice.customer.id;
  const invoiceIds = await customerReminders.openInvoiceIds(customerId, MAX_COMBINED_INVOICES);
  const others = await Promise.all(
    invoiceIds
      .filter((invoiceId) => invoiceId !== self.invoiceId)
      .map((invoiceId) => service.find(invoiceId)),
  );
  const claim: CustomerDayReminder = {
    customerId,
    date: today,
    status: 'claimed',
    claimedBy: self.invoiceId,
    leaseExpiresAtMs: engineMillis(scope) + CLAIM_LEASE_MS,
    entries: entriesOfDay(
      self,
      levelIndex,
      others.filter((other) => other !== undefined),
      today,
      context,
    ),
    messageId: null,
    mailed: [],
  };
  if (await customerReminders.claim(claim)) return send(scope, claim);
  const winner = await customerReminders.get(customerId, today);
  if (!winner) throw new CustomerReminderBusyError(customerId, today);
  return winner;
}

/**
 * Waits for the claimer to finish the day; takes the claim over and sends itself once the claimer's lease ran
 * out (it died before it marked the mail sent) or when it is the claimer's own retry. Still claimed after the
 * wait: the step is retried.
 */
async function settle(
  scope: StepScope,
  claimed: CustomerDayReminder,
  invoiceId: string,
): Promise<CustomerDayReminder> {
  const { customerReminders } = scope;
  const { customerId, date } = claimed;
  for (let attempt = 0; attempt < WAIT_ATTEMPTS; attempt++) {
    const day = await customerReminders.get(customerId, date);
    if (!day) break;
    if (day.status !== 'claimed') return day;
    const now = engineMillis(scope);
    // The claimer's own retry (an SES fault, a timeout) need not wait out the lease its failed attempt left.
    if (day.leaseExpiresAtMs <= now || day.claimedBy === invoiceId) {
      const lease = now + CLAIM_LEASE_MS;
      if (await customerReminders.takeOver(customerId, date, invoiceId, now, lease)) {
        return send(scope, { ...day, claimedBy: invoiceId, leaseExpiresAtMs: lease });
      }
    }
    await sleep(Math.min(1000, 20 * 2 ** attempt));
  }
  throw new CustomerReminderBusyError(customerId, date);
}

/**
 * Mail first, then record: renders the listed cases still due (each with its own reminder applied), mails
 * them once under the day's idempotency key (a retry or a takeover gets the first mail's id back), marks the
 * day sent, then records the reminder on each mailed case. A case paid between mail and record keeps the
 * letter on its timeline without the level.
 */
async function send(scope: StepScope, day: CustomerDayReminder): Promise<CustomerDayReminder> {
  const { customerReminders, service, context } = scope;
  const { customerId, date } = day;
  const listed = await Promise.all(
    day.entries.map(async (entry) => ({ entry, current: await service.find(entry.invoiceId) })),
  );
  const due = listed.flatMap(({ entry, current }) =>
    current && isDueAt(current, entry.levelIndex) ? [{ entry, current }] : [],
  );
  const [first] = due;
  if (!first) {
    await customerReminders.finish(customerId, date, { status: 'withheld' });
    return { ...day, status: 'withheld' };
  }
  const asSent = due.map(
    ({ entry, current }) =>
      applyEvent(current, reminderSentEvent(entry.levelIndex, 'email', date), context).case,
  );
  const firstLevel = reminderLevelAt(context.policy.levels, first.entry.levelIndex);
  const messageId = await scope.deliver(`customer#${customerId}#${date}`, {
    to: first.current.invoice.customer.email,
    ...letterOf(asSent, date, context),
    tags: {
      invoiceId: first.entry.invoiceId,
      levelId: firstLevel.id,
      [COMBINED_MAIL_TAGS.customerId]: customerId,
      [COMBINED_MAIL_TAGS.mailedOn]: date,
    },
  });
  const mailed = due.map(({ entry }) => entry.invoiceId);
  await customerReminders.finish(customerId, date, { status: 'sent', messageId, mailed });
  await Promise.all(due.map(({ entry }) => recordMailed(scope, entry, date, messageId)));
  return { ...day, status: 'sent', messageId, mailed };
}

/** One invoice keeps the single letter of today; several get the combined letter that lists each. */
function letterOf(asSent: readonly DunningCase[], on: IsoDate, context: CaseContext): RenderedLetter {
  const [only, ...more] = asSent;
  if (only && more.length === 0) return renderLetter(letterInputFor(only, on, context));
  return renderCombinedLetter(combinedLetterInputFor(asSent, on, context));
}

async function recordMailed(scope: StepScope, entry: CombinedEntry, date: IsoDate, messageId: string) {
  const { service, now } = scope;
  const recorded = await recordReminder(service, entry.invoiceId, entry.levelIndex, {
    on: date,
    now,
    channel: 'email',
    messageId,
  });
  await noteCrossedReminder(service, recorded, entry.levelIndex, date, messageId);
}
