import {
  type Block,
  type ComposedLetter,
  type LetterValues,
  render,
  type Text,
} from '../domain/letters/index.js';
import { mm, TEXT } from './din5008.js';
import {
  drawLine,
  drawRule,
  type Flow,
  type Fonts,
  lineHeight,
  MUTED,
  type Style,
  wrapText,
} from './typesetter.js';

/**
 * The body of the letter: the subject and the same blocks the email shows, set in the text area (25 mm
 * left, 20 mm right margin) with DIN 5008 spacing (two blank lines after the subject, one between blocks).
 */
const WIDTH = TEXT.right - TEXT.left;
const AMOUNT_WIDTH = mm(38);
const GUTTER = mm(5);
const LABEL_WIDTH = mm(50);

const plain = (text: Text, values: LetterValues) => render(text, values, 'text');

function drawLines(flow: Flow, lines: readonly string[], style: Style): void {
  for (const line of lines) {
    const top = flow.take(lineHeight(style));
    drawLine(flow.page, line, { x: TEXT.left, top }, style);
  }
}

export function drawSubject(flow: Flow, { subject, values }: ComposedLetter, fonts: Fonts): void {
  const style: Style = { font: fonts.bold, size: 11 };
  drawLines(flow, wrapText(plain(subject, values), style, WIDTH), style);
  flow.space(2 * lineHeight({ font: fonts.regular, size: 10 }));
}

function drawParagraph(flow: Flow, text: string, style: Style): void {
  const lines = wrapText(text, style, WIDTH);
  // No single first line left alone at the foot of a page.
  flow.keep(Math.min(2, lines.length) * lineHeight(style));
  drawLines(flow, lines, style);
}

interface SetRow {
  label: string[];
  value: string[];
  style: Style;
  emphasis: boolean;
}

const EMPHASIS_RULE = mm(1.5);

const rowHeight = (row: SetRow) =>
  Math.max(row.label.length, row.value.length) * lineHeight(row.style) + (row.emphasis ? EMPHASIS_RULE : 0);

function drawRow(flow: Flow, row: SetRow, amounts: boolean, continued: () => void): void {
  if (flow.keep(rowHeight(row))) continued();
  if (row.emphasis) drawRule(flow.page, TEXT.left, TEXT.right, flow.take(EMPHASIS_RULE) + mm(0.4), 0.6);
  const height = Math.max(row.label.length, row.value.length) * lineHeight(row.style);
  const top = flow.take(height);
  row.label.forEach((line, index) => {
    drawLine(flow.page, line, { x: TEXT.left, top: top + index * lineHeight(row.style) }, row.style);
  });
  row.value.forEach((line, index) => {
    const at = amounts
      ? { x: TEXT.right, align: 'right' as const }
      : { x: TEXT.left + LABEL_WIDTH + GUTTER, align: 'left' as const };
    drawLine(flow.page, line, { ...at, top: top + index * lineHeight(row.style) }, row.style);
  });
}

/** A heading and label/value rows; amounts in a right-aligned column, so the cents line up. */
function drawTable(
  flow: Flow,
  block: Extract<Block, { type: 'table' }>,
  values: LetterValues,
  fonts: Fonts,
  continuation: string,
) {
  const amounts = block.amounts === true;
  const valueWidth = amounts ? AMOUNT_WIDTH : WIDTH - LABEL_WIDTH - GUTTER;
  const labelWidth = amounts ? WIDTH - AMOUNT_WIDTH - GUTTER : LABEL_WIDTH;
  const rows: SetRow[] = block.rows.map((row) => {
    const style: Style = { font: row.emphasis ? fonts.bold : fonts.regular, size: 10 };
    return {
      label: wrapText(plain(row.label, values), style, labelWidth),
      value: wrapText(plain(row.value, values), style, valueWidth),
      style,
      emphasis: row.emphasis === true,
    };
  });
  const heading: Style = { font: fonts.bold, size: 10 };
  const heights = rows.map((row) => rowHeight(row));
  const headingHeight = lineHeight(heading) + mm(1.5);
  const whole = headingHeight + heights.reduce((sum, height) => sum + height, 0);
  // A table that fits on half a page is kept in one piece; a longer one at least keeps its heading with
  // the first row.
  flow.keep(whole <= flow.pageHeight / 2 ? whole : headingHeight + (heights[0] ?? 0));
  const title = plain(block.heading, values);
  const drawHeading = (text: string) => {
    drawLine(flow.page, text, { x: TEXT.left, top: flow.take(lineHeight(heading)) }, heading);
    drawRule(flow.page, TEXT.left, TEXT.right, flow.take(mm(1.5)) + mm(0.3), 0.3);
  };
  drawHeading(title);
  // A table running onto the next page repeats its heading there, marked as continued.
  const continued = () => drawHeading(`${title} (${continuation})`);
  for (const row of rows) drawRow(flow, row, amounts, continued);
}

function drawBlock(flow: Flow, block: Block, values: LetterValues, fonts: Fonts, continuation: string) {
  const body: Style = { font: fonts.regular, size: 10 };
  switch (block.type) {
    case 'paragraph':
      drawParagraph(flow, block.sentences.map((sentence) => plain(sentence, values)).join(' '), body);
      break;
    case 'table':
      drawTable(flow, block, values, fonts, continuation);
      break;
    case 'lines': {
      const lines = block.lines.map((line) => plain(line, values));
      flow.keep(lines.length * lineHeight(body));
      drawLines(flow, lines, body);
      break;
    }
  }
  flow.space(lineHeight(body));
}

export function drawBody(flow: Flow, composed: ComposedLetter, fonts: Fonts): void {
  const { continued } = composed.catalogue.letterhead;
  for (const block of composed.blocks) drawBlock(flow, block, composed.values, fonts, continued);
  const note: Style = { font: fonts.regular, size: 8, color: MUTED };
  drawParagraph(flow, composed.catalogue.letterhead.unsigned, note);
}
