import {
  type ComposedLetter,
  formatIban,
  formatLetterDate,
  type PostalAddress,
} from '../domain/letters/index.js';
import { ADDRESS_FIELD, FOOTER, INFO_BLOCK, LETTERHEAD, MARKS, mm, PAGE, TEXT } from './din5008.js';
import { LetterPdfError } from './errors.js';
import type { PdfPage } from './pdf/document.js';
import {
  ascentOf,
  drawLine,
  drawRule,
  type Fonts,
  fittingSize,
  lineHeight,
  MUTED,
  type Style,
  wrapText,
} from './typesetter.js';

/**
 * What sits around the body: the letterhead, the return address and recipient in the window, the
 * information block (all on the first page), and fold marks, page numbers and footer.
 */
const ADDRESS_PITCH = mm(4.4);
const ADDRESS_WIDTH = ADDRESS_FIELD.width - ADDRESS_FIELD.padding - mm(2);

/** The recipient as the window shows it; mail abroad ends with the country in capitals. */
export function addressLines(address: PostalAddress): string[] {
  const country = address.countryCode === 'DE' ? [] : [address.country ?? address.countryCode];
  return [
    ...address.nameLines,
    address.street,
    `${address.postalCode} ${address.city}`,
    ...country.map((name) => name.toLocaleUpperCase('de-DE')),
  ];
}

export function senderLine({ letter }: ComposedLetter): string {
  const { creditor } = letter;
  return creditor.letterhead?.senderLine ?? [creditor.name, ...creditor.addressLines].join(' · ');
}

export function drawLetterhead(page: PdfPage, { letter, catalogue }: ComposedLetter, fonts: Fonts): void {
  const { creditor } = letter;
  const name: Style = { font: fonts.bold, size: 15 };
  const small: Style = { font: fonts.regular, size: 8, color: MUTED };
  drawLine(page, creditor.name, { x: TEXT.right, top: LETTERHEAD.top, align: 'right' }, name);
  const contact = `${catalogue.labels.phone} ${creditor.phone} · ${catalogue.labels.email} ${creditor.email}`;
  const lines = [creditor.addressLines.join(' · '), contact].flatMap((line) =>
    wrapText(line, small, TEXT.right - TEXT.left),
  );
  lines.forEach((line, index) => {
    const top = LETTERHEAD.top + lineHeight(name) + index * lineHeight(small);
    drawLine(page, line, { x: TEXT.right, top, align: 'right' }, small);
  });
}

/** Return address at the foot of the remark zone, recipient in the address zone, both inside the window. */
export function drawAddressField(
  page: PdfPage,
  composed: ComposedLetter,
  address: PostalAddress,
  fonts: Fonts,
) {
  const x = ADDRESS_FIELD.left + ADDRESS_FIELD.padding;
  const sender = senderLine(composed);
  const senderSize = fittingSize([sender], { font: fonts.regular, size: 7 }, ADDRESS_WIDTH, 6);
  if (senderSize === undefined) {
    throw new LetterPdfError(
      'creditor.letterhead.senderLine',
      'is too long for the address window; shorten it',
      'too-long',
    );
  }
  const senderStyle: Style = { font: fonts.regular, size: senderSize, color: MUTED };
  drawLine(page, sender, { x, top: ADDRESS_FIELD.addressZoneTop - mm(4.6) }, senderStyle);
  drawRule(page, x, x + ADDRESS_WIDTH, ADDRESS_FIELD.addressZoneTop - mm(1.4), 0.3);

  const lines = addressLines(address);
  const size = fittingSize(lines, { font: fonts.regular, size: 10 }, ADDRESS_WIDTH, 8);
  if (size === undefined) {
    throw new LetterPdfError(
      'postalAddress',
      'has a line too long for the address window even at 8 pt',
      'too-long',
    );
  }
  lines.forEach((line, index) => {
    const top = ADDRESS_FIELD.addressZoneTop + mm(1) + index * ADDRESS_PITCH;
    drawLine(page, line, { x, top }, { font: fonts.regular, size });
  });
}

/** Label and value rows right of the address; returns where the block ends. */
export function drawInfoBlock(page: PdfPage, { letter, catalogue }: ComposedLetter, fonts: Fonts): number {
  const { labels, letterhead } = catalogue;
  const rows: [string, string | undefined][] = [
    [letterhead.yourReference, letter.orderNumber],
    [letterhead.customerNumber, letter.customerNumber],
    [labels.invoiceNumber, letter.invoiceNumber],
    [letterhead.contact, letter.creditor.letterhead?.contactName],
    [labels.phone, letter.creditor.phone],
    [letterhead.date, letter.letterDate && formatLetterDate(letter.letterDate, letter.locale)],
  ];
  const label: Style = { font: fonts.regular, size: 8, color: MUTED };
  const value: Style = { font: fonts.regular, size: 9 };
  const valueLeft = INFO_BLOCK.left + mm(29);
  const valueWidth = INFO_BLOCK.left + INFO_BLOCK.width - valueLeft;
  let top = INFO_BLOCK.top;
  for (const [name, content] of rows) {
    if (content === undefined) continue;
    // Label and value share a baseline although their sizes differ.
    drawLine(page, name, { x: INFO_BLOCK.left, top: top + ascentOf(value) - ascentOf(label) }, label);
    for (const line of wrapText(content, value, valueWidth)) {
      drawLine(page, line, { x: valueLeft, top }, value);
      top += lineHeight(value);
    }
  }
  return top;
}

export function drawFoldMarks(page: PdfPage): void {
  const mark = (top: number, length: number) =>
    page.drawLine({
      start: { x: MARKS.left, y: PAGE.height - top },
      end: { x: MARKS.left + length, y: PAGE.height - top },
      thickness: 0.4,
      color: MUTED,
    });
  for (const fold of MARKS.folds) mark(fold, MARKS.foldLength);
  mark(MARKS.hole, MARKS.holeLength);
}

const NO_BREAK = '\u00a0';
const FOOTER_STYLE = (fonts: Fonts): Style => ({ font: fonts.regular, size: 7, color: MUTED });
const FOOTER_BOTTOM = mm(289);

/** The footer's three columns: the company, its register data, its bank. */
export function footerColumns({ letter, catalogue }: ComposedLetter, fonts: Fonts): string[][] {
  const { creditor } = letter;
  const head = creditor.letterhead;
  const words = catalogue.letterhead;
  const register = head?.commercialRegister;
  const columns = [
    [creditor.name, ...creditor.addressLines, ...(head?.seat ? [`${words.seat}: ${head.seat}`] : [])],
    [
      ...(register
        ? [`${words.commercialRegister}: ${register.court}, ${register.number.replaceAll(' ', NO_BREAK)}`]
        : []),
      ...(head?.vatId ? [`${words.vatId}: ${head.vatId}`] : []),
      ...(head?.managingDirectors
        ? [`${words.managingDirectors}: ${head.managingDirectors.join(', ')}`]
        : []),
    ],
    [creditor.bankName, `IBAN ${formatIban(creditor.iban)}`, `BIC ${creditor.bic}`],
  ];
  const style = FOOTER_STYLE(fonts);
  return columns.map((lines, index) => {
    const width = FOOTER.columns[index]?.width ?? 0;
    return lines.flatMap((line) => wrapText(line, style, width));
  });
}

/** Where the footer starts: as high as its longest column needs, so no line falls off the sheet. */
export function footerTop(columns: readonly string[][], fonts: Fonts): number {
  const longest = Math.max(...columns.map((lines) => lines.length));
  return FOOTER_BOTTOM - longest * lineHeight(FOOTER_STYLE(fonts));
}

export function drawFooter(page: PdfPage, columns: readonly string[][], fonts: Fonts): void {
  const style = FOOTER_STYLE(fonts);
  const top = footerTop(columns, fonts);
  drawRule(page, TEXT.left, TEXT.right, top - mm(2), 0.3);
  columns.forEach((lines, column) => {
    const x = FOOTER.columns[column]?.left ?? TEXT.left;
    lines.forEach((line, index) => {
      drawLine(page, line, { x, top: top + index * lineHeight(style) }, style);
    });
  });
}

export function drawPageNumber(page: PdfPage, text: string, top: number, fonts: Fonts): void {
  drawLine(
    page,
    text,
    { x: TEXT.right, top, align: 'right' },
    { font: fonts.regular, size: 8, color: MUTED },
  );
}
