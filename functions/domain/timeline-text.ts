import { actorOfFacts } from './actor.js';
import { type IsoDate, isoDateSchema } from './calendar.js';
import {
  CUSTOMER_BLOCK_OWNER_PREFIX,
  caseStatusSchema,
  holdOwnerSchema,
  type RestartCause,
  restartCauseSchema,
} from './case.js';
import { caseStatusName } from './case-statuses.js';
import { formatLetterDate } from './letters/letter.js';
import { type Tone, toneSchema } from './letters/schema.js';
import { levelName, type PolicyLevels } from './level-names.js';
import { formatMoney, type Locale } from './money.js';
import type { TaskKind, TaskOutcome } from './outcomes.js';
import { letterNotRendered, letterProblemDe, letterProblemEn } from './timeline-letters.js';
import * as z from './zod.js';

/**
 * The case timeline in the reader's language. Each entry is stored once, with an English summary (the
 * audit record) and the facts it was written from (`data`); German text is rendered from those facts when
 * the timeline is read, and so is English text for the lines that name a level or a case status (which the
 * summary holds as internal codes). An entry whose facts do not fit (written before a field existed) keeps
 * its summary.
 */
export interface DescribableEntry {
  on: IsoDate;
  type: string;
  summary: string;
  data?: Record<string, string | number | boolean | null>;
}

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
  z.pipe(
    z.string(),
    z.transform((code: string) => names[code] ?? code),
  );
const outcome = named(GERMAN_OUTCOMES);
const kind = named(TASK_KIND);
const cents = z.int();
/** Stored codes the reader sees by name (Words): a case status, a policy level. */
const status = z.string();
const levelId = z.string();

/** How codes in the facts become words: levels by their names, statuses as words; unknown codes stay. */
interface Words {
  level(levelId: string): string;
  status(code: string): string;
}

function wordsFor(locale: Locale, policy: PolicyLevels): Words {
  return {
    level: (id) => levelName(policy, id, locale),
    status: (code) => {
      const known = caseStatusSchema.safeParse(code);
      return known.success ? caseStatusName(known.data, locale) : code;
    },
  };
}

type Render = (data: unknown, on: IsoDate, words: Words) => string | undefined;

/** A sentence from the facts `schema` reads; `undefined` when the stored facts do not fit. */
function sentence<S extends z.ZodMiniType>(
  schema: S,
  render: (facts: z.output<S>, words: Words, on: IsoDate) => string,
): Render {
  return (data, on, words) => {
    const facts = schema.safeParse(data ?? {});
    return facts.success ? render(facts.data, words, on) : undefined;
  };
}

const HOLD_OWNER = { erp: 'Mahnsperre im ERP', supervisor: 'Teamleitung' } as const;
/** An owner in German words; a customer's block keeps its id, which the accounting system knows it by. */
const holdOwner = z.pipe(
  holdOwnerSchema,
  z.transform((owner: z.output<typeof holdOwnerSchema>) =>
    owner === 'erp' || owner === 'supervisor'
      ? HOLD_OWNER[owner]
      : `Kundensperre ${owner.slice(CUSTOMER_BLOCK_OWNER_PREFIX.length)} im ERP`,
  ),
);
const RESTART_CAUSE: Record<RestartCause, string> = {
  'execution-failed': 'der Ablauf war fehlgeschlagen',
  'execution-timed-out': 'der Ablauf war abgelaufen',
  'execution-aborted': 'der Ablauf war abgebrochen worden',
  'no-running-execution': 'kein Ablauf bearbeitete den Fall',
  'invoice-reissued': 'die Rechnung wurde erneut übermittelt',
  supervisor: 'durch die Teamleitung',
};
const nothing = z.object({});
const reminderSent = z.union([
  z.object({ levelId, channel: z.enum(['email', 'letter']) }),
  z.object({ levelId, messageId: z.string() }),
]);
const letterRendered = z.object({ levelId, pages: z.int() });
const pagesIn = (pages: number, locale: Locale) =>
  locale === 'de'
    ? `${pages} ${pages === 1 ? 'Seite' : 'Seiten'}`
    : `${pages} ${pages === 1 ? 'page' : 'pages'}`;
const letterPosted = z.object({ levelId, postedOn: isoDateSchema });
const letterWithdrawn = z.object({ levelId, feeCents: z.int() });
const handoverBlock = z.object({
  block: z.enum(['disputed', 'not-open', 'not-in-default', 'time-barred']),
  status,
  limitationDate: z._default(z.nullable(isoDateSchema), null),
});
/** §§ 195, 199, 214 BGB: the period ended with `limitationDate`; the block says so in the reader's words. */
const timeBarred = (limitationDate: IsoDate | null, locale: 'de' | 'en') =>
  locale === 'de'
    ? `die Forderung ist verjährt${limitationDate ? `: die Verjährungsfrist endete am ${day(limitationDate)}` : ''} (§§ 195, 199 BGB)`
    : `the claim is time-barred${limitationDate ? `: its limitation period ended on ${limitationDate}` : ''} (§§ 195, 199 BGB)`;

const GERMAN: Record<string, Render> = {
  'case-opened': sentence(z.object({ invoiceNumber: z.string(), dueDate: isoDateSchema }), (facts) => {
    return `Fall eröffnet für Rechnung ${facts.invoiceNumber}, fällig am ${day(facts.dueDate)}`;
  }),
  'default-started': sentence(z.object({ date: isoDateSchema, legalReference: z.string() }), (facts) => {
    return `in Verzug seit ${day(facts.date)} (${facts.legalReference})`;
  }),
  'interest-booked': sentence(z.object({ cents }), (facts, _words, on) => {
    return `Verzugszinsen von ${money(facts.cents)} bis ${day(on)} gebucht`;
  }),
  'charge-added': sentence(z.object({ kind: z.enum(['lump-sum', 'reminder-fee']), cents }), (facts) => {
    const what = facts.kind === 'lump-sum' ? 'Verzugspauschale (§ 288 Abs. 5 BGB)' : 'Mahngebühr';
    return `${what} von ${money(facts.cents)} berechnet`;
  }),
  'reminder-sent': sentence(reminderSent, (facts, words) =>
    'channel' in facts
      ? `Mahnstufe „${words.level(facts.levelId)}“ erreicht (Versand per ${CHANNEL[facts.channel]})`
      : `${words.level(facts.levelId)} per E-Mail verschickt`,
  ),
  'reminder-withheld': sentence(z.object({ levelId, status }), (facts, words) => {
    return `${words.level(facts.levelId)} nicht verschickt: der Fall ist ${words.status(facts.status)}`;
  }),
  'reminder-crossed': sentence(z.object({ levelId, status }), (facts, words) => {
    return `${words.level(facts.levelId)} per E-Mail verschickt, während der Fall ${words.status(facts.status)} wurde; keine Gebühr berechnet`;
  }),
  'level-completed': sentence(z.object({ levelId }), (facts, words) => {
    return `Stufe „${words.level(facts.levelId)}“ abgeschlossen`;
  }),
  'promise-recorded': sentence(z.object({ cents, promisedOn: isoDateSchema }), (facts) => {
    return `Zahlungszusage über ${money(facts.cents)} bis ${day(facts.promisedOn)}`;
  }),
  'promise-checked': sentence(z.object({ kept: z.boolean() }), (facts) =>
    facts.kept ? 'Zahlungszusage eingehalten' : 'Zahlungszusage gebrochen',
  ),
  'installments-agreed': sentence(z.object({ rates: z.int() }), (facts) => {
    return `Ratenzahlung mit ${facts.rates} Raten vereinbart`;
  }),
  'installments-defaulted': sentence(
    z.object({ accelerationClause: z.optional(z.boolean()) }),
    ({ accelerationClause }) =>
      accelerationClause === undefined
        ? 'Ratenzahlung geplatzt'
        : accelerationClause
          ? 'Ratenzahlung geplatzt; Verfallklausel: der gesamte Restbetrag ist fällig und ab morgen in Verzug'
          : 'Ratenzahlung geplatzt; Verzugszinsen nur auf die versäumten Raten, je ab dem Tag nach ihrem Termin (§ 286 Abs. 2 Nr. 1 BGB); die übrigen Raten werden zu ihren Terminen fällig',
  ),
  'installment-reminder': sentence(z.object({ rate: z.int() }), (facts) => {
    return `Rate ${facts.rate} überfällig: Erinnerung verschickt`;
  }),
  'payment-received': sentence(
    z.object({ paymentId: z.string(), cents, afterClosing: z._default(z.boolean(), false) }),
    (facts) =>
      `Zahlung ${facts.paymentId} über ${money(facts.cents)} eingegangen${facts.afterClosing ? ' (nach Abschluss des Falls)' : ''}`,
  ),
  'hold-set': sentence(z.object({ reason: z.string(), owner: holdOwner }), (facts) => {
    return `Mahnlauf angehalten (${facts.owner}): ${facts.reason}`;
  }),
  'hold-released': sentence(
    z.object({ resumeAs: status, owner: holdOwner, stillHeldBy: z.optional(holdOwner) }),
    (facts, words) =>
      facts.stillHeldBy
        ? `Sperre (${facts.owner}) aufgehoben; der Fall bleibt angehalten (${facts.stillHeldBy})`
        : `Mahnlauf fortgesetzt, der Fall ist ${words.status(facts.resumeAs)}`,
  ),
  'workflow-restarted': sentence(
    z.object({ restarts: z.int(), cause: restartCauseSchema, reason: z.nullable(z.string()) }),
    (facts) => {
      const why = facts.reason
        ? `${RESTART_CAUSE[facts.cause]}: ${facts.reason}`
        : RESTART_CAUSE[facts.cause];
      return `Mahnlauf neu gestartet (${facts.restarts}. Neustart), ${why}`;
    },
  ),
  'dispute-raised': sentence(
    z.object({ reason: z.string(), note: z.optional(z.string()) }),
    (facts) => `Forderung bestritten: ${facts.reason}${facts.note ? ` (Notiz: ${facts.note})` : ''}`,
  ),
  'dispute-resolved': sentence(
    z.object({
      resolution: z.enum(['upheld', 'rejected']),
      interest: z.optional(z.enum(['charged', 'waived'])),
      interestCents: z._default(cents, 0),
    }),
    (facts) => {
      if (facts.resolution === 'upheld') return 'Einwand stattgegeben';
      if (facts.interest === 'charged') {
        return `Einwand zurückgewiesen; § 286 Abs. 4 BGB: Verzug bestand fort; Zinsen für die Dauer des Einwands berechnet (${money(facts.interestCents)})`;
      }
      if (facts.interest === 'waived') {
        return `Einwand zurückgewiesen; Zinsen für die Dauer des Einwands (${money(facts.interestCents)}) aus Kulanz erlassen`;
      }
      return 'Einwand zurückgewiesen';
    },
  ),
  'written-off': sentence(
    z.object({ reason: z.string(), scope: z.optional(z.enum(['all', 'rest'])) }),
    (facts) => `${facts.scope === 'rest' ? 'Restforderung' : 'Forderung'} abgeschrieben: ${facts.reason}`,
  ),
  'invoice-credited': sentence(
    z.object({ creditNoteId: z.string(), cents, reducedCents: cents, principalCents: cents }),
    (facts) =>
      `Gutschrift ${facts.creditNoteId} über ${money(facts.cents)}: Hauptforderung um ${money(facts.reducedCents)} auf ${money(facts.principalCents)} gemindert`,
  ),
  'email-bounced': sentence(z.object({ levelId: z.optional(levelId) }), (facts, words) =>
    facts.levelId
      ? `E-Mail-Adresse unzustellbar: „${words.level(facts.levelId)}“ und die weiteren Stufen per Brief`
      : 'E-Mail-Adresse unzustellbar: weiter per Telefon und Brief',
  ),
  'letter-posted': sentence(letterPosted, (facts, words) => {
    return `Brief „${words.level(facts.levelId)}“ am ${day(facts.postedOn)} zur Post gegeben`;
  }),
  'letter-withdrawn': sentence(letterWithdrawn, (facts, words) => {
    const fee = facts.feeCents > 0 ? `; Mahngebühr von ${money(facts.feeCents)} storniert` : '';
    return `Brief „${words.level(facts.levelId)}“ zurückgezogen: er kann nicht verschickt werden${fee}`;
  }),
  'tone-overridden': sentence(
    z.object({ tone: z.nullable(toneSchema), reason: z._default(z.nullable(z.string()), null) }),
    (facts) => {
      const text = facts.tone
        ? `Tonfall für diesen Fall: ${TONE[facts.tone]}`
        : 'Eigener Tonfall des Falls aufgehoben: es gilt der Tonfall des Kundensegments';
      return facts.reason ? `${text}: ${facts.reason}` : text;
    },
  ),
  'case-closed': sentence(z.object({ outcome: status }), (facts, words) => {
    return `Fall geschlossen: ${words.status(facts.outcome)}`;
  }),
  'task-opened': sentence(z.object({ kind, queue: z.string() }), (facts) => {
    return `Aufgabe „${facts.kind}“ in Warteschlange ${facts.queue} eröffnet`;
  }),
  'task-timed-out': sentence(z.object({ kind }), (facts) => `Aufgabe „${facts.kind}“ abgelaufen: Eskalation`),
  'outcome-rejected': sentence(z.object({ outcome, reason: z.string() }), (facts) => {
    return `Ergebnis „${facts.outcome}“ nicht übernommen: ${facts.reason}`;
  }),
  'outcome-recorded': sentence(z.object({ outcome, kind }), (facts) => {
    return `Ergebnis „${facts.outcome}“ der Aufgabe „${facts.kind}“ erfasst`;
  }),
  'customer-call': sentence(
    z.object({ outcome, invoices: z.int(), invoiceIds: z.string() }),
    (facts) =>
      `Sammelanruf zu ${facts.invoices} Rechnungen (${facts.invoiceIds}): für diese Rechnung „${facts.outcome}“`,
  ),
  'late-outcome': sentence(z.object({ outcome, by: z.string() }), (facts) => {
    return `Ergebnis „${facts.outcome}“ von ${facts.by} erst nach Ablauf der Aufgabe erfasst`;
  }),
  'contact-correction-needed': sentence(z.object({ queue: z.string() }), (facts) => {
    return `Falscher Ansprechpartner erreicht: Korrektur der Kontaktdaten in Warteschlange ${facts.queue} beauftragt`;
  }),
  'letter-rendered': sentence(letterRendered, (facts, words) => {
    return `Brief „${words.level(facts.levelId)}“ als PDF erstellt (${pagesIn(facts.pages, 'de')}), zum Versand bereit`;
  }),
  'letter-not-rendered': sentence(letterNotRendered, (facts, words) => {
    return `Brief „${words.level(facts.levelId)}“ nicht verschickt: ${letterProblemDe(facts)}; Korrektur der Stammdaten in Warteschlange ${facts.queue} beauftragt`;
  }),
  'handover-blocked': sentence(handoverBlock, (facts, words) => {
    const why = {
      disputed: 'die Forderung ist bestritten, die Entscheidung steht aus',
      'not-open': `der Fall ist ${words.status(facts.status)}`,
      'not-in-default': 'der Schuldner ist nicht in Verzug',
      'time-barred': timeBarred(facts.limitationDate, 'de'),
    };
    return `Übergabe gesperrt: ${why[facts.block]}`;
  }),
  'handover-approved': sentence(nothing, () => 'Übergabe an Inkasso freigegeben'),
  'handover-rejected': sentence(nothing, () => {
    return 'Übergabe an Inkasso abgelehnt: der Fall bleibt zur Bearbeitung im Haus offen';
  }),
  'workflow-ended': sentence(
    z.object({
      status,
      cause: z._default(z.enum(['workflow-done', 'restart-limit']), 'workflow-done'),
      restarts: z._default(z.number(), 0),
    }),
    (facts, words) =>
      facts.cause === 'restart-limit'
        ? `Automatischer Mahnlauf nach ${facts.restarts} gescheiterten Neustarts angehalten; der Fall bleibt ${words.status(facts.status)} und braucht die Teamleitung`
        : `Automatischer Mahnlauf beendet; der Fall bleibt ${words.status(facts.status)}`,
  ),
  'step-failed': sentence(z.object({ error: z.string() }), (facts) => {
    return `Ein Schritt des Mahnlaufs ist fehlgeschlagen: ${facts.error}`;
  }),
};

/**
 * English from the facts for the lines whose summary names a level by its id or a status by its code; the
 * other lines read as their summary says.
 */
const ENGLISH: Record<string, Render> = {
  'reminder-sent': sentence(reminderSent, (facts, words) =>
    'channel' in facts
      ? `${words.level(facts.levelId)} sent by ${facts.channel}`
      : `${words.level(facts.levelId)} emailed`,
  ),
  'letter-posted': sentence(letterPosted, (facts, words) => {
    return `${words.level(facts.levelId)} letter posted on ${facts.postedOn}`;
  }),
  'email-bounced': sentence(z.object({ levelId }), (facts, words) => {
    return `email address undeliverable: ${words.level(facts.levelId)} goes out by letter, later levels too`;
  }),
  'letter-withdrawn': sentence(letterWithdrawn, (facts, words) => {
    const fee = facts.feeCents > 0 ? `; fee of ${formatMoney(facts.feeCents, 'EUR', 'en')} taken back` : '';
    return `${words.level(facts.levelId)} letter withdrawn: it cannot be posted${fee}`;
  }),
  'reminder-withheld': sentence(z.object({ levelId, status }), (facts, words) => {
    return `${words.level(facts.levelId)} not sent: the case is ${words.status(facts.status)}`;
  }),
  'reminder-crossed': sentence(z.object({ levelId, status }), (facts, words) => {
    return `${words.level(facts.levelId)} emailed as the case became ${words.status(facts.status)}; no fee charged`;
  }),
  'level-completed': sentence(
    z.object({ levelId }),
    (facts, words) => `${words.level(facts.levelId)} completed`,
  ),
  'hold-released': sentence(
    z.object({ resumeAs: status, owner: holdOwnerSchema, stillHeldBy: z.optional(holdOwnerSchema) }),
    (facts, words) =>
      facts.stillHeldBy
        ? `${facts.owner} hold released; the case stays held by the ${facts.stillHeldBy}`
        : `dunning resumed, the case is ${words.status(facts.resumeAs)}`,
  ),
  'case-closed': sentence(z.object({ outcome: status }), (facts, words) => {
    return `case closed: ${words.status(facts.outcome)}`;
  }),
  'handover-blocked': sentence(handoverBlock, (facts, words) => {
    const why = {
      disputed: 'the claim is disputed and awaits a resolution',
      'not-open': `the case is ${words.status(facts.status)}`,
      'not-in-default': 'the debtor is not in default',
      'time-barred': timeBarred(facts.limitationDate, 'en'),
    };
    return `handover blocked: ${why[facts.block]}`;
  }),
  'workflow-ended': sentence(z.object({ status }), (facts, words) => {
    return `automatic dunning ended; the case stays ${words.status(facts.status)}`;
  }),
  'letter-rendered': sentence(letterRendered, (facts, words) => {
    return `${words.level(facts.levelId)} letter rendered as PDF (${pagesIn(facts.pages, 'en')}), ready to post`;
  }),
  'letter-not-rendered': sentence(letterNotRendered, (facts, words) => {
    return `${words.level(facts.levelId)} letter not posted: ${letterProblemEn(facts)}; data correction requested in queue ${facts.queue}`;
  }),
};

const RENDERERS: Record<Locale, Record<string, Render>> = { de: GERMAN, en: ENGLISH };

/** The lines whose sentence names the person already (it was written that way before actors were kept). */
const NAMES_THE_PERSON = new Set(['late-outcome']);
const BY: Record<Locale, string> = { de: 'von', en: 'by' };

/** A line of something a person did ends with who did it: "… (von Erika Muster)". */
function withActor(text: string, entry: DescribableEntry, locale: Locale): string {
  const actor = actorOfFacts(entry.data);
  return actor && !NAMES_THE_PERSON.has(entry.type) ? `${text} (${BY[locale]} ${actor.name})` : text;
}

/**
 * The German text of an entry, or `undefined` when none can be rendered from its facts. Without the policy,
 * levels keep their ids (enough to tell whether a line can be read in German at all).
 */
export function germanTimelineText(
  entry: DescribableEntry,
  policy: PolicyLevels = { levels: [] },
): string | undefined {
  const text = GERMAN[entry.type]?.(entry.data, entry.on, wordsFor('de', policy));
  return text === undefined ? undefined : withActor(text, entry, 'de');
}

/** An entry in the reader's language; `policy` names the levels the entry mentions. */
export function timelineText(entry: DescribableEntry, locale: Locale, policy: PolicyLevels): string {
  const text =
    RENDERERS[locale][entry.type]?.(entry.data, entry.on, wordsFor(locale, policy)) ?? entry.summary;
  return withActor(text, entry, locale);
}
