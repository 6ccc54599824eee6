import { formatMoney } from '../money.js';
import { type Catalogue, catalogues, type Stage } from './catalogue.js';
import { type LetterInput, letterInputSchema } from './input-schema.js';
import { type Block, type LetterValues, layoutHtml, layoutText, type Row, type Text } from './layout.js';
import { renderTemplate } from './template.js';

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

type Locale = LetterInput['locale'];

const DATE_FORMATS: Readonly<Record<Locale, [string, Intl.DateTimeFormatOptions]>> = {
  de: ['de-DE', { day: '2-digit', month: '2-digit', year: 'numeric' }],
  en: ['en-GB', { day: 'numeric', month: 'long', year: 'numeric' }],
};

/** Made once per language: a letter formats a dozen dates, and each new Intl.DateTimeFormat costs. */
const dateFormatters = new Map<Locale, Intl.DateTimeFormat>();

function dateFormatterOf(locale: Locale): Intl.DateTimeFormat {
  let formatter = dateFormatters.get(locale);
  if (!formatter) {
    const [intlLocale, options] = DATE_FORMATS[locale];
    formatter = new Intl.DateTimeFormat(intlLocale, { ...options, timeZone: 'UTC' });
    dateFormatters.set(locale, formatter);
  }
  return formatter;
}

/**
 * '2026-12-15' -> '15.12.2026' (de) or '15 December 2026' (en): the day's UTC midnight read in UTC is the
 * calendar day itself, whatever the system time zone.
 */
export function formatLetterDate(date: string, locale: Locale): string {
  return dateFormatterOf(locale).format(Date.parse(`${date}T00:00:00Z`));
}

/** '10.27' -> '10,27 %' (de) or '10.27%' (en); the rate stays the exact decimal it was computed as. */
export function formatRate(ratePercent: string, locale: Locale): string {
  return locale === 'de' ? `${ratePercent.replace('.', ',')} %` : `${ratePercent}%`;
}

/** IBANs are printed in groups of four (DIN 5008), the way a debtor types them into online banking. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

export function stageOf(letter: Pick<LetterInput, 'kind' | 'reminderNumber'>): Stage {
  if (letter.kind !== 'reminder') return letter.kind;
  const number = letter.reminderNumber ?? 1;
  if (number <= 1) return 'first-reminder';
  return number === 2 ? 'second-reminder' : 'further-reminder';
}

export const text = (template: string, values?: Text['values']): Text => ({ template, values });
const cell = (value: string): Text => text('{{value}}', { value });
export const row = (label: Text | string, value: string, emphasis = false): Row => ({
  label: typeof label === 'string' ? text(label) : label,
  value: cell(value),
  emphasis,
});
export const paragraph = (...sentences: Text[]): Block => ({ type: 'paragraph', sentences });

/** One invoice's itemised account, from its principal to what was paid on it (the total row follows). */
export function accountRows(
  account: Pick<LetterInput, 'principalCents' | 'interestLines' | 'costLines' | 'paidCents'>,
  labels: Catalogue['labels'],
  { currency, locale }: Pick<LetterInput, 'currency' | 'locale'>,
): Row[] {
  const money = (cents: number) => formatMoney(cents, currency, locale);
  const date = (value: string) => formatLetterDate(value, locale);
  return [
    row(labels.principal, money(account.principalCents)),
    ...account.interestLines.map((interest) =>
      row(
        text(labels.interest, {
          rate: formatRate(interest.ratePercent, locale),
          from: date(interest.from),
          through: date(interest.through),
        }),
        money(interest.cents),
      ),
    ),
    ...account.costLines.map((cost) =>
      row(cost.kind === 'lump-sum' ? labels.lumpSum : labels.reminderFee, money(cost.cents)),
    ),
    ...(account.paidCents > 0 ? [row(labels.paid, money(-account.paidCents))] : []),
  ];
}

/** Placeholders a block fills with its own values (a rate, a page number): none of them on the letter. */
export const BLOCK_PLACEHOLDERS = {
  levelName: undefined,
  rate: undefined,
  from: undefined,
  through: undefined,
  index: undefined,
  date: undefined,
  value: undefined,
  page: undefined,
  pages: undefined,
} as const;

function composeBlocks(letter: LetterInput, catalogue: Catalogue, stage: Stage): Block[] {
  const { labels, headings } = catalogue;
  const money = (cents: number) => formatMoney(cents, letter.currency, letter.locale);
  const date = (value: string) => formatLetterDate(value, letter.locale);
  const dunning = letter.kind === 'reminder' || letter.kind === 'final';
  const blocks: Block[] = [
    paragraph(text(letter.contactName ? catalogue.salutation.named : catalogue.salutation.unnamed)),
    paragraph(text(catalogue.opening[stage][letter.tone])),
  ];
  if (dunning && letter.rejectedDisputeInterest) {
    blocks.push(paragraph(text(catalogue.rejectedDispute[letter.rejectedDisputeInterest])));
  }

  if (letter.kind === 'final') {
    const handover = letter.inkassoAgency ? catalogue.nextStep.withAgency : catalogue.nextStep.withoutAgency;
    const report = letter.creditBureauNotice ? [text(catalogue.nextStep.creditBureau)] : [];
    blocks.push(paragraph(text(handover), ...report, text(catalogue.nextStep.avoid)));
  }

  blocks.push({
    type: 'table',
    heading: text(headings.invoice),
    rows: [
      row(labels.customer, letter.customerName),
      row(labels.invoiceNumber, letter.invoiceNumber),
      ...(letter.orderNumber ? [row(labels.orderNumber, letter.orderNumber)] : []),
      row(labels.invoiceDate, date(letter.invoiceDate)),
      row(labels.dueDate, date(letter.dueDate)),
      ...(dunning ? [row(labels.payBy, date(letter.payBy))] : []),
    ],
  });

  blocks.push({
    type: 'table',
    heading: text(headings.account),
    amounts: true,
    rows: [...accountRows(letter, labels, letter), row(labels.total, money(letter.totalCents), true)],
  });

  if (letter.kind === 'installment-confirmation') {
    const installments = letter.installments ?? [];
    blocks.push({
      type: 'table',
      heading: text(headings.installments),
      amounts: true,
      rows: [
        ...installments.map((installment, index) =>
          row(
            text(labels.installment, { index: String(index + 1), date: date(installment.dueDate) }),
            money(installment.cents),
          ),
        ),
        row(labels.installmentsTotal, money(installments.reduce((sum, { cents }) => sum + cents, 0)), true),
      ],
    });
  }

  blocks.push({
    type: 'table',
    heading: text(headings.payment),
    rows: [
      row(labels.payee, letter.creditor.name),
      row(labels.iban, formatIban(letter.creditor.iban)),
      row(labels.bic, letter.creditor.bic),
      row(labels.bank, letter.creditor.bankName),
      row(labels.reference, letter.invoiceNumber),
    ],
  });

  if (letter.kind === 'installment-confirmation') {
    const { installmentTerms } = catalogue;
    blocks.push(
      paragraph(text(letter.accelerationClause ? installmentTerms.acceleration : installmentTerms.perRate)),
    );
  }
  if (dunning && letter.creditBureauNotice) blocks.push(paragraph(text(catalogue.creditBureauNotice)));
  blocks.push(paragraph(...(dunning ? [text(catalogue.crossedPayment)] : []), text(catalogue.contact)));
  blocks.push(...closingBlocks(letter, catalogue));
  return blocks;
}

/** The closing sentence, sign-off and the creditor's details under it: the same for every letter. */
export function closingBlocks(letter: Pick<LetterInput, 'tone' | 'creditor'>, catalogue: Catalogue): Block[] {
  const { labels } = catalogue;
  return [
    paragraph(text(catalogue.closing[letter.tone])),
    {
      type: 'lines',
      lines: [text(catalogue.signOff[letter.tone]), text('{{creditorName}}')],
      senderDetails: [
        ...letter.creditor.addressLines.map(cell),
        text(`${labels.email}: {{creditorEmail}}`),
        text(`${labels.phone}: {{creditorPhone}}`),
      ],
    },
  ];
}

/** A letter ready for any layout: the validated input, its wording, its blocks and the values they use. */
export interface ComposedLetter {
  letter: LetterInput;
  catalogue: Catalogue;
  subject: Text;
  blocks: Block[];
  values: LetterValues;
}

/**
 * Validates the input again and composes its blocks, so a letter whose account does not add up or that lacks
 * what its kind needs is never rendered, whatever the format.
 */
export function composeLetter(input: LetterInput): ComposedLetter {
  const letter = letterInputSchema.parse(input);
  const catalogue = catalogues[letter.locale];
  const stage = stageOf(letter);
  const money = (cents: number) => formatMoney(cents, letter.currency, letter.locale);
  const date = (value: string) => formatLetterDate(value, letter.locale);
  const values: LetterValues = {
    customerName: letter.customerName,
    contactName: letter.contactName,
    invoiceNumber: letter.invoiceNumber,
    orderNumber: letter.orderNumber,
    invoiceDate: date(letter.invoiceDate),
    dueDate: date(letter.dueDate),
    payBy: date(letter.payBy),
    total: money(letter.totalCents),
    inkassoAgency: letter.inkassoAgency,
    promiseAmount: letter.promise ? money(letter.promise.cents) : undefined,
    promiseDate: letter.promise ? date(letter.promise.date) : undefined,
    creditorName: letter.creditor.name,
    creditorEmail: letter.creditor.email,
    creditorPhone: letter.creditor.phone,
    invoiceCount: undefined,
    ...BLOCK_PLACEHOLDERS,
  };
  const blocks = composeBlocks(letter, catalogue, stage);
  return { letter, catalogue, subject: text(catalogue.subject[stage]), blocks, values };
}

/** Renders one letter (email) as subject, plain text and HTML. */
export function renderLetter(input: LetterInput): RenderedLetter {
  const { letter, subject, blocks, values } = composeLetter(input);
  return {
    subject: renderTemplate(subject.template, values, 'text'),
    text: layoutText(blocks, values),
    html: layoutHtml(blocks, values, { lang: letter.locale, title: subject }),
  };
}
