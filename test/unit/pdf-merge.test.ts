import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLetterFonts } from '../../functions/documents/fonts.js';
import { PdfFile } from '../../functions/documents/pdf/file.js';
import { mergePdfs } from '../../functions/documents/pdf/merge.js';
import { dict, flateStream, name } from '../../functions/documents/pdf/objects.js';
import { mergeLetterPdfs } from '../../functions/documents/print-batch-pdf.js';
import { readPdf } from './pdf-text.js';

let regularFont: Uint8Array;
beforeAll(async () => {
  regularFont = (await loadLetterFonts()).regular;
});

/** A letter as pdf-lib writes it by default (object streams), each page in DejaVu Sans (a FontFile2 subset). */
async function letterInDejaVu(pageTexts: readonly string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(regularFont, { subset: true });
  for (const text of pageTexts)
    document.addPage([595, 842]).drawText(text, { x: 50, y: 700, font, size: 12 });
  return document.save();
}

/** A letter in Helvetica saved with a classic cross-reference table. */
async function letterWithoutObjectStreams(text: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([420, 595]).drawText(text, { x: 40, y: 500, font, size: 12 });
  return document.save({ useObjectStreams: false });
}

/**
 * The product's own writer, by hand: the root Pages node holds MediaBox and Resources, a middle one Rotate;
 * the first page has none of them, the second its own MediaBox.
 */
function letterInheritingAttributes(): Uint8Array {
  const file = new PdfFile();
  const root = file.reserve();
  const middle = file.reserve();
  const font = file.add(dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Helvetica') }));
  const text = (content: string) =>
    flateStream(new TextEncoder().encode(`BT /F1 12 Tf 20 100 Td (${content}) Tj ET`));
  const inheriting = file.add(
    dict({ Type: name('Page'), Parent: middle, Contents: file.add(text('Inherited')) }),
  );
  const own = file.add(
    dict({
      Type: name('Page'),
      Parent: root,
      MediaBox: [0, 0, 300, 200],
      Contents: file.add(text('Own box')),
    }),
  );
  file.set(middle, dict({ Type: name('Pages'), Parent: root, Kids: [inheriting], Count: 1, Rotate: 90 }));
  file.set(
    root,
    dict({
      Type: name('Pages'),
      Kids: [middle, own],
      Count: 2,
      MediaBox: [0, 0, 200, 300],
      Resources: dict({ Font: dict({ F1: font }) }),
    }),
  );
  return file.save({ root: file.add(dict({ Type: name('Catalog'), Pages: root })) });
}

/** How many indirect objects of the PDF are dictionaries (or streams) matching `matches`. */
async function countObjects(pdf: Uint8Array, matches: (object: PDFDict) => boolean): Promise<number> {
  const document = await PDFDocument.load(pdf);
  return document.context.enumerateIndirectObjects().filter(([, object]) => {
    const dictionary = object instanceof PDFRawStream ? object.dict : object;
    return dictionary instanceof PDFDict && matches(dictionary);
  }).length;
}

const typed = (type: string) => (object: PDFDict) => object.get(PDFName.of('Type')) === PDFName.of(type);

describe('merging PDFs', () => {
  it('puts every page of every letter in order, with its text and size, and says how many pages each letter has', async () => {
    // Arrange
    const letters = [
      await letterInDejaVu(['Erste Mahnung Seite 1', 'Erste Mahnung Seite 2']),
      await letterWithoutObjectStreams('Zweite Mahnung'),
      letterInheritingAttributes(),
    ];

    // Act
    const merged = mergePdfs(letters, { title: 'Druck', date: new Date(0) });

    // Assess
    const pages = await readPdf(merged.bytes);
    expect(merged.pages).toEqual([2, 1, 2]);
    expect(pages.map((page) => page.lines)).toEqual([
      ['Erste Mahnung Seite 1'],
      ['Erste Mahnung Seite 2'],
      ['Zweite Mahnung'],
      ['Inherited'],
      ['Own box'],
    ]);
    expect(pages.map((page) => [page.widthPt, page.heightPt])).toEqual([
      [595, 842],
      [595, 842],
      [420, 595],
      [200, 300],
      [300, 200],
    ]);
    expect((await PDFDocument.load(merged.bytes)).getPageCount()).toBe(5);
    // One page tree: no page's /Parent led to its letter's tree.
    expect(await countObjects(merged.bytes, typed('Pages'))).toBe(1);
  });

  it('gives a page without MediaBox, Resources or Rotate those of its ancestors, and keeps what a page has itself', async () => {
    // Act
    const merged = mergePdfs([letterInheritingAttributes()], { title: 'Druck', date: new Date(0) });

    // Assess: the merged page tree is flat and has none of these, so each page must carry its own
    const [inheriting, own] = (await PDFDocument.load(merged.bytes)).getPages();
    expect(inheriting?.node.get(PDFName.of('MediaBox'))?.toString()).toBe('[ 0 0 200 300 ]');
    expect(inheriting?.node.get(PDFName.of('Resources'))).toBeDefined();
    expect(inheriting?.getRotation().angle).toBe(90);
    expect(own?.node.get(PDFName.of('MediaBox'))?.toString()).toBe('[ 0 0 300 200 ]');
    expect(own?.node.get(PDFName.of('Resources'))).toBeDefined();
    expect(own?.getRotation().angle).toBe(0);
  });

  it('copies a font that two pages of a letter share once for that letter', async () => {
    // Arrange
    const letter = await letterInDejaVu(['Seite 1', 'Seite 2']);

    // Act
    const merged = mergePdfs([letter, letter], { title: 'Druck', date: new Date(0) });

    // Assess: once per input letter, not once per page
    const fontFiles = await countObjects(merged.bytes, (object) => object.has(PDFName.of('FontFile2')));
    expect(fontFiles).toBe(2);
    expect(await countObjects(merged.bytes, typed('Font'))).toBe(
      (await countObjects(letter, typed('Font'))) * 2,
    );
  });

  it('gives the same bytes for the same letters, titled and dated 1 January 1970 as a print batch', async () => {
    // Arrange
    const letters = [await letterInDejaVu(['Mahnung']), letterInheritingAttributes()];

    // Act
    const first = await mergeLetterPdfs(letters, 'Druckstapel 7. Dezember – Mahnungen');
    const second = await mergeLetterPdfs(letters, 'Druckstapel 7. Dezember – Mahnungen');

    // Assess
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
    const document = await PDFDocument.load(first.bytes, { updateMetadata: false });
    expect(document.getTitle()).toBe('Druckstapel 7. Dezember – Mahnungen');
    expect(document.getCreationDate()?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(document.getModificationDate()?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('names the letter it cannot merge and why', async () => {
    // Arrange
    const readable = await letterWithoutObjectStreams('Mahnung');
    const encrypted = Buffer.from(letterInheritingAttributes())
      .toString('latin1')
      .replace('trailer\n<<', 'trailer\n<</Encrypt 1 0 R');

    // Act
    const merging = () =>
      mergePdfs([readable, Buffer.from(encrypted, 'latin1')], { title: 'Druck', date: new Date(0) });

    // Assess
    expect(merging).toThrow(/PDF 2 of 2: the PDF is encrypted/);
  });
});
