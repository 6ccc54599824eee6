import {
  type ComposedLetter,
  composeLetter,
  type LetterInput,
  type PostalAddress,
  render,
} from '../domain/letters/index.js';
import { BODY, mm, PAGE, SUBJECT_TOP } from './din5008.js';
import { LetterPdfError, required } from './errors.js';
import { type LetterFontFiles, loadLetterFonts } from './fonts.js';
import { drawBody, drawSubject } from './letter-body.js';
import {
  drawAddressField,
  drawFoldMarks,
  drawFooter,
  drawInfoBlock,
  drawLetterhead,
  drawPageNumber,
  footerColumns,
  footerTop,
} from './letter-page.js';
import { PdfDocument } from './pdf/document.js';
import { Flow, type Fonts } from './typesetter.js';

export { LetterPdfError } from './errors.js';

export interface LetterPdfOptions {
  /** The typeface's files; read from the font package (or LETTER_FONT_DIR) when left out. */
  fonts?: LetterFontFiles;
}

const LANGUAGE = { de: 'de-DE', en: 'en-GB' } as const;

/**
 * Refuses customer data with characters the typeface has no glyph for: they would print as empty boxes, and a
 * letter whose address is boxes might not arrive. The error names the field, so the master data can be
 * corrected.
 */
function refuseUnprintable(letter: ComposedLetter['letter'], address: PostalAddress, fonts: Fonts): void {
  const fields: [string, string | undefined][] = [
    ['customerName', letter.customerName],
    ['contactName', letter.contactName],
    ...address.nameLines.map((line, index): [string, string] => [`postalAddress.nameLines.${index}`, line]),
    ['postalAddress.street', address.street],
    ['postalAddress.postalCode', address.postalCode],
    ['postalAddress.city', address.city],
    ['postalAddress.country', address.country],
  ];
  for (const [field, text] of fields) {
    if (text === undefined) continue;
    const missing = [
      ...new Set([...fonts.regular.missingCharacters(text), ...fonts.bold.missingCharacters(text)]),
    ];
    if (missing.length > 0)
      throw new LetterPdfError(
        field,
        `contains characters the letter's typeface cannot print: ${missing.join(' ')}`,
        'characters',
        missing,
      );
  }
}

/**
 * Renders a posted letter as a PDF: A4, DIN 5008 form B, the same wording and blocks as the email. The
 * input is validated like every letter; a posted letter also needs the recipient's postal address and the
 * letter's date (a LetterPdfError names the missing field). The output depends only on the input and the
 * fonts, so rendering the same letter twice gives the same bytes.
 */
export async function renderLetterPdf(
  input: LetterInput,
  options: LetterPdfOptions = {},
): Promise<Uint8Array> {
  return (await renderLetterDocument(input, options)).bytes;
}

/** renderLetterPdf with the number of pages it laid out (the timeline and the document list show it). */
export async function renderLetterDocument(
  input: LetterInput,
  options: LetterPdfOptions = {},
): Promise<{ bytes: Uint8Array; pages: number }> {
  const composed = composeLetter(input);
  const { letter } = composed;
  const address = required(letter.postalAddress, 'postalAddress');
  const letterDate = required(letter.letterDate, 'letterDate');
  const files = options.fonts ?? (await loadLetterFonts());

  const document = new PdfDocument();
  const fonts: Fonts = {
    regular: document.embedFont(files.regular),
    bold: document.embedFont(files.bold),
  };
  refuseUnprintable(letter, address, fonts);
  const written = new Date(`${letterDate}T00:00:00Z`);
  document.setTitle(render(composed.subject, composed.values, 'text'));
  document.setAuthor(letter.creditor.name);
  document.setLanguage(LANGUAGE[letter.locale]);
  document.setCreationDate(written);
  document.setModificationDate(written);

  const first = document.addPage([PAGE.width, PAGE.height]);
  drawLetterhead(first, composed, fonts);
  drawAddressField(first, composed, address, fonts);
  const infoBottom = drawInfoBlock(first, composed, fonts);
  drawFoldMarks(first);

  const footer = footerColumns(composed, fonts);
  const pageNumberTop = footerTop(footer, fonts) - mm(7);
  const area = { continuationTop: BODY.continuationTop, bottom: pageNumberTop - mm(3) };
  const flow = new Flow(document, first, Math.max(SUBJECT_TOP, infoBottom + mm(4)), area);
  drawSubject(flow, composed, fonts);
  drawBody(flow, composed, fonts);

  const pages = String(flow.pages.length);
  flow.pages.forEach((page, index) => {
    drawFooter(page, footer, fonts);
    if (flow.pages.length === 1) return;
    const values = { ...composed.values, page: String(index + 1), pages };
    const number = render({ template: composed.catalogue.letterhead.page }, values, 'text');
    drawPageNumber(page, number, pageNumberTop, fonts);
  });
  return { bytes: document.save(), pages: flow.pages.length };
}
