import type { Placeholder } from './catalogue.js';
import { escapeHtml, renderTemplate, type TemplateFormat } from './template.js';

/**
 * A letter as format-neutral blocks of templates, laid out once as plain text and once as HTML. All
 * wording and every variable pass through renderTemplate; this file only adds structure and styling.
 */
export type LetterValues = Readonly<Record<Placeholder, string | undefined>>;

export interface Text {
  template: string;
  /** Values for this piece only (a table row), on top of the letter's values. */
  values?: Readonly<Partial<Record<Placeholder, string>>>;
}

export interface Row {
  label: Text;
  value: Text;
  emphasis?: boolean;
}

export type Block =
  | { type: 'paragraph'; sentences: readonly Text[] }
  /** `amounts`: the values are money, right-aligned where the layout has columns (the PDF). */
  | { type: 'table'; heading: Text; rows: readonly Row[]; amounts?: boolean }
  /**
   * `senderDetails`: the creditor's address and contact under the signature. An email needs them; a printed
   * letter leaves them out, as its letterhead and information block already show them.
   */
  | { type: 'lines'; lines: readonly Text[]; senderDetails?: readonly Text[] };

/** The lines a layout without a letterhead shows: the lines and the sender's details below them. */
const allLines = (block: Extract<Block, { type: 'lines' }>) => [
  ...block.lines,
  ...(block.senderDetails ?? []),
];

export function render(text: Text, values: LetterValues, format: TemplateFormat): string {
  return renderTemplate(text.template, { ...values, ...text.values }, format);
}

function textBlock(block: Block, values: LetterValues): string {
  const plain = (text: Text) => render(text, values, 'text');
  switch (block.type) {
    case 'paragraph':
      return block.sentences.map(plain).join(' ');
    case 'table':
      return [
        plain(block.heading),
        ...block.rows.map((row) => `${plain(row.label)}: ${plain(row.value)}`),
      ].join('\n');
    case 'lines':
      return allLines(block).map(plain).join('\n');
  }
}

export function layoutText(blocks: readonly Block[], values: LetterValues): string {
  return `${blocks.map((block) => textBlock(block, values)).join('\n\n')}\n`;
}

const PARAGRAPH = 'margin:0 0 16px 0;';
const HEADING = 'margin:24px 0 8px 0;font-size:16px;font-weight:bold;';
const TABLE = 'width:100%;border-collapse:collapse;margin:0 0 16px 0;font-size:14px;';
const CELL = 'padding:6px 8px;border-bottom:1px solid #d9dde3;vertical-align:top;';
const LABEL = `${CELL}text-align:left;`;
const VALUE = `${CELL}text-align:right;white-space:nowrap;`;
const NORMAL = 'font-weight:normal;';
const EMPHASIS = 'font-weight:bold;border-top:2px solid #1f2933;';

function htmlBlock(block: Block, values: LetterValues): string {
  const html = (text: Text) => render(text, values, 'html');
  switch (block.type) {
    case 'paragraph':
      return `<p style="${PARAGRAPH}">${block.sentences.map(html).join(' ')}</p>`;
    case 'table': {
      const rows = block.rows.map((row) => {
        const weight = row.emphasis ? EMPHASIS : NORMAL;
        return `<tr><th scope="row" style="${LABEL}${weight}">${html(row.label)}</th><td style="${VALUE}${weight}">${html(row.value)}</td></tr>`;
      });
      return [
        `<h2 style="${HEADING}">${html(block.heading)}</h2>`,
        `<table style="${TABLE}"><tbody>`,
        ...rows,
        '</tbody></table>',
      ].join('\n');
    }
    case 'lines':
      return `<p style="${PARAGRAPH}">${allLines(block).map(html).join('<br>')}</p>`;
  }
}

/** A complete, self-contained HTML email: inline styles only, no scripts, images or external resources. */
export function layoutHtml(
  blocks: readonly Block[],
  values: LetterValues,
  page: { lang: string; title: Text },
): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(page.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${render(page.title, values, 'html')}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background-color:#ffffff;">',
    '<div style="max-width:640px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    ...blocks.map((block) => htmlBlock(block, values)),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
