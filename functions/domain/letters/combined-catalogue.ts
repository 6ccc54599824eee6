import type { Tone } from './schema.js';

/**
 * The wording a combined reminder (Sammelmahnung) adds to the catalogue: one mail that lists several invoices
 * of one customer, each at its own level. Subject and opening follow the highest level among them; the
 * account, payment details, notices and closing come from the single letter's catalogue.
 */
export type DunningStage = 'first-reminder' | 'second-reminder' | 'further-reminder' | 'final';

type ByTone = Readonly<Record<Tone, string>>;

export interface CombinedCatalogue {
  subject: Readonly<Record<DunningStage, string>>;
  /** What happened, by the highest level; then what we ask for, by tone (kept apart: the letter is long). */
  opening: Readonly<Record<DunningStage, string>>;
  request: ByTone;
  /** How each listed invoice names its own level. */
  levelNames: Readonly<Record<DunningStage, string>>;
  /** A final notice among the invoices announces the handover of those claims. */
  nextStep: { withAgency: string; withoutAgency: string; creditBureau: string };
  headings: { summary: string; invoice: string };
  labels: { summaryRow: string; invoiceTotal: string; grandTotal: string; references: string };
  /** Put before the single letter's note on a rejected dispute, naming the invoice it belongs to. */
  rejectedDisputeOf: string;
  contact: string;
}

const de: CombinedCatalogue = {
  subject: {
    'first-reminder': 'Zahlungserinnerung: {{invoiceCount}} offene Rechnungen',
    'second-reminder': 'Mahnung: {{invoiceCount}} offene Rechnungen',
    'further-reminder': 'Erneute Mahnung: {{invoiceCount}} offene Rechnungen',
    final: 'Letzte Mahnung vor Übergabe an ein Inkassounternehmen: {{invoiceCount}} offene Rechnungen',
  },
  opening: {
    'first-reminder':
      'vielleicht haben Sie es übersehen: {{invoiceCount}} unserer Rechnungen sind fällig, ein Zahlungseingang liegt uns noch nicht vor.',
    'second-reminder': 'trotz unserer Zahlungserinnerung sind weiterhin Rechnungen offen.',
    'further-reminder': 'trotz mehrerer Erinnerungen sind weiterhin Rechnungen offen.',
    final:
      'trotz unserer Mahnungen sind weiterhin Rechnungen offen. Mit diesem Schreiben setzen wir Ihnen eine letzte Frist.',
  },
  request: {
    friendly:
      'Unten finden Sie alle {{invoiceCount}} Rechnungen mit ihrer Mahnstufe. Wir schätzen die Zusammenarbeit mit Ihnen sehr und wären Ihnen dankbar, wenn Sie den Gesamtbetrag von {{total}} bis zum {{payBy}} überweisen würden. Gibt es einen Grund für die Verzögerung, sprechen Sie uns gern an.',
    neutral:
      'Unten finden Sie alle {{invoiceCount}} Rechnungen mit ihrer Mahnstufe. Bitte überweisen Sie den offenen Gesamtbetrag von {{total}} bis zum {{payBy}}.',
    firm: 'Unten finden Sie alle {{invoiceCount}} Rechnungen mit ihrer Mahnstufe. Bitte überweisen Sie den Gesamtbetrag von {{total}} bis spätestens {{payBy}}.',
  },
  levelNames: {
    'first-reminder': 'Zahlungserinnerung',
    'second-reminder': 'Mahnung',
    'further-reminder': 'Erneute Mahnung',
    final: 'Letzte Mahnung',
  },
  nextStep: {
    withAgency:
      'Geht der Betrag nicht bis zum {{payBy}} bei uns ein, übergeben wir die Forderungen, die unten als letzte Mahnung gekennzeichnet sind, an das Inkassounternehmen {{inkassoAgency}}.',
    withoutAgency:
      'Geht der Betrag nicht bis zum {{payBy}} bei uns ein, übergeben wir die Forderungen, die unten als letzte Mahnung gekennzeichnet sind, an ein Inkassounternehmen.',
    creditBureau:
      'Außerdem können wir diese Forderungen dann an eine Auskunftei melden (siehe Hinweis unten).',
  },
  headings: { summary: 'Übersicht', invoice: 'Rechnung {{invoiceNumber}}: {{levelName}}' },
  labels: {
    summaryRow: 'Rechnung {{invoiceNumber}} ({{levelName}})',
    invoiceTotal: 'Offener Betrag dieser Rechnung',
    grandTotal: 'Offener Gesamtbetrag',
    references: 'Verwendungszweck (Rechnungsnummern)',
  },
  rejectedDisputeOf: 'Zu Rechnung {{invoiceNumber}}:',
  contact:
    'Haben Sie bereits gezahlt oder sind Sie mit einer der Forderungen nicht einverstanden? Dann melden Sie sich bitte unter {{creditorEmail}} oder {{creditorPhone}} bei uns, wir klären das gern.',
};

const en: CombinedCatalogue = {
  subject: {
    'first-reminder': 'Payment reminder: {{invoiceCount}} open invoices',
    'second-reminder': 'Overdue payment: {{invoiceCount}} open invoices',
    'further-reminder': 'Further reminder of overdue payment: {{invoiceCount}} open invoices',
    final: 'Final notice before handover to a collection agency: {{invoiceCount}} open invoices',
  },
  opening: {
    'first-reminder':
      'Perhaps it has been overlooked: {{invoiceCount}} of our invoices are due, and we have not yet received payment.',
    'second-reminder': 'Despite our payment reminder, invoices remain unpaid.',
    'further-reminder': 'Despite several reminders, invoices remain unpaid.',
    final: 'Despite our reminders, invoices remain unpaid. With this letter we set a final deadline.',
  },
  request: {
    friendly:
      'Below you will find all {{invoiceCount}} invoices with their reminder level. We value working with you and would be grateful if you could transfer the total of {{total}} by {{payBy}}. If there is a reason for the delay, just let us know.',
    neutral:
      'Below you will find all {{invoiceCount}} invoices with their reminder level. Please transfer the outstanding total of {{total}} by {{payBy}}.',
    firm: 'Below you will find all {{invoiceCount}} invoices with their reminder level. Please transfer the total of {{total}} by {{payBy}} at the latest.',
  },
  levelNames: {
    'first-reminder': 'Payment reminder',
    'second-reminder': 'Second reminder',
    'further-reminder': 'Further reminder',
    final: 'Final notice',
  },
  nextStep: {
    withAgency:
      'If we have not received the amount by {{payBy}}, we will hand the claims marked as final notice below over to the collection agency {{inkassoAgency}}.',
    withoutAgency:
      'If we have not received the amount by {{payBy}}, we will hand the claims marked as final notice below over to a collection agency.',
    creditBureau:
      'In that case we may also report these claims to a credit reference agency (see the notice below).',
  },
  headings: { summary: 'Overview', invoice: 'Invoice {{invoiceNumber}}: {{levelName}}' },
  labels: {
    summaryRow: 'Invoice {{invoiceNumber}} ({{levelName}})',
    invoiceTotal: 'Amount due on this invoice',
    grandTotal: 'Total now due',
    references: 'Payment reference (invoice numbers)',
  },
  rejectedDisputeOf: 'On invoice {{invoiceNumber}}:',
  contact:
    'If you have already paid or disagree with any of these claims, please contact us at {{creditorEmail}} or {{creditorPhone}} and we will be glad to clarify it.',
};

export const combinedCatalogues: Readonly<Record<'de' | 'en', CombinedCatalogue>> = { de, en };
