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
  opening: Readonly<Record<DunningStage, ByTone>>;
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
    'first-reminder': {
      friendly:
        'vielen Dank für die angenehme Zusammenarbeit. Beim Abgleich unserer Konten ist uns aufgefallen, dass {{invoiceCount}} unserer Rechnungen noch offen sind. Vielleicht sind sie im Tagesgeschäft einfach untergegangen, das kann jedem passieren. Wir haben sie Ihnen unten zusammengestellt und wären Ihnen dankbar, wenn Sie den Gesamtbetrag von {{total}} bis zum {{payBy}} überweisen würden.',
      neutral:
        'vielleicht haben Sie es übersehen: {{invoiceCount}} unserer Rechnungen sind fällig, ein Zahlungseingang liegt uns noch nicht vor. Sie finden die Rechnungen unten zusammengestellt. Bitte überweisen Sie den offenen Gesamtbetrag von {{total}} bis zum {{payBy}}.',
      firm: '{{invoiceCount}} unserer Rechnungen sind fällig und noch nicht bezahlt; vermutlich wurde die Zahlung übersehen. Bitte überweisen Sie den unten aufgestellten Gesamtbetrag von {{total}} bis spätestens {{payBy}}.',
    },
    'second-reminder': {
      friendly:
        'leider konnten wir trotz unserer Erinnerung noch keinen Zahlungseingang feststellen. Unten finden Sie alle {{invoiceCount}} offenen Rechnungen mit ihrer Mahnstufe. Wir schätzen die Zusammenarbeit mit Ihnen sehr und möchten die Sache gern unkompliziert abschließen: Bitte überweisen Sie den Gesamtbetrag von {{total}} bis zum {{payBy}}. Gibt es einen Grund für die Verzögerung, sprechen Sie uns gern an, gemeinsam finden wir eine Lösung.',
      neutral:
        'trotz unserer Zahlungserinnerung sind weiterhin Rechnungen offen; unten finden Sie alle {{invoiceCount}} fälligen Rechnungen mit ihrer Mahnstufe. Wir bitten Sie, den offenen Gesamtbetrag von {{total}} bis zum {{payBy}} zu überweisen.',
      firm: 'trotz Zahlungserinnerung sind {{invoiceCount}} unserer Rechnungen nicht beglichen (Aufstellung unten). Bitte überweisen Sie {{total}} bis spätestens {{payBy}}.',
    },
    'further-reminder': {
      friendly:
        'trotz mehrerer Erinnerungen sind noch Rechnungen offen; unten finden Sie alle {{invoiceCount}} mit ihrer Mahnstufe. Uns liegt viel an unserer langjährigen Zusammenarbeit, deshalb bitten wir Sie heute noch einmal persönlich, den Gesamtbetrag von {{total}} bis zum {{payBy}} zu überweisen. Fällt Ihnen die Zahlung in einer Summe gerade schwer, melden Sie sich bitte; eine Ratenzahlung vereinbaren wir gern mit Ihnen.',
      neutral:
        'wir haben Sie bereits mehrfach an offene Rechnungen erinnert; unten finden Sie alle {{invoiceCount}} fälligen Rechnungen mit ihrer Mahnstufe. Bitte überweisen Sie den Gesamtbetrag von {{total}} bis zum {{payBy}}.',
      firm: 'trotz mehrerer Mahnungen sind {{invoiceCount}} unserer Rechnungen weiterhin nicht bezahlt (Aufstellung unten). Wir fordern Sie auf, {{total}} bis spätestens {{payBy}} zu überweisen.',
    },
    final: {
      friendly:
        'leider sind trotz unserer Erinnerungen weiterhin Rechnungen offen; unten finden Sie alle {{invoiceCount}} mit ihrer Mahnstufe. Das bedauern wir, gerade weil wir die Zusammenarbeit mit Ihnen sehr schätzen. Mit diesem Schreiben setzen wir Ihnen eine letzte Frist: Bitte überweisen Sie den Gesamtbetrag von {{total}} bis zum {{payBy}}.',
      neutral:
        'trotz unserer bisherigen Mahnungen sind weiterhin Rechnungen offen; unten finden Sie alle {{invoiceCount}} mit ihrer Mahnstufe. Wir setzen Ihnen hiermit eine letzte Frist zur Zahlung des Gesamtbetrags von {{total}} bis zum {{payBy}}.',
      firm: 'trotz wiederholter Mahnung sind {{invoiceCount}} unserer Rechnungen nicht bezahlt (Aufstellung unten). Letzte Frist: Bitte überweisen Sie {{total}} bis spätestens {{payBy}}.',
    },
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
    'first-reminder': {
      friendly:
        'Thank you for working with us. While reviewing our accounts we noticed that {{invoiceCount}} of our invoices are still open. Perhaps they were simply overlooked in the day-to-day rush, which can happen to anyone. We have listed them below and would be grateful if you could transfer the total of {{total}} by {{payBy}}.',
      neutral:
        'Perhaps it has been overlooked: {{invoiceCount}} of our invoices are due, and we have not yet received payment. You will find them listed below. Please transfer the outstanding total of {{total}} by {{payBy}}.',
      firm: '{{invoiceCount}} of our invoices are due and have not been paid; the payment may have been overlooked. Please transfer the total listed below, {{total}}, by {{payBy}} at the latest.',
    },
    'second-reminder': {
      friendly:
        'Despite our reminder, we have not yet received payment. Below you will find all {{invoiceCount}} open invoices with their reminder level. We value working with you and would like to settle this simply: please transfer the total of {{total}} by {{payBy}}. If there is a reason for the delay, just let us know and we will find a solution together.',
      neutral:
        'Despite our payment reminder, invoices remain unpaid; below you will find all {{invoiceCount}} invoices now due with their reminder level. Please transfer the outstanding total of {{total}} by {{payBy}}.',
      firm: 'Despite our reminder, {{invoiceCount}} of our invoices remain unpaid (listed below). Please transfer {{total}} by {{payBy}} at the latest.',
    },
    'further-reminder': {
      friendly:
        'Despite several reminders, invoices are still open; below you will find all {{invoiceCount}} with their reminder level. Our long-standing relationship matters to us, so we are asking you again personally to transfer the total of {{total}} by {{payBy}}. If paying the full amount at once is difficult right now, please get in touch; we will gladly agree an instalment plan with you.',
      neutral:
        'We have already reminded you several times about open invoices; below you will find all {{invoiceCount}} invoices now due with their reminder level. Please transfer the total of {{total}} by {{payBy}}.',
      firm: 'Despite several reminders, {{invoiceCount}} of our invoices remain unpaid (listed below). We ask you to transfer {{total}} by {{payBy}} at the latest.',
    },
    final: {
      friendly:
        'Unfortunately, invoices are still unpaid despite our reminders; below you will find all {{invoiceCount}} with their reminder level. We regret this all the more because we value working with you. With this letter we set a final deadline: please transfer the total of {{total}} by {{payBy}}.',
      neutral:
        'Despite our previous reminders, invoices remain unpaid; below you will find all {{invoiceCount}} with their reminder level. We hereby set a final deadline for payment of the total of {{total}} by {{payBy}}.',
      firm: 'Despite repeated reminders, {{invoiceCount}} of our invoices remain unpaid (listed below). Final deadline: please transfer {{total}} by {{payBy}} at the latest.',
    },
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
