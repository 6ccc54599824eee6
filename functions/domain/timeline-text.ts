import { z } from 'zod';
import { type IsoDate, isoDateSchema } from './calendar.js';
import { formatLetterDate } from './letters/letter.js';
import { type Tone, toneSchema } from './letters/schema.js';
import { formatMoney, type Locale } from './money.js';
import type { TaskKind, TaskOutcome } from './outcomes.js';

/**
 * The case timeline in the reader's language. Each entry is stored once, with an English summary (the
 * audit record) and the facts it was written from (`data`); German text is rendered from those facts when
 * the timeline is read. An entry whose facts do not fit (written before a field existed) keeps its summary.
 */
export interface DescribableEntry {
  on: IsoDate;
  type: string;
  summary: string;
  data?: Record<string, string | number | boolean | null>;
}

const STATUS: Record<string, string> = {
  open: 'offen',
  promise: 'mit Zahlungszusage',
  installments: 'in Ratenzahlung',
  disputed: 'bestritten',
  'on-hold': 'angehalten',
  paid: 'bezahlt',
  cancelled: 'storniert',
  'handed-over': 'an Inkasso übergeben',
  'written-off': 'abgeschrieben',
};

const TASK_KIND: Record<TaskKind, string> = {
  call: 'Anruf',
  approval: 'Freigabe der Übergabe',
  dispute: 'Entscheidung über Einwand',
  'data-correction': 'Kontaktdaten korrigieren',
};

/** German names of what a person recorded on a task. */
export const GERMAN_OUTCOMES: Record<TaskOutcome['type'], string> = {
  paid: 'Zahlung gemeldet',
  promise: 'Zahlungszusage',
  installments: 'Ratenzahlung vereinbart',
  dispute: 'Forderung bestritten',
  'not-reached': 'nicht erreicht',
  'wrong-contact': 'falscher Ansprechpartner',
  callback: 'Rückruf vereinbart',
  approval: 'Freigabe',
  resolution: 'Entscheidung über Einwand',
  'contact-corrected': 'Kontaktdaten korrigiert',
  'case-closed': 'Fall geschlossen',
};

const TONE: Record<Tone, string> = { friendly: 'freundlich', neutral: 'sachlich', firm: 'bestimmt' };
const CHANNEL = { email: 'E-Mail', letter: 'Brief' } as const;

const money = (cents: number) => formatMoney(cents, 'EUR', 'de');
const day = (date: IsoDate) => formatLetterDate(date, 'de');
/** A stored code in its German name (an unknown code stays as it is). */
const named = (names: Readonly<Record<string, string>>) =>
  z.string().transform((code) => names[code] ?? code);
const status = named(STATUS);
const outcome = named(GERMAN_OUTCOMES);
const kind = named(TASK_KIND);
const cents = z.number().int();

type Render = (data: unknown, on: IsoDate) => string | undefined;

/** A German sentence from the facts `schema` reads; `undefined` when the stored facts do not fit. */
function german<S extends z.ZodType>(schema: S, render: (facts: z.output<S>, on: IsoDate) => string): Render {
  return (data, on) => {
    const facts = schema.safeParse(data ?? {});
    return facts.success ? render(facts.data, on) : undefined;
  };
}

const nothing = z.object({});

const GERMAN: Record<string, Render> = {
  'case-opened': german(z.object({ invoiceNumber: z.string(), dueDate: isoDateSchema }), (facts) => {
    return `Fall eröffnet für Rechnung ${facts.invoiceNumber}, fällig am ${day(facts.dueDate)}`;
  }),
  'default-started': german(z.object({ date: isoDateSchema, legalReference: z.string() }), (facts) => {
    return `in Verzug seit ${day(facts.date)} (${facts.legalReference})`;
  }),
  'interest-booked': german(z.object({ cents }), (facts, on) => {
    return `Verzugszinsen von ${money(facts.cents)} bis ${day(on)} gebucht`;
  }),
  'charge-added': german(z.object({ kind: z.enum(['lump-sum', 'reminder-fee']), cents }), (facts) => {
    const what = facts.kind === 'lump-sum' ? 'Verzugspauschale (§ 288 Abs. 5 BGB)' : 'Mahngebühr';
    return `${what} von ${money(facts.cents)} berechnet`;
  }),
  'reminder-sent': german(
    z.union([
      z.object({ levelId: z.string(), channel: z.enum(['email', 'letter']) }),
      z.object({ levelId: z.string(), messageId: z.string() }),
    ]),
    (facts) =>
      'channel' in facts
        ? `Mahnstufe ${facts.levelId} erreicht (Versand per ${CHANNEL[facts.channel]})`
        : `${facts.levelId} per E-Mail verschickt`,
  ),
  'reminder-withheld': german(z.object({ levelId: z.string(), status }), (facts) => {
    return `${facts.levelId} nicht verschickt: der Fall ist ${facts.status}`;
  }),
  'reminder-crossed': german(z.object({ levelId: z.string(), status }), (facts) => {
    return `${facts.levelId} per E-Mail verschickt, während der Fall ${facts.status} wurde; keine Gebühr berechnet`;
  }),
  'level-completed': german(
    z.object({ levelId: z.string() }),
    (facts) => `Stufe ${facts.levelId} abgeschlossen`,
  ),
  'promise-recorded': german(z.object({ cents, promisedOn: isoDateSchema }), (facts) => {
    return `Zahlungszusage über ${money(facts.cents)} bis ${day(facts.promisedOn)}`;
  }),
  'promise-checked': german(z.object({ kept: z.boolean() }), (facts) =>
    facts.kept ? 'Zahlungszusage eingehalten' : 'Zahlungszusage gebrochen',
  ),
  'installments-agreed': german(z.object({ rates: z.number().int() }), (facts) => {
    return `Ratenzahlung mit ${facts.rates} Raten vereinbart`;
  }),
  'installments-defaulted': german(nothing, () => 'Ratenzahlung geplatzt'),
  'installment-reminder': german(z.object({ rate: z.number().int() }), (facts) => {
    return `Rate ${facts.rate} überfällig: Erinnerung verschickt`;
  }),
  'payment-received': german(
    z.object({ paymentId: z.string(), cents, afterClosing: z.boolean().default(false) }),
    (facts) =>
      `Zahlung ${facts.paymentId} über ${money(facts.cents)} eingegangen${facts.afterClosing ? ' (nach Abschluss des Falls)' : ''}`,
  ),
  'hold-set': german(z.object({ reason: z.string() }), (facts) => `Mahnlauf angehalten: ${facts.reason}`),
  'hold-released': german(z.object({ resumeAs: status }), (facts) => {
    return `Mahnlauf fortgesetzt, der Fall ist ${facts.resumeAs}`;
  }),
  'dispute-raised': german(
    z.object({ reason: z.string() }),
    (facts) => `Forderung bestritten: ${facts.reason}`,
  ),
  'dispute-resolved': german(z.object({ resolution: z.enum(['upheld', 'rejected']) }), (facts) =>
    facts.resolution === 'upheld' ? 'Einwand stattgegeben' : 'Einwand zurückgewiesen',
  ),
  'written-off': german(z.object({ reason: z.string() }), (facts) => `abgeschrieben: ${facts.reason}`),
  'email-bounced': german(nothing, () => 'E-Mail-Adresse unzustellbar: weiter per Telefon und Brief'),
  'tone-overridden': german(z.object({ tone: toneSchema }), (facts) => {
    return `Tonfall für diesen Fall: ${TONE[facts.tone]}`;
  }),
  'case-closed': german(z.object({ outcome: status }), (facts) => `Fall geschlossen: ${facts.outcome}`),
  'task-opened': german(z.object({ kind, queue: z.string() }), (facts) => {
    return `Aufgabe „${facts.kind}“ in Warteschlange ${facts.queue} eröffnet`;
  }),
  'task-timed-out': german(z.object({ kind }), (facts) => `Aufgabe „${facts.kind}“ abgelaufen: Eskalation`),
  'outcome-rejected': german(z.object({ outcome, reason: z.string() }), (facts) => {
    return `Ergebnis „${facts.outcome}“ nicht übernommen: ${facts.reason}`;
  }),
  'late-outcome': german(z.object({ outcome, by: z.string() }), (facts) => {
    return `Ergebnis „${facts.outcome}“ von ${facts.by} erst nach Ablauf der Aufgabe erfasst`;
  }),
  'contact-correction-needed': german(z.object({ queue: z.string() }), (facts) => {
    return `Falscher Ansprechpartner erreicht: Korrektur der Kontaktdaten in Warteschlange ${facts.queue} beauftragt`;
  }),
  'handover-blocked': german(
    z.object({ block: z.enum(['disputed', 'not-open', 'not-in-default']), status }),
    (facts) =>
      `Übergabe gesperrt: ${
        {
          disputed: 'die Forderung ist bestritten, die Entscheidung steht aus',
          'not-open': `der Fall ist ${facts.status}`,
          'not-in-default': 'der Schuldner ist nicht in Verzug',
        }[facts.block]
      }`,
  ),
  'handover-rejected': german(nothing, () => {
    return 'Übergabe an Inkasso abgelehnt: der Fall bleibt zur Bearbeitung im Haus offen';
  }),
  'workflow-ended': german(z.object({ status }), (facts) => {
    return `Automatischer Mahnlauf beendet; der Fall bleibt ${facts.status}`;
  }),
  'step-failed': german(z.object({ error: z.string() }), (facts) => {
    return `Ein Schritt des Mahnlaufs ist fehlgeschlagen: ${facts.error}`;
  }),
};

/** The German text of an entry, or `undefined` when none can be rendered from its facts. */
export function germanTimelineText(entry: DescribableEntry): string | undefined {
  return GERMAN[entry.type]?.(entry.data, entry.on);
}

export function timelineText(entry: DescribableEntry, locale: Locale): string {
  return (locale === 'de' ? germanTimelineText(entry) : undefined) ?? entry.summary;
}
