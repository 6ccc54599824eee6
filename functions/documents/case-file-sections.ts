import type { InkassoCaseFile } from '../domain/case-file.js';
import { formatLetterDate, formatRate } from '../domain/letters/letter.js';
import { formatMoney } from '../domain/money.js';

/**
 * What the printed § 13a RDG case file says, section by section, in German (the agency's and the debtor's
 * language): headings, label/value rows (amounts right-aligned) and paragraphs. Kept apart from the drawing so
 * the wording can be read and tested without a PDF.
 */
export type CaseFileBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'row'; label: string; value: string; amount?: boolean; emphasis?: boolean }
  | { kind: 'paragraph'; text: string; muted?: boolean };

type Reminder = InkassoCaseFile['contactHistory']['reminders'][number];
type Call = InkassoCaseFile['contactHistory']['calls'][number];

const date = (value: string) => formatLetterDate(value, 'de');

const CHANNEL = { email: 'E-Mail', letter: 'Brief (Post)' } as const;
const REMINDER_KIND = { reminder: 'Mahnung', final: 'Letzte Mahnung' } as const;
const PROMISE_STATUS = { kept: 'eingehalten', broken: 'nicht eingehalten', pending: 'offen' } as const;
const RESOLUTION = { upheld: 'berechtigt (Forderung storniert)', rejected: 'zurückgewiesen' } as const;
const CALL_OUTCOME: Readonly<Record<Call['outcome'], string>> = {
  paid: 'Zahlung gemeldet',
  promise: 'Zahlungszusage',
  installments: 'Ratenzahlung vereinbart',
  dispute: 'Forderung bestritten',
  'not-reached': 'nicht erreicht',
  'wrong-contact': 'falscher Ansprechpartner',
  callback: 'Rückruf vereinbart',
  timeout: 'nicht bearbeitet (Frist abgelaufen)',
};

const heading = (text: string): CaseFileBlock => ({ kind: 'heading', text });
const row = (
  label: string,
  value: string,
  extra: { amount?: boolean; emphasis?: boolean } = {},
): CaseFileBlock => ({ kind: 'row', label, value, ...extra });
const paragraph = (text: string, muted = false): CaseFileBlock => ({ kind: 'paragraph', text, muted });
const noneYet = (text: string): CaseFileBlock[] => [paragraph(text, true)];

function creditorSection({ creditor }: InkassoCaseFile): CaseFileBlock[] {
  return [
    heading('Gläubiger'),
    row('Name', creditor.name),
    row('Anschrift', creditor.addressLines.join(', ')),
    row('Kontakt', `${creditor.email}, ${creditor.phone}`),
  ];
}

function addressLines(address: NonNullable<InkassoCaseFile['debtor']['postalAddress']>): string[] {
  return [
    ...address.nameLines,
    address.street,
    `${address.postalCode} ${address.city}`,
    ...(address.country ? [address.country.toUpperCase()] : []),
  ];
}

function debtorSection({ debtor }: InkassoCaseFile): CaseFileBlock[] {
  const address = debtor.postalAddress
    ? addressLines(debtor.postalAddress).map((line, index) => row(index === 0 ? 'Anschrift' : '', line))
    : [row('Anschrift', 'keine Postanschrift hinterlegt')];
  return [
    heading('Schuldner mit Anschrift'),
    row('Name', debtor.name),
    row('Kundennummer', debtor.customerId),
    row('Art', debtor.consumer ? 'Verbraucher (§ 13 BGB)' : 'Unternehmer'),
    ...(debtor.contactName ? [row('Ansprechpartner', debtor.contactName)] : []),
    ...address,
    row('E-Mail', debtor.email),
    ...(debtor.phone ? [row('Telefon', debtor.phone)] : []),
  ];
}

function claimSection({ claim, account }: InkassoCaseFile): CaseFileBlock[] {
  const money = (cents: number) => formatMoney(cents, account.currency, 'de');
  const amount = (label: string, cents: number, emphasis = false) =>
    row(label, money(cents), { amount: true, emphasis });
  const { principal, interest, costs } = account;
  return [
    heading('Forderung'),
    row(
      'Rechnung',
      `${claim.invoiceNumber} vom ${date(claim.invoiceDate)}, fällig am ${date(claim.dueDate)}`,
    ),
    row('Vertrag', `${claim.orderNumber ? `${claim.orderNumber} ` : ''}vom ${date(claim.orderDate)}`),
    row('Grund der Forderung', claim.reason.join('; ')),
    amount('Hauptforderung (Rechnungsbetrag)', principal.originalCents),
    amount('Hauptforderung offen', principal.openCents),
    ...interest.lines.map((line) =>
      amount(
        `Zinsen ${date(line.from)} bis ${date(line.through)} (${line.days} Tage, ${formatRate(line.ratePercent, 'de')} p. a. auf ${money(line.principalCents)})${line.baseRateStale ? ', Basiszinssatz zu prüfen' : ''}`,
        line.cents,
      ),
    ),
    amount('Zinsen insgesamt', interest.accruedCents),
    amount('Zinsen offen', interest.openCents),
    ...(costs.lumpSumCents > 0 ? [amount('Verzugspauschale (§ 288 Abs. 5 BGB)', costs.lumpSumCents)] : []),
    ...costs.reminderFees.map((fee) =>
      amount(`Mahngebühr vom ${date(fee.on)}${fee.levelId ? ` (${fee.levelId})` : ''}`, fee.cents),
    ),
    amount('Kosten insgesamt', costs.chargedCents),
    amount('Kosten offen', costs.openCents),
    amount('Gesamtforderung offen', account.totalOpenCents, true),
  ];
}

function paymentsSection({ payments, account }: InkassoCaseFile): CaseFileBlock[] {
  return [
    heading('Zahlungseingänge'),
    ...(payments.length === 0
      ? noneYet('Keine Zahlungen eingegangen.')
      : payments.map((payment) =>
          row(
            `${date(payment.receivedOn)} (${payment.paymentId})`,
            formatMoney(payment.cents, account.currency, 'de'),
            { amount: true },
          ),
        )),
  ];
}

function defaultSection({ defaultStart, limitationDate }: InkassoCaseFile): CaseFileBlock[] {
  return [
    heading('Verzugseintritt'),
    row('Verzug seit', `${date(defaultStart.date)} (${defaultStart.legalReference})`),
    row('Verjährung', `Ablauf am ${date(limitationDate)} (§§ 195, 199 BGB)`),
  ];
}

function reminderLine(reminder: Reminder): CaseFileBlock {
  const posted = reminder.postedOn ? `, zur Post gegeben am ${date(reminder.postedOn)}` : '';
  const document = reminder.documentKey ? `, Dokument ${reminder.documentKey}` : '';
  return row(
    date(reminder.sentOn),
    `${REMINDER_KIND[reminder.kind]} per ${CHANNEL[reminder.channel]} (Stufe ${reminder.levelId})${posted}${document}`,
  );
}

function remindersSection({ contactHistory }: InkassoCaseFile): CaseFileBlock[] {
  const { reminders } = contactHistory;
  return [
    heading('Mahnungen mit Datum und Kanal'),
    ...(reminders.length === 0 ? noneYet('Keine Mahnungen versandt.') : reminders.map(reminderLine)),
  ];
}

function promisesSection({ contactHistory, account }: InkassoCaseFile): CaseFileBlock[] {
  const { promises } = contactHistory;
  return [
    heading('Zusagen und Ratenpläne'),
    ...(promises.length === 0
      ? noneYet('Keine Zahlungszusagen.')
      : promises.map((promise) =>
          row(
            date(promise.recordedOn),
            `Zahlung von ${formatMoney(promise.cents, account.currency, 'de')} bis ${date(promise.promisedOn)} zugesagt: ${PROMISE_STATUS[promise.status]}`,
          ),
        )),
  ];
}

function disputesSection({ contactHistory }: InkassoCaseFile): CaseFileBlock[] {
  const { disputes } = contactHistory;
  return [
    heading('Einwendungen und Bestreiten'),
    ...(disputes.length === 0
      ? noneYet('Die Forderung wurde nicht bestritten.')
      : disputes.map((dispute) =>
          row(
            date(dispute.raisedOn),
            `${dispute.reason}${dispute.resolvedOn && dispute.resolution ? ` (entschieden am ${date(dispute.resolvedOn)}: ${RESOLUTION[dispute.resolution]})` : ' (offen)'}`,
          ),
        )),
  ];
}

function contactSection({ contactHistory, creditBureau }: InkassoCaseFile): CaseFileBlock[] {
  const { calls } = contactHistory;
  return [
    heading('Kontakthistorie'),
    ...(calls.length === 0
      ? noneYet('Keine Mahnanrufe.')
      : calls.map((call) =>
          row(date(call.on), `Mahnanruf: ${CALL_OUTCOME[call.outcome]}${call.note ? ` (${call.note})` : ''}`),
        )),
    row(
      'Meldung an Auskunftei',
      creditBureau.allowed
        ? 'zulässig nach § 31 Abs. 2 Nr. 4 BDSG'
        : 'nicht zulässig nach § 31 Abs. 2 Nr. 4 BDSG',
    ),
  ];
}

function rdgSection(): CaseFileBlock[] {
  return [
    heading('Informationen nach § 13a RDG'),
    paragraph(
      'Diese Akte enthält die Angaben, die das Inkassounternehmen dem Schuldner bei der ersten Geltendmachung ' +
        'nach § 13a Abs. 1 RDG mitteilen muss: den Auftraggeber (Gläubiger), den Forderungsgrund mit Vertrag und ' +
        'Datum des Vertragsschlusses sowie eine Aufstellung der Forderung nach Hauptforderung, Zinsen mit Zinssatz ' +
        'und Zeitraum und Kosten. Mahnungen, Anrufe, Zusagen, Einwendungen und Zahlungen sind mit Datum aufgeführt.',
    ),
  ];
}

/** The case file as the agency reads it, section by section. */
export function caseFileBlocks(file: InkassoCaseFile): CaseFileBlock[] {
  return [
    ...creditorSection(file),
    ...debtorSection(file),
    ...claimSection(file),
    ...paymentsSection(file),
    ...defaultSection(file),
    ...remindersSection(file),
    ...promisesSection(file),
    ...disputesSection(file),
    ...contactSection(file),
    ...rdgSection(),
  ];
}
