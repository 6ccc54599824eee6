import { PAGE } from './din5008.js';
import type { Color, PdfDocument, PdfPage } from './pdf/document.js';
import { rgb } from './pdf/document.js';
import type { PdfFont } from './pdf/font.js';

/**
 * Typesetting on top of the product's PDF writer (./pdf): text measured with the embedded font's metrics, wrapped into a width,
 * placed by the top of its line in points from the top of the page, and a flow that fills pages from top
 * to bottom and starts a new page when the next piece no longer fits.
 */
export interface Fonts {
  regular: PdfFont;
  bold: PdfFont;
}

export interface Style {
  font: PdfFont;
  size: number;
  color?: Color;
}

export const INK = rgb(0.08, 0.09, 0.1);
export const MUTED = rgb(0.33, 0.35, 0.38);

/** Line spacing as a multiple of the font size. */
export const LEADING = 1.27;
export const lineHeight = (style: Style): number => style.size * LEADING;

export const widthOf = (text: string, style: Style): number => style.font.widthOfTextAtSize(text, style.size);

/** Breaks a word wider than the whole line by characters, so nothing ever runs past a margin. */
function splitLongWord(word: string, style: Style, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const character of word) {
    if (piece !== '' && widthOf(piece + character, style) > width) {
      pieces.push(piece);
      piece = character;
    } else piece += character;
  }
  return piece === '' ? pieces : [...pieces, piece];
}

/** Words a line must not end with: "§ 31", "z. B.", "Abs. 2", "Nr. 4" stay on one line. */
const GLUE = /^\(?(§§?|\p{L}\.|Abs\.|Nr\.)$/u;

function words(text: string): string[] {
  const result: string[] = [];
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const previous = result.at(-1);
    if (previous !== undefined && GLUE.test(previous.split(' ').at(-1) ?? '')) {
      result[result.length - 1] = `${previous} ${word}`;
    } else result.push(word);
  }
  return result;
}

/**
 * Greedy line breaking at spaces. A no-break space (between amount and currency) is no break opportunity,
 * and neither is the space after a section sign or an abbreviation (GLUE).
 */
export function wrapText(text: string, style: Style, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of words(text)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (widthOf(candidate, style) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    if (widthOf(word, style) <= width) current = word;
    else {
      const pieces = splitLongWord(word, style, width);
      current = pieces.pop() ?? '';
      lines.push(...pieces);
    }
  }
  return current === '' ? lines : [...lines, current];
}

/** The largest size from `size` down to `minimum` (half-point steps) at which every text fits the width. */
export function fittingSize(texts: readonly string[], style: Style, width: number, minimum: number) {
  for (let size = style.size; size >= minimum; size -= 0.5) {
    if (texts.every((text) => widthOf(text, { ...style, size }) <= width)) return size;
  }
  return undefined;
}

export type Align = 'left' | 'right';

/**
 * From the top of a line to its baseline, in em: where the DIN 5008 positions put a line's text. It is the
 * measure the layout was tuned with (pdf-lib's height of DejaVu Sans without descender), a little below the
 * capitals' top (0.729 em), so accents on capitals reach a little above the line's top.
 */
const TOP_TO_BASELINE = 0.6810625;
export const ascentOf = (style: Style): number => style.size * TOP_TO_BASELINE;

/** Draws one line whose top is `top` points below the page's top edge; `x` is its left or right end. */
export function drawLine(
  page: PdfPage,
  text: string,
  at: { x: number; top: number; align?: Align },
  style: Style,
) {
  const ascent = ascentOf(style);
  const x = at.align === 'right' ? at.x - widthOf(text, style) : at.x;
  page.drawText(text, {
    x,
    y: PAGE.height - at.top - ascent,
    size: style.size,
    font: style.font,
    color: style.color ?? INK,
  });
}

/** A horizontal rule `top` points below the page's top edge. */
export function drawRule(page: PdfPage, from: number, to: number, top: number, thickness = 0.5) {
  page.drawLine({
    start: { x: from, y: PAGE.height - top },
    end: { x: to, y: PAGE.height - top },
    thickness,
    color: MUTED,
  });
}

/** Fills pages top to bottom between `continuationTop` (later pages) and `bottom`. */
export class Flow {
  readonly pages: PdfPage[];
  private cursor: number;

  constructor(
    private readonly document: PdfDocument,
    first: PdfPage,
    start: number,
    private readonly area: { continuationTop: number; bottom: number },
  ) {
    this.pages = [first];
    this.cursor = start;
  }

  get page(): PdfPage {
    const page = this.pages.at(-1);
    if (!page) throw new Error('a flow always has a page');
    return page;
  }

  /** The height a page offers the body from its continuation top: what a kept-together piece may use. */
  get pageHeight(): number {
    return this.area.bottom - this.area.continuationTop;
  }

  /**
   * Starts a new page unless `height` still fits on this one (keeps a heading with its first row); tells
   * whether it did, so a table can repeat its heading.
   */
  keep(height: number): boolean {
    const pageIsEmpty = this.cursor === this.area.continuationTop;
    if (this.cursor + height <= this.area.bottom || pageIsEmpty) return false;
    this.pages.push(this.document.addPage([PAGE.width, PAGE.height]));
    this.cursor = this.area.continuationTop;
    return true;
  }

  /** Reserves `height` (on a new page if needed) and returns the top of the reserved space. */
  take(height: number): number {
    this.keep(height);
    const top = this.cursor;
    this.cursor += height;
    return top;
  }

  /** Vertical space; swallowed at the top of a page, where it would only push the text down. */
  space(height: number): void {
    if (this.cursor !== this.area.continuationTop)
      this.cursor = Math.min(this.cursor + height, this.area.bottom);
  }
}
