import type { Tone } from './schema.js';

/**
 * The wording of every letter, as data. Each entry is plain text with `{{placeholder}}` variables (see
 * PLACEHOLDERS); markup and structure come from the layout. Only the sentences that really depend on the
 * tone are kept per tone; the account, payment details, notices and contact lines are shared.
 */
export const PLACEHOLDERS = [
  'customerName',
  'contactName',
  'invoiceNumber',
  'orderNumber',
  'invoiceDate',
  'dueDate',
  'payBy',
  'total',
  'inkassoAgency',
  'promiseAmount',
  'promiseDate',
  'creditorName',
  'creditorEmail',
  'creditorPhone',
  // A combined reminder (Sammelmahnung): how many invoices it lists; per invoice, the name of its level.
  'invoiceCount',
  'levelName',
  // Per table row:
  'rate',
  'from',
  'through',
  'index',
  'date',
  'value',
  // Page numbers of a posted letter:
  'page',
  'pages',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Reminder 1, reminder 2, reminder 3+, final notice and the two confirmations. */
export type Stage =
  | 'first-reminder'
  | 'second-reminder'
  | 'further-reminder'
  | 'final'
  | 'promise-confirmation'
  | 'installment-confirmation';

type ByTone = Readonly<Record<Tone, string>>;

export interface Catalogue {
  subject: Readonly<Record<Stage, string>>;
  salutation: { named: string; unnamed: string };
  /** The tone-specific core of each letter: what happened and what we ask for. */
  opening: Readonly<Record<Stage, ByTone>>;
  nextStep: { withAgency: string; withoutAgency: string; creditBureau: string; avoid: string };
  headings: { invoice: string; account: string; installments: string; payment: string };
  labels: {
    customer: string;
    invoiceNumber: string;
    orderNumber: string;
    invoiceDate: string;
    dueDate: string;
    payBy: string;
    principal: string;
    interest: string;
    lumpSum: string;
    reminderFee: string;
    paid: string;
    total: string;
    installment: string;
    installmentsTotal: string;
    payee: string;
    iban: string;
    bic: string;
    bank: string;
    reference: string;
    email: string;
    phone: string;
  };
  /** Payment terms of a plan: each rate due on its date, or with an acceleration clause (Verfallklausel). */
  installmentTerms: { perRate: string; acceleration: string };
  /** After a rejected dispute: its interest charged (§ 286 (4) BGB) or waived as goodwill. */
  rejectedDispute: { charged: string; waived: string };
  creditBureauNotice: string;
  crossedPayment: string;
  contact: string;
  closing: ByTone;
  signOff: ByTone;
  /** What only a posted letter prints: the information block, its page numbers and the footer. */
  letterhead: {
    yourReference: string;
    customerNumber: string;
    contact: string;
    date: string;
    page: string;
    seat: string;
    commercialRegister: string;
    vatId: string;
    managingDirectors: string;
    unsigned: string;
    continued: string;
  };
}

const de: Catalogue = {
  subject: {
    'first-reminder': 'Zahlungserinnerung: Rechnung {{invoiceNumber}}',
    'second-reminder': 'Mahnung: Rechnung {{invoiceNumber}}',
    'further-reminder': 'Erneute Mahnung: Rechnung {{invoiceNumber}}',
    final: 'Letzte Mahnung vor Übergabe an ein Inkassounternehmen: Rechnung {{invoiceNumber}}',
    'promise-confirmation': 'Bestätigung Ihrer Zahlungszusage: Rechnung {{invoiceNumber}}',
    'installment-confirmation': 'Bestätigung Ihrer Ratenzahlungsvereinbarung: Rechnung {{invoiceNumber}}',
  },
  salutation: { named: 'Guten Tag {{contactName}},', unnamed: 'Sehr geehrte Damen und Herren,' },
  opening: {
    'first-reminder': {
      friendly:
        'vielen Dank für die angenehme Zusammenarbeit. Beim Abgleich unserer Konten ist uns aufgefallen, dass unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} noch offen ist. Vielleicht ist sie im Tagesgeschäft einfach untergegangen, das kann jedem passieren. Wir wären Ihnen dankbar, wenn Sie den Betrag von {{total}} bis zum {{payBy}} überweisen würden.',
      neutral:
        'vielleicht haben Sie es übersehen: Unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} war am {{dueDate}} fällig, ein Zahlungseingang liegt uns noch nicht vor. Bitte überweisen Sie den offenen Betrag von {{total}} bis zum {{payBy}}.',
      firm: 'unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} war am {{dueDate}} fällig und ist noch nicht bezahlt; vermutlich wurde die Zahlung übersehen. Bitte überweisen Sie {{total}} bis spätestens {{payBy}}.',
    },
    'second-reminder': {
      friendly:
        'leider konnten wir zu unserer Rechnung {{invoiceNumber}} vom {{invoiceDate}} trotz unserer Zahlungserinnerung noch keinen Zahlungseingang feststellen. Wir schätzen die Zusammenarbeit mit Ihnen sehr und möchten die Sache gern unkompliziert abschließen. Bitte überweisen Sie den offenen Betrag von {{total}} bis zum {{payBy}}. Gibt es einen Grund für die Verzögerung, sprechen Sie uns gern an, gemeinsam finden wir eine Lösung.',
      neutral:
        'trotz unserer Zahlungserinnerung ist unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}}, fällig am {{dueDate}}, weiterhin offen. Wir bitten Sie, den offenen Betrag von {{total}} bis zum {{payBy}} zu überweisen.',
      firm: 'unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} ist seit dem {{dueDate}} fällig und trotz Zahlungserinnerung nicht beglichen. Bitte überweisen Sie {{total}} bis spätestens {{payBy}}.',
    },
    'further-reminder': {
      friendly:
        'unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} ist trotz mehrerer Erinnerungen noch offen. Uns liegt viel an unserer langjährigen Zusammenarbeit, deshalb bitten wir Sie heute noch einmal persönlich, den Betrag von {{total}} bis zum {{payBy}} zu überweisen. Fällt Ihnen die Zahlung in einer Summe gerade schwer, melden Sie sich bitte; eine Ratenzahlung vereinbaren wir gern mit Ihnen.',
      neutral:
        'wir haben Sie bereits mehrfach an die Zahlung unserer Rechnung {{invoiceNumber}} vom {{invoiceDate}} erinnert, der Betrag ist weiterhin offen. Bitte überweisen Sie {{total}} bis zum {{payBy}}.',
      firm: 'trotz mehrerer Mahnungen ist unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} weiterhin nicht bezahlt. Wir fordern Sie auf, {{total}} bis spätestens {{payBy}} zu überweisen.',
    },
    final: {
      friendly:
        'leider ist unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} trotz unserer Erinnerungen weiterhin offen. Das bedauern wir, gerade weil wir die Zusammenarbeit mit Ihnen sehr schätzen. Mit diesem Schreiben setzen wir Ihnen eine letzte Frist: Bitte überweisen Sie {{total}} bis zum {{payBy}}.',
      neutral:
        'trotz unserer bisherigen Mahnungen ist unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} weiterhin offen. Wir setzen Ihnen hiermit eine letzte Frist zur Zahlung von {{total}} bis zum {{payBy}}.',
      firm: 'unsere Rechnung {{invoiceNumber}} vom {{invoiceDate}} ist trotz wiederholter Mahnung nicht bezahlt. Letzte Frist: Bitte überweisen Sie {{total}} bis spätestens {{payBy}}.',
    },
    'promise-confirmation': {
      friendly:
        'vielen Dank für das angenehme Gespräch und Ihre Zusage. Wie besprochen bestätigen wir Ihnen gern: Sie überweisen {{promiseAmount}} bis zum {{promiseDate}} auf das unten genannte Konto. Sollte sich daran etwas ändern, geben Sie uns bitte kurz Bescheid.',
      neutral:
        'wir bestätigen Ihre Zusage, zu unserer Rechnung {{invoiceNumber}} vom {{invoiceDate}} den Betrag von {{promiseAmount}} bis zum {{promiseDate}} zu überweisen. Geht die Zahlung bis dahin nicht ein, setzen wir das Mahnverfahren fort.',
      firm: 'wir halten Ihre Zusage fest: Zahlung von {{promiseAmount}} zu Rechnung {{invoiceNumber}} bis spätestens {{promiseDate}}. Geht die Zahlung bis dahin nicht ein, setzen wir das Mahnverfahren fort.',
    },
    'installment-confirmation': {
      friendly:
        'vielen Dank für das offene Gespräch. Gern bestätigen wir die vereinbarte Ratenzahlung zu unserer Rechnung {{invoiceNumber}} vom {{invoiceDate}}. Die Raten und ihre Fälligkeiten finden Sie in der Übersicht unten.',
      neutral:
        'wir bestätigen die mit Ihnen vereinbarte Ratenzahlung zu unserer Rechnung {{invoiceNumber}} vom {{invoiceDate}}. Bitte überweisen Sie jede Rate bis zu dem unten genannten Datum.',
      firm: 'wir bestätigen die vereinbarte Ratenzahlung zu Rechnung {{invoiceNumber}}. Bitte halten Sie die folgenden Zahlungstermine genau ein.',
    },
  },
  nextStep: {
    withAgency:
      'Geht der Betrag nicht bis zum {{payBy}} bei uns ein, übergeben wir die Forderung an das Inkassounternehmen {{inkassoAgency}}.',
    withoutAgency:
      'Geht der Betrag nicht bis zum {{payBy}} bei uns ein, übergeben wir die Forderung an ein Inkassounternehmen.',
    creditBureau: 'Außerdem können wir die Forderung dann an eine Auskunftei melden (siehe Hinweis unten).',
    avoid: 'Das vermeiden Sie, wenn Sie fristgerecht zahlen oder sich vorher bei uns melden.',
  },
  headings: {
    invoice: 'Rechnungsdaten',
    account: 'Forderungsaufstellung',
    installments: 'Vereinbarte Raten',
    payment: 'Bankverbindung',
  },
  labels: {
    customer: 'Kunde',
    invoiceNumber: 'Rechnungsnummer',
    orderNumber: 'Ihre Bestellnummer',
    invoiceDate: 'Rechnungsdatum',
    dueDate: 'Fällig am',
    payBy: 'Zahlbar bis',
    principal: 'Hauptforderung',
    interest: 'Verzugszinsen {{rate}} p. a. vom {{from}} bis {{through}}',
    lumpSum: 'Verzugspauschale (§ 288 Abs. 5 BGB)',
    reminderFee: 'Mahngebühr',
    paid: 'Abzüglich erhaltener Zahlungen',
    total: 'Offener Gesamtbetrag',
    installment: '{{index}}. Rate, fällig am {{date}}',
    installmentsTotal: 'Summe der Raten',
    payee: 'Empfänger',
    iban: 'IBAN',
    bic: 'BIC',
    bank: 'Bank',
    reference: 'Verwendungszweck',
    email: 'E-Mail',
    phone: 'Telefon',
  },
  installmentTerms: {
    perRate:
      'Bitte geben Sie bei jeder Zahlung die Rechnungsnummer {{invoiceNumber}} als Verwendungszweck an. Jede Rate ist zu ihrem Termin fällig. Wird eine Rate nicht rechtzeitig gezahlt, sind Sie mit ihr ab dem Folgetag in Verzug (§ 286 Abs. 2 Nr. 1 BGB) und wir nehmen das Mahnverfahren wieder auf; die übrigen Raten bleiben zu ihren Terminen fällig.',
    acceleration:
      'Bitte geben Sie bei jeder Zahlung die Rechnungsnummer {{invoiceNumber}} als Verwendungszweck an. Jede Rate ist zu ihrem Termin fällig. Verfallklausel: Zahlen Sie eine Rate nicht rechtzeitig und auch nach unserer Erinnerung nicht, wird der gesamte noch offene Restbetrag sofort fällig, und wir nehmen das Mahnverfahren für den gesamten Restbetrag wieder auf.',
  },
  rejectedDispute: {
    charged:
      'Ihren Einwand gegen diese Forderung haben wir geprüft und zurückgewiesen. Da er unbegründet war, bestand Ihr Verzug fort (§ 286 Abs. 4 BGB); die Verzugszinsen für die Dauer des Einwands sind in der Forderungsaufstellung enthalten.',
    waived:
      'Ihren Einwand gegen diese Forderung haben wir geprüft und zurückgewiesen. Die Verzugszinsen für die Dauer des Einwands erlassen wir Ihnen aus Kulanz.',
  },
  creditBureauNotice:
    'Hinweis nach § 31 Abs. 2 Nr. 4 BDSG: Bleibt die Forderung unbezahlt und bestreiten Sie sie nicht, können wir sie frühestens vier Wochen nach unserer ersten Zahlungserinnerung an eine Auskunftei (z. B. SCHUFA) melden.',
  crossedPayment:
    'Sollte sich Ihre Zahlung mit diesem Schreiben überschnitten haben, betrachten Sie es bitte als gegenstandslos.',
  contact:
    'Haben Sie bereits gezahlt oder sind Sie mit der Forderung nicht einverstanden? Dann melden Sie sich bitte unter {{creditorEmail}} oder {{creditorPhone}} bei uns, wir klären das gern.',
  closing: {
    friendly: 'Herzlichen Dank für Ihre Unterstützung, wir freuen uns auf die weitere Zusammenarbeit.',
    neutral: 'Vielen Dank für Ihre Unterstützung.',
    firm: 'Vielen Dank.',
  },
  signOff: {
    friendly: 'Herzliche Grüße',
    neutral: 'Mit freundlichen Grüßen',
    firm: 'Mit freundlichen Grüßen',
  },
  letterhead: {
    yourReference: 'Ihr Zeichen',
    customerNumber: 'Kundennummer',
    contact: 'Ansprechpartner',
    date: 'Datum',
    page: 'Seite {{page}} von {{pages}}',
    seat: 'Sitz der Gesellschaft',
    commercialRegister: 'Handelsregister',
    vatId: 'USt-IdNr.',
    managingDirectors: 'Geschäftsführung',
    unsigned: 'Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.',
    continued: 'Fortsetzung',
  },
};

const en: Catalogue = {
  subject: {
    'first-reminder': 'Payment reminder: invoice {{invoiceNumber}}',
    'second-reminder': 'Overdue payment: invoice {{invoiceNumber}}',
    'further-reminder': 'Further reminder of overdue payment: invoice {{invoiceNumber}}',
    final: 'Final notice before handover to a collection agency: invoice {{invoiceNumber}}',
    'promise-confirmation': 'Confirmation of your promise to pay: invoice {{invoiceNumber}}',
    'installment-confirmation': 'Confirmation of your instalment plan: invoice {{invoiceNumber}}',
  },
  salutation: { named: 'Dear {{contactName}},', unnamed: 'Dear Sir or Madam,' },
  opening: {
    'first-reminder': {
      friendly:
        'Thank you for working with us. While reviewing our accounts we noticed that our invoice {{invoiceNumber}} of {{invoiceDate}} is still open. Perhaps it was simply overlooked in the day-to-day rush, which can happen to anyone. We would be grateful if you could transfer {{total}} by {{payBy}}.',
      neutral:
        'Perhaps it has been overlooked: our invoice {{invoiceNumber}} of {{invoiceDate}} was due on {{dueDate}}, and we have not yet received payment. Please transfer the outstanding amount of {{total}} by {{payBy}}.',
      firm: 'Our invoice {{invoiceNumber}} of {{invoiceDate}} was due on {{dueDate}} and has not been paid; the payment may have been overlooked. Please transfer {{total}} by {{payBy}} at the latest.',
    },
    'second-reminder': {
      friendly:
        'Despite our payment reminder, we have not yet received payment for our invoice {{invoiceNumber}} of {{invoiceDate}}. We value working with you and would like to settle this simply. Please transfer the outstanding amount of {{total}} by {{payBy}}. If there is a reason for the delay, just let us know and we will find a solution together.',
      neutral:
        'Despite our payment reminder, our invoice {{invoiceNumber}} of {{invoiceDate}}, due on {{dueDate}}, is still unpaid. Please transfer the outstanding amount of {{total}} by {{payBy}}.',
      firm: 'Our invoice {{invoiceNumber}} of {{invoiceDate}} has been due since {{dueDate}} and remains unpaid despite our reminder. Please transfer {{total}} by {{payBy}} at the latest.',
    },
    'further-reminder': {
      friendly:
        'Our invoice {{invoiceNumber}} of {{invoiceDate}} is still open despite several reminders. Our long-standing relationship matters to us, so we are asking you again personally to transfer {{total}} by {{payBy}}. If paying the full amount at once is difficult right now, please get in touch; we will gladly agree an instalment plan with you.',
      neutral:
        'We have already reminded you several times about our invoice {{invoiceNumber}} of {{invoiceDate}}, and the amount is still outstanding. Please transfer {{total}} by {{payBy}}.',
      firm: 'Despite several reminders, our invoice {{invoiceNumber}} of {{invoiceDate}} remains unpaid. We ask you to transfer {{total}} by {{payBy}} at the latest.',
    },
    final: {
      friendly:
        'Unfortunately, our invoice {{invoiceNumber}} of {{invoiceDate}} is still unpaid despite our reminders. We regret this all the more because we value working with you. With this letter we set a final deadline: please transfer {{total}} by {{payBy}}.',
      neutral:
        'Despite our previous reminders, our invoice {{invoiceNumber}} of {{invoiceDate}} remains unpaid. We hereby set a final deadline for payment of {{total}} by {{payBy}}.',
      firm: 'Our invoice {{invoiceNumber}} of {{invoiceDate}} remains unpaid despite repeated reminders. Final deadline: please transfer {{total}} by {{payBy}} at the latest.',
    },
    'promise-confirmation': {
      friendly:
        'Thank you for the pleasant conversation and your commitment. As agreed, we are happy to confirm that you will transfer {{promiseAmount}} by {{promiseDate}} to the account below. If anything changes, please let us know.',
      neutral:
        'We confirm your promise to pay {{promiseAmount}} towards our invoice {{invoiceNumber}} of {{invoiceDate}} by {{promiseDate}}. If payment has not been received by then, we will continue the reminder process.',
      firm: 'We have recorded your promise: payment of {{promiseAmount}} towards invoice {{invoiceNumber}} by {{promiseDate}} at the latest. If payment has not been received by then, we will continue the reminder process.',
    },
    'installment-confirmation': {
      friendly:
        'Thank you for the open conversation. We are happy to confirm the instalment plan agreed for our invoice {{invoiceNumber}} of {{invoiceDate}}. You will find the instalments and their due dates below.',
      neutral:
        'We confirm the instalment plan agreed with you for our invoice {{invoiceNumber}} of {{invoiceDate}}. Please transfer each instalment by the date shown below.',
      firm: 'We confirm the agreed instalment plan for invoice {{invoiceNumber}}. Please make sure each of the following payments arrives on time.',
    },
  },
  nextStep: {
    withAgency:
      'If we have not received the amount by {{payBy}}, we will hand the claim over to the collection agency {{inkassoAgency}}.',
    withoutAgency:
      'If we have not received the amount by {{payBy}}, we will hand the claim over to a collection agency.',
    creditBureau:
      'In that case we may also report the claim to a credit reference agency (see the notice below).',
    avoid: 'You can avoid this by paying in time or contacting us before then.',
  },
  headings: {
    invoice: 'Invoice details',
    account: 'Statement of account',
    installments: 'Agreed instalments',
    payment: 'Payment details',
  },
  labels: {
    customer: 'Customer',
    invoiceNumber: 'Invoice number',
    orderNumber: 'Your order number',
    invoiceDate: 'Invoice date',
    dueDate: 'Due date',
    payBy: 'Please pay by',
    principal: 'Principal',
    interest: 'Default interest at {{rate}} p.a. from {{from}} to {{through}}',
    lumpSum: 'Late-payment lump sum (§ 288 (5) BGB)',
    reminderFee: 'Reminder fee',
    paid: 'Less payments received',
    total: 'Total now due',
    installment: 'Instalment {{index}}, due {{date}}',
    installmentsTotal: 'Total of instalments',
    payee: 'Payee',
    iban: 'IBAN',
    bic: 'BIC',
    bank: 'Bank',
    reference: 'Payment reference',
    email: 'Email',
    phone: 'Phone',
  },
  installmentTerms: {
    perRate:
      'Please quote invoice number {{invoiceNumber}} as the payment reference for each instalment. Each instalment is due on its date. If an instalment is not paid on time, you are in default on it from the following day (§ 286 (2) no. 1 BGB) and we will resume the reminder process; the remaining instalments stay due on their dates.',
    acceleration:
      'Please quote invoice number {{invoiceNumber}} as the payment reference for each instalment. Each instalment is due on its date. Acceleration clause: if an instalment is not paid on time and still not paid after our reminder, the entire outstanding balance becomes due immediately and we will resume the reminder process for all of it.',
  },
  rejectedDispute: {
    charged:
      'We have examined your objection to this claim and rejected it. As it was unfounded, your default continued (§ 286 (4) BGB); the default interest for the period of the objection is included in the statement of account.',
    waived:
      'We have examined your objection to this claim and rejected it. As a gesture of goodwill, we waive the default interest for the period of the objection.',
  },
  creditBureauNotice:
    'Notice under § 31 (2) no. 4 BDSG (German Federal Data Protection Act): if the claim remains unpaid and you do not dispute it, we may report it to a credit reference agency (such as SCHUFA), at the earliest four weeks after our first payment reminder.',
  crossedPayment: 'If your payment has crossed with this letter, please disregard it.',
  contact:
    'If you have already paid or disagree with this claim, please contact us at {{creditorEmail}} or {{creditorPhone}} and we will be glad to clarify it.',
  closing: {
    friendly: 'Many thanks for your help; we look forward to continuing our work together.',
    neutral: 'Thank you for your cooperation.',
    firm: 'Thank you.',
  },
  signOff: { friendly: 'Warm regards', neutral: 'Kind regards', firm: 'Regards' },
  letterhead: {
    yourReference: 'Your reference',
    customerNumber: 'Customer number',
    contact: 'Contact',
    date: 'Date',
    page: 'Page {{page}} of {{pages}}',
    seat: 'Registered office',
    commercialRegister: 'Commercial register',
    vatId: 'VAT ID',
    managingDirectors: 'Managing directors',
    unsigned: 'This letter was produced automatically and is valid without a signature.',
    continued: 'continued',
  },
};

export const catalogues: Readonly<Record<'de' | 'en', Catalogue>> = { de, en };
