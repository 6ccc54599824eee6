import type { InkassoCaseFile } from '../domain/case-file.js';
import { formatLetterDate } from '../domain/letters/letter.js';
import { type CaseFileBlock, caseFileBlocks } from './case-file-sections.js';
import { mm, PAGE, TEXT } from './din5008.js';
import { type LetterFontFiles, loadLetterFonts } from './fonts.js';
import { PdfDocument } from './pdf/document.js';
import {
  drawLine,
  drawRule,
  Flow,
  type Fonts,
  lineHeight,
  MUTED,
  type Style,
  wrapText,
} from './typesetter.js';

export interface CaseFilePdfOptions {
  /** The typeface's files; read from the font package (or LETTER_FONT_DIR) when left out. */
  fonts?: LetterFontFiles;
}

/** A4 with the letters' text margins; no letterhead or window: the file travels as a document, not a letter. */
const WIDTH = TEXT.right - TEXT.left;
const LABEL_WIDTH = mm(52);
const AMOUNT_WIDTH = mm(34);
const GUTTER = mm(4);
const AREA = { top: mm(20), bottom: mm(272) } as const;
const PAGE_NUMBER_TOP = mm(280);

interface Styles {
  title: Style;
  heading: Style;
  body: Style;
  bold: Style;
  muted: Style;
}

function stylesOf(fonts: Fonts): Styles {
  return {
    title: { font: fonts.bold, size: 14 },
    heading: { font: fonts.bold, size: 11 },
    body: { font: fonts.regular, size: 9.5 },
    bold: { font: fonts.bold, size: 9.5 },
    muted: { font: fonts.regular, size: 9.5, color: MUTED },
  };
}

function drawLines(flow: Flow, lines: readonly string[], style: Style): void {
  for (const line of lines) {
    const top = flow.take(lineHeight(style));
    drawLine(flow.page, line, { x: TEXT.left, top }, style);
  }
}

function drawHeading(flow: Flow, text: string, styles: Styles): void {
  flow.space(mm(5));
  // A heading never stands alone at the foot of a page: it keeps its first row with it.
  flow.keep(lineHeight(styles.heading) + mm(2) + 2 * lineHeight(styles.body));
  const top = flow.take(lineHeight(styles.heading) + mm(1.5));
  drawLine(flow.page, text, { x: TEXT.left, top }, styles.heading);
  drawRule(flow.page, TEXT.left, TEXT.right, top + lineHeight(styles.heading) + mm(0.5));
}

function drawRow(flow: Flow, block: Extract<CaseFileBlock, { kind: 'row' }>, styles: Styles): void {
  const style = block.emphasis ? styles.bold : styles.body;
  const valueWidth = block.amount ? AMOUNT_WIDTH : WIDTH - LABEL_WIDTH - GUTTER;
  const labelWidth = block.amount ? WIDTH - AMOUNT_WIDTH - GUTTER : LABEL_WIDTH;
  const label = block.label === '' ? [] : wrapText(block.label, style, labelWidth);
  const value = wrapText(block.value, style, valueWidth);
  const height = Math.max(label.length, value.length, 1) * lineHeight(style);
  if (block.emphasis) flow.space(mm(1));
  const top = flow.take(height + mm(0.8));
  if (block.emphasis) drawRule(flow.page, TEXT.left, TEXT.right, top - mm(0.6));
  label.forEach((line, index) => {
    drawLine(flow.page, line, { x: TEXT.left, top: top + index * lineHeight(style) }, style);
  });
  value.forEach((line, index) => {
    const at = block.amount
      ? { x: TEXT.right, top: top + index * lineHeight(style), align: 'right' as const }
      : { x: TEXT.left + LABEL_WIDTH + GUTTER, top: top + index * lineHeight(style) };
    drawLine(flow.page, line, at, style);
  });
}

function drawBlock(flow: Flow, block: CaseFileBlock, styles: Styles): void {
  if (block.kind === 'heading') drawHeading(flow, block.text, styles);
  else if (block.kind === 'row') drawRow(flow, block, styles);
  else drawLines(flow, wrapText(block.text, styles.body, WIDTH), block.muted ? styles.muted : styles.body);
}

function drawTitle(flow: Flow, file: InkassoCaseFile, styles: Styles): void {
  drawLines(flow, ['Forderungsakte zur Übergabe an das Inkassounternehmen'], styles.title);
  const created = formatLetterDate(file.createdAt.slice(0, 10), 'de');
  drawLines(
    flow,
    [`Rechnung ${file.claim.invoiceNumber} · Vorgang ${file.invoiceId} · Stand ${created}`],
    styles.muted,
  );
}

/**
 * Renders the § 13a RDG case file as a PDF on A4: creditor, debtor with postal address, the itemised claim,
 * default, reminders with date and channel, promises, disputes, contact history and the § 13a RDG note, with
 * "Seite n von m" on every page. The same file renders to the same bytes (its creation date is the file's).
 */
export async function renderCaseFilePdf(
  file: InkassoCaseFile,
  options: CaseFilePdfOptions = {},
): Promise<Uint8Array> {
  const files = options.fonts ?? (await loadLetterFonts());
  const document = new PdfDocument();
  const fonts: Fonts = {
    regular: document.embedFont(files.regular),
    bold: document.embedFont(files.bold),
  };
  const created = new Date(file.createdAt);
  document.setTitle(`Forderungsakte ${file.claim.invoiceNumber} (§ 13a RDG)`);
  document.setAuthor(file.creditor.name);
  document.setLanguage('de-DE');
  document.setCreationDate(created);
  document.setModificationDate(created);

  const styles = stylesOf(fonts);
  const first = document.addPage([PAGE.width, PAGE.height]);
  const flow = new Flow(document, first, AREA.top, { continuationTop: AREA.top, bottom: AREA.bottom });
  drawTitle(flow, file, styles);
  for (const block of caseFileBlocks(file)) drawBlock(flow, block, styles);

  const pages = flow.pages.length;
  flow.pages.forEach((page, index) => {
    const footer = `Forderungsakte ${file.claim.invoiceNumber} · Seite ${index + 1} von ${pages}`;
    drawLine(page, footer, { x: TEXT.right, top: PAGE_NUMBER_TOP, align: 'right' }, styles.muted);
  });
  return document.save();
}
