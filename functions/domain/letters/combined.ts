import { formatMoney } from '../money.js';
import * as z from '../zod.js';
import { type Catalogue, catalogues } from './catalogue.js';
import { type CombinedCatalogue, combinedCatalogues, type DunningStage } from './combined-catalogue.js';
import { costLineSchema, interestLineSchema, letterInputSchema } from './input-schema.js';
import type { Block, LetterValues, Row, Text } from './layout.js';
import { layoutHtml, layoutText } from './layout.js';
import {
  accountRows,
  BLOCK_PLACEHOLDERS,
  closingBlocks,
  formatIban,
  formatLetterDate,
  paragraph,
  type RenderedLetter,
  row,
  stageOf,
  text,
} from './letter.js';
import { renderTemplate } from './template.js';

/**
 * A combined reminder (Sammelmahnung): one letter to one customer that lists several invoices, each with its
 * own level, account, interest and fees, and a total. It is composed into the same format-neutral blocks as a
 * single letter, so the email layout here and a posted layout (PDF) can both lay it out.
 */
export const MAX_COMBINED_INVOICES = 25;

const field = letterInputSchema.shape;

const sumOf = (cents: readonly { cents: number }[]) => cents.reduce((sum, line) => sum + line.cents, 0);

/** One invoice of the letter as its own reminder would show it. */
export const combinedInvoiceSchema = z
  .object({
    kind: z.enum(['reminder', 'final']),
    reminderNumber: field.reminderNumber,
    invoiceNumber: field.invoiceNumber,
    orderNumber: field.orderNumber,
    invoiceDate: field.invoiceDate,
    dueDate: field.dueDate,
    principalCents: field.principalCents,
    interestLines: z.array(interestLineSchema).check(z.maxLength(40)),
    costLines: z.array(costLineSchema).check(z.maxLength(20)),
    paidCents: field.paidCents,
    totalCents: field.totalCents,
    rejectedDisputeInterest: field.rejectedDisputeInterest,
  })
  .check(
    z.superRefine((invoice, context) => {
      if (invoice.kind === 'reminder' && invoice.reminderNumber === undefined) {
        context.addIssue({ code: 'custom', path: ['reminderNumber'], message: 'is required for a reminder' });
      }
      const expected =
        invoice.principalCents + sumOf(invoice.interestLines) + sumOf(invoice.costLines) - invoice.paidCents;
      if (expected !== invoice.totalCents) {
        context.addIssue({
          code: 'custom',
          path: ['totalCents'],
          message: `must equal principalCents + interest + costs - paidCents (${expected})`,
        });
      }
    }),
  );
export type CombinedInvoice = z.infer<typeof combinedInvoiceSchema>;

export const combinedLetterInputSchema = z
  .object({
    locale: field.locale,
    tone: field.tone,
    customerName: field.customerName,
    customerNumber: field.customerNumber,
    letterDate: field.letterDate,
    contactName: field.contactName,
    currency: field.currency,
    payBy: field.payBy,
    creditor: field.creditor,
    /** § 31 (2) Nr. 4 BDSG: any listed reminder that carries the notice puts it in the letter. */
    creditBureauNotice: field.creditBureauNotice,
    inkassoAgency: field.inkassoAgency,
    invoices: z
      .array(combinedInvoiceSchema)
      .check(z.minLength(2, 'lists at least two invoices'), z.maxLength(MAX_COMBINED_INVOICES)),
    /** Sum of the invoices' totals. */
    totalCents: field.totalCents,
  })
  .check(
    z.superRefine((letter, context) => {
      const expected = sumOf(letter.invoices.map(({ totalCents }) => ({ cents: totalCents })));
      if (expected !== letter.totalCents) {
        context.addIssue({
          code: 'custom',
          path: ['totalCents'],
          message: `must equal the sum of the invoices' totals (${expected})`,
        });
      }
    }),
  );
export type CombinedLetterInput = z.infer<typeof combinedLetterInputSchema>;

const STAGE_RANK: Readonly<Record<DunningStage, number>> = {
  'first-reminder': 1,
  'second-reminder': 2,
  'further-reminder': 3,
  final: 4,
};

/** The stage of one invoice's own reminder. */
function stageOfInvoice(invoice: CombinedInvoice): DunningStage {
  const stage = stageOf(invoice);
  if (stage === 'promise-confirmation' || stage === 'installment-confirmation') return 'first-reminder';
  return stage;
}

/** The letter's wording follows the firmest reminder among its invoices. */
export function highestStage(invoices: readonly CombinedInvoice[]): DunningStage {
  return invoices
    .map(stageOfInvoice)
    .reduce((highest, stage) => (STAGE_RANK[stage] > STAGE_RANK[highest] ? stage : highest));
}

interface Wording {
  catalogue: Catalogue;
  combined: CombinedCatalogue;
}

function composeCombinedBlocks(letter: CombinedLetterInput, { catalogue, combined }: Wording): Block[] {
  const { labels } = catalogue;
  const stage = highestStage(letter.invoices);
  const money = (cents: number) => formatMoney(cents, letter.currency, letter.locale);
  const date = (value: string) => formatLetterDate(value, letter.locale);
  const named = (invoice: CombinedInvoice) => ({
    invoiceNumber: invoice.invoiceNumber,
    levelName: combined.levelNames[stageOfInvoice(invoice)],
  });
  const blocks: Block[] = [
    paragraph(text(letter.contactName ? catalogue.salutation.named : catalogue.salutation.unnamed)),
    paragraph(text(combined.opening[stage]), text(combined.request[letter.tone])),
  ];
  for (const invoice of letter.invoices) {
    if (!invoice.rejectedDisputeInterest) continue;
    blocks.push(
      paragraph(
        text(combined.rejectedDisputeOf, { invoiceNumber: invoice.invoiceNumber }),
        text(catalogue.rejectedDispute[invoice.rejectedDisputeInterest]),
      ),
    );
  }
  if (stage === 'final') {
    const handover = letter.inkassoAgency ? combined.nextStep.withAgency : combined.nextStep.withoutAgency;
    const report = letter.creditBureauNotice ? [text(combined.nextStep.creditBureau)] : [];
    blocks.push(paragraph(text(handover), ...report, text(catalogue.nextStep.avoid)));
  }
  blocks.push({
    type: 'table',
    heading: text(combined.headings.summary),
    amounts: true,
    rows: [
      ...letter.invoices.map((invoice) =>
        row(text(combined.labels.summaryRow, named(invoice)), money(invoice.totalCents)),
      ),
      row(combined.labels.grandTotal, money(letter.totalCents), true),
    ],
  });
  for (const invoice of letter.invoices) {
    blocks.push({
      type: 'table',
      heading: text(combined.headings.invoice, named(invoice)),
      amounts: true,
      rows: invoiceRows(invoice, letter, { catalogue, combined }),
    });
  }
  blocks.push({
    type: 'table',
    heading: text(catalogue.headings.payment),
    rows: [
      row(labels.payBy, date(letter.payBy)),
      row(labels.payee, letter.creditor.name),
      row(labels.iban, formatIban(letter.creditor.iban)),
      row(labels.bic, letter.creditor.bic),
      row(labels.bank, letter.creditor.bankName),
      row(combined.labels.references, letter.invoices.map(({ invoiceNumber }) => invoiceNumber).join(', ')),
    ],
  });
  if (letter.creditBureauNotice) blocks.push(paragraph(text(catalogue.creditBureauNotice)));
  blocks.push(paragraph(text(catalogue.crossedPayment), text(combined.contact)));
  blocks.push(...closingBlocks(letter, catalogue));
  return blocks;
}

/** One invoice's dates and its itemised account, ending with what is open on it. */
function invoiceRows(
  invoice: CombinedInvoice,
  letter: CombinedLetterInput,
  { catalogue: { labels }, combined }: Wording,
): Row[] {
  const money = (cents: number) => formatMoney(cents, letter.currency, letter.locale);
  const date = (value: string) => formatLetterDate(value, letter.locale);
  return [
    row(labels.invoiceDate, date(invoice.invoiceDate)),
    row(labels.dueDate, date(invoice.dueDate)),
    ...(invoice.orderNumber ? [row(labels.orderNumber, invoice.orderNumber)] : []),
    ...accountRows(invoice, labels, letter),
    row(combined.labels.invoiceTotal, money(invoice.totalCents), true),
  ];
}

/** A combined letter ready for any layout (the email below; a posted layout can take the same blocks). */
export interface ComposedCombinedLetter {
  letter: CombinedLetterInput;
  catalogue: Catalogue;
  subject: Text;
  blocks: Block[];
  values: LetterValues;
}

/** Validates the input (every account and the total must add up) and composes its blocks. */
export function composeCombinedLetter(input: CombinedLetterInput): ComposedCombinedLetter {
  const letter = combinedLetterInputSchema.parse(input);
  const wording = { catalogue: catalogues[letter.locale], combined: combinedCatalogues[letter.locale] };
  const values: LetterValues = {
    customerName: letter.customerName,
    contactName: letter.contactName,
    invoiceNumber: undefined,
    orderNumber: undefined,
    invoiceDate: undefined,
    dueDate: undefined,
    payBy: formatLetterDate(letter.payBy, letter.locale),
    total: formatMoney(letter.totalCents, letter.currency, letter.locale),
    inkassoAgency: letter.inkassoAgency,
    promiseAmount: undefined,
    promiseDate: undefined,
    creditorName: letter.creditor.name,
    creditorEmail: letter.creditor.email,
    creditorPhone: letter.creditor.phone,
    invoiceCount: String(letter.invoices.length),
    ...BLOCK_PLACEHOLDERS,
  };
  const subject = text(wording.combined.subject[highestStage(letter.invoices)]);
  return {
    letter,
    catalogue: wording.catalogue,
    subject,
    blocks: composeCombinedBlocks(letter, wording),
    values,
  };
}

/** Renders a combined reminder (email) as subject, plain text and HTML. */
export function renderCombinedLetter(input: CombinedLetterInput): RenderedLetter {
  const { letter, subject, blocks, values } = composeCombinedLetter(input);
  return {
    subject: renderTemplate(subject.template, values, 'text'),
    text: layoutText(blocks, values),
    html: layoutHtml(blocks, values, { lang: letter.locale, title: subject }),
  };
}
