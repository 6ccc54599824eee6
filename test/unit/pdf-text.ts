import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reads a PDF back the way a reviewer looks at it: page sizes and every piece of text with its position in
 * millimetres from the top left corner of the sheet. No-break spaces read as plain spaces.
 */
export interface PlacedText {
  text: string;
  /** Left edge and width, mm. */
  left: number;
  right: number;
  /** Baseline, mm from the top edge. */
  baseline: number;
  /** Font size in points. */
  size: number;
}

export interface ReadPage {
  widthPt: number;
  heightPt: number;
  items: PlacedText[];
  /** The page's text, one line per baseline, pieces left to right joined by a space. */
  lines: string[];
}

const MM_PER_PT = 25.4 / 72;

function linesOf(items: readonly PlacedText[]): string[] {
  const rows = new Map<number, PlacedText[]>();
  for (const item of items) {
    const key = Math.round(item.baseline * 10);
    rows.set(key, [...(rows.get(key) ?? []), item]);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) =>
      row
        .sort((a, b) => a.left - b.left)
        .map((item) => item.text)
        .join(' '),
    );
}

export async function readPdf(pdf: Uint8Array): Promise<ReadPage[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: ReadPage[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const [, , widthPt = 0, heightPt = 0] = page.view;
    const content = await page.getTextContent();
    const items: PlacedText[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [size = 0, , , , x = 0, y = 0] = item.transform as number[];
      items.push({
        text: item.str.replaceAll('\u00a0', ' '),
        left: x * MM_PER_PT,
        right: (x + item.width) * MM_PER_PT,
        baseline: (heightPt - y) * MM_PER_PT,
        size,
      });
    }
    pages.push({ widthPt, heightPt, items, lines: linesOf(items) });
  }
  await document.destroy();
  return pages;
}

/** The piece of text on the page that equals `text`, or undefined. */
export const itemNamed = (page: ReadPage | undefined, text: string) =>
  page?.items.find((item) => item.text === text);
