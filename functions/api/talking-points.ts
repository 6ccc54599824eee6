import type { IsoDate } from '../domain/calendar.js';
import { type DunningCase, openCents } from '../domain/case.js';
import { formatLetterDate } from '../domain/letters/letter.js';
import { levelName } from '../domain/level-names.js';
import { formatMoney, type Locale } from '../domain/money.js';
import type { CallOutcome, NonPaymentReason } from '../domain/outcomes.js';
import type { PolicyLevel } from '../domain/policy.js';
import { GERMAN_OUTCOMES } from '../domain/timeline-text.js';

/** A call a person finished earlier on this case, the newest last. */
export interface PreviousCall {
  on: IsoDate;
  outcome: CallOutcome;
}

export interface TalkingPointFacts {
  dunningCase: DunningCase;
  amounts: { totalOpen: number; principalOpen: number; interestToDate: number; costsOpen: number };
  previousCalls: readonly PreviousCall[];
  largeAmountCents: number;
  /** The policy's levels, to name the last reminder's level. */
  levels: readonly PolicyLevel[];
}

type Money = (cents: number) => string;
type Day = (date: IsoDate) => string;

/** The words of one language; every sentence a caller reads before dialling is built from these. */
interface Phrases {
  invoice(p: { number: string; order?: string; issued: string; due: string; amount: string }): string;
  open(p: { total: string; principal: string; interest: string; costs: string }): string;
  delivered(lines: string): string;
  lastReminder(p: {
    level: string;
    on: string;
    channel: DunningCase['reminders'][number]['channel'];
  }): string;
  lastCall(p: { on: string; outcome: CallOutcome['type']; reason?: NonPaymentReason }): string;
  promise(p: { amount: string; on: string; status: DunningCase['promises'][number]['status'] }): string;
  creditRating(rating: number): string;
  involveSales(name: string): string;
  aim: string;
  defaultSince(p: { on: string; basis: string }): string;
}

const german: Phrases = {
  invoice: ({ number, order, issued, due, amount }) =>
    `Rechnung ${number}${order ? ` zum Auftrag ${order}` : ''} vom ${issued}, fällig am ${due}: ${amount}.`,
  open: ({ total, principal, interest, costs }) =>
    `Heute offen: ${total} (Hauptforderung ${principal}, Zinsen ${interest}, Kosten ${costs}).`,
  delivered: (lines) => `Geliefert: ${lines}.`,
  lastReminder: ({ level, on, channel }) =>
    `Letzte Mahnung: ${level} am ${on} per ${channel === 'email' ? 'E-Mail' : 'Brief'}.`,
  lastCall: ({ on, outcome, reason }) =>
    `Letzter Anruf am ${on}: ${GERMAN_OUTCOMES[outcome]}${reason ? ` (Grund: ${GERMAN_REASONS[reason]})` : ''}.`,
  promise: ({ amount, on, status }) =>
    `Zahlungszusage über ${amount} zum ${on}: ${{ pending: 'offen', kept: 'eingehalten', broken: 'gebrochen' }[status]}.`,
  creditRating: (rating) => `Bonitätsklasse ${rating} (1 beste, 6 schlechteste).`,
  involveSales: (name) => `Hoher Betrag: ${name} (Vertrieb) einbeziehen.`,
  aim: 'Ziel: ein verbindlicher Zahlungstermin in den nächsten Tagen oder eine Ratenzahlung; nach dem Grund der Nichtzahlung fragen.',
  defaultSince: ({ on, basis }) => `In Verzug seit ${on} (${basis}).`,
};

const GERMAN_REASONS: Record<NonPaymentReason, string> = {
  liquidity: 'Liquiditätsengpass',
  'invoice-not-received': 'Rechnung nicht erhalten',
  'missing-po-number': 'Bestellnummer fehlt',
  'wrong-address': 'falsche Adresse',
  'disputed-delivery': 'Lieferung bestritten',
  'quality-complaint': 'Qualitätsmangel',
  'approval-pending': 'Freigabe beim Kunden ausstehend',
  forgotten: 'vergessen',
  other: 'sonstiger Grund',
};

const english: Phrases = {
  invoice: ({ number, order, issued, due, amount }) =>
    `Invoice ${number}${order ? ` for order ${order}` : ''} of ${issued}, due ${due}: ${amount}.`,
  open: ({ total, principal, interest, costs }) =>
    `Open today: ${total} (principal ${principal}, interest ${interest}, costs ${costs}).`,
  delivered: (lines) => `Delivered: ${lines}.`,
  lastReminder: ({ level, on, channel }) => `Last reminder: ${level} on ${on} by ${channel}.`,
  lastCall: ({ on, outcome, reason }) =>
    `Last call on ${on}: ${outcome.replace('-', ' ')}${reason ? ` (reason: ${reason.replaceAll('-', ' ')})` : ''}.`,
  promise: ({ amount, on, status }) => `Promise of ${amount} for ${on}: ${status}.`,
  creditRating: (rating) => `Credit rating class ${rating} (1 best, 6 worst).`,
  involveSales: (name) => `Large amount: involve ${name} (sales).`,
  aim: 'Aim for a binding payment date within days, or an installment plan; ask for the reason of non-payment.',
  defaultSince: ({ on, basis }) => `In default since ${on} (${basis}).`,
};

const PHRASES: Record<Locale, Phrases> = { de: german, en: english };

/**
 * What a caller should have in mind before dialling, in the caller's language: the claim, what is open, what
 * happened so far (reminders, the last call, promises and whether they were kept) and what to aim for.
 */
export function talkingPoints(facts: TalkingPointFacts, locale: Locale): string[] {
  const say = PHRASES[locale];
  const { invoice } = facts.dunningCase;
  const money: Money = (cents) => formatMoney(cents, invoice.amount.currency, locale);
  const day: Day = (date) => formatLetterDate(date, locale);
  const { dunningCase, amounts } = facts;
  const points = [
    say.invoice({
      number: invoice.invoiceNumber,
      order: invoice.orderNumber,
      issued: day(invoice.issueDate),
      due: day(invoice.dueDate),
      amount: money(invoice.amount.cents),
    }),
    say.open({
      total: money(amounts.totalOpen),
      principal: money(amounts.principalOpen),
      interest: money(amounts.interestToDate),
      costs: money(amounts.costsOpen),
    }),
  ];
  if (invoice.lineSummary.length > 0) points.push(say.delivered(invoice.lineSummary.join('; ')));
  const lastReminder = dunningCase.reminders.at(-1);
  if (lastReminder) {
    points.push(
      say.lastReminder({
        level: levelName(facts, lastReminder.levelId, locale),
        on: day(lastReminder.sentOn),
        channel: lastReminder.channel,
      }),
    );
  }
  const lastCall = facts.previousCalls.at(-1);
  if (lastCall) {
    const reason = 'reason' in lastCall.outcome ? lastCall.outcome.reason : undefined;
    points.push(say.lastCall({ on: day(lastCall.on), outcome: lastCall.outcome.type, reason }));
  }
  for (const promise of dunningCase.promises) {
    points.push(
      say.promise({ amount: money(promise.cents), on: day(promise.promisedOn), status: promise.status }),
    );
  }
  if (invoice.customer.creditRating !== undefined)
    points.push(say.creditRating(invoice.customer.creditRating));
  if (invoice.customer.salesRep && openCents(dunningCase) >= facts.largeAmountCents) {
    points.push(say.involveSales(invoice.customer.salesRep.name));
  }
  points.push(say.aim);
  if (dunningCase.defaultStart) {
    points.push(
      say.defaultSince({
        on: day(dunningCase.defaultStart.date),
        basis: dunningCase.defaultStart.legalReference,
      }),
    );
  }
  return points;
}
