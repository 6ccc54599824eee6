import fontkit from '@pdf-lib/fontkit';
import fc from 'fast-check';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LetterFontFiles, loadLetterFonts } from '../../functions/documents/fonts.js';
import { PdfDocument, rgb } from '../../functions/documents/pdf/document.js';
import { PdfFile } from '../../functions/documents/pdf/file.js';
import { dict, formatNumber, name, serialize, textString } from '../../functions/documents/pdf/objects.js';
import { readPdf } from './pdf-text.js';

/**
 * The product's own PDF writer, read back by two independent readers: PDF.js (what a viewer shows and what copy
 * and paste gives) and pdf-lib with fontkit (the objects and the embedded font programs).
 */
let fonts: LetterFontFiles;
beforeAll(async () => {
  fonts = await loadLetterFonts();
});

const INK = rgb(0, 0, 0);
const MM_PER_PT = 25.4 / 72;

function oneLine(text: string, at = { x: 72, y: 700, size: 11 }): Uint8Array {
  const document = new PdfDocument();
  const font = document.embedFont(fonts.regular);
  const page = document.addPage([595.28, 841.89]);
  page.drawText(text, { ...at, font, color: INK });
  return document.save();
}

async function embeddedFontPrograms(pdf: Uint8Array) {
  const document = await PDFDocument.load(pdf);
  const programs: { baseFont: string; font: ReturnType<typeof fontkit.create> }[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor'))
      continue;
    const file = object.lookup(PDFName.of('FontFile2'));
    if (!(file instanceof PDFRawStream)) continue;
    programs.push({
      baseFont: String(object.get(PDFName.of('FontName'))),
      font: fontkit.create(decodePDFRawStream(file).decode()),
    });
  }
  return programs;
}

describe('the PDF writer', () => {
  it('places text where it was drawn, at its size and with its exact characters, umlauts, euro sign and names beyond Latin-1 included', async () => {
    // Arrange
    const text = 'Zahlbar bis 15.01.2027: 1.181,62 € an „Łódź Dvořák Şahin“ – Straße';

    // Act
    const [page] = await readPdf(oneLine(text, { x: 72, y: 700, size: 11 }));

    // Assess
    expect(page?.widthPt).toBeCloseTo(595.28, 2);
    expect(page?.lines).toEqual([text]);
    const item = page?.items[0];
    expect(item?.left).toBeCloseTo(72 * MM_PER_PT, 2);
    expect(item?.baseline).toBeCloseTo((841.89 - 700) * MM_PER_PT, 2);
    expect(item?.size).toBeCloseTo(11, 3);
  });

  it('gives back any text it drew, character for character, when a viewer copies it', async () => {
    // Arrange: names and amounts as a debtor's address and a statement hold them
    const characters = [...'AaZz09 .,-/&()§€„“‚‘–…ÄÖÜäöüßÉéÈèÇçÑñŁłŚśŻżŞşĞğİıŘřŠšŽžČčŐőŰűÆæØøÅå'];
    const texts = fc
      .array(fc.constantFrom(...characters), { minLength: 1, maxLength: 40 })
      .map((picked) => picked.join('').trim())
      .filter((text) => text !== '');

    // Act, Assess
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        const [page] = await readPdf(oneLine(text));
        expect(page?.lines.join(' ')).toBe(text.replace(/ +/g, ' '));
      }),
      { numRuns: 40 },
    );
  });

  it('measures a text as wide as a viewer lays it out', async () => {
    // Arrange
    const document = new PdfDocument();
    const font = document.embedFont(fonts.regular);
    const text = 'Mahnung zur Rechnung RE-2026-0042';

    // Act
    const width = font.widthOfTextAtSize(text, 10);
    document.addPage([595.28, 841.89]).drawText(text, { x: 100, y: 500, size: 10, font, color: INK });
    const [page] = await readPdf(document.save());

    // Assess
    const item = page?.items[0];
    expect(((item?.right ?? 0) - (item?.left ?? 0)) / MM_PER_PT).toBeCloseTo(width, 1);
  });

  it('embeds only the glyphs the document uses, each with its outline, under a subset tag that differs between subsets', async () => {
    // Act
    const [short] = await embeddedFontPrograms(oneLine('Äpfel'));
    const [longer] = await embeddedFontPrograms(oneLine('Äpfel und Birnen'));

    // Assess: .notdef, five letters and the components of Ä (A and the dieresis)
    expect(short?.font.numGlyphs).toBeLessThanOrEqual(8);
    expect(short?.font.numGlyphs).toBeGreaterThanOrEqual(6);
    expect(short?.baseFont).toMatch(/^\/[A-Z]{6}\+DejaVuSansCondensed$/);
    expect(longer?.baseFont).not.toBe(short?.baseFont);
    for (let id = 1; id < (short?.font.numGlyphs ?? 0); id += 1)
      expect(short?.font.getGlyph(id).path.toSVG()).not.toBe('');
  });

  it('writes the same bytes for the same drawing, and the title, author, language and dates a reader shows', async () => {
    // Arrange
    const draw = () => {
      const document = new PdfDocument();
      const font = document.embedFont(fonts.bold);
      document.setTitle('Mahnung – Rechnung RE-1');
      document.setAuthor('Muster Maschinenbau GmbH');
      document.setLanguage('de-DE');
      document.setCreationDate(new Date('2027-01-15T00:00:00Z'));
      document.setModificationDate(new Date('2027-01-15T00:00:00Z'));
      const page = document.addPage([595.28, 841.89]);
      page.drawText('Mahnung', { x: 70, y: 600, size: 12, font, color: rgb(0.1, 0.2, 0.3) });
      page.drawLine({ start: { x: 70, y: 590 }, end: { x: 500, y: 590 }, thickness: 0.5, color: INK });
      return document.save();
    };

    // Act
    const first = draw();
    const second = draw();
    const read = await PDFDocument.load(first, { updateMetadata: false });

    // Assess
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(read.getTitle()).toBe('Mahnung – Rechnung RE-1');
    expect(read.getAuthor()).toBe('Muster Maschinenbau GmbH');
    expect(read.getCreationDate()?.toISOString()).toBe('2027-01-15T00:00:00.000Z');
    const language = read.catalog.get(PDFName.of('Lang'));
    expect(language instanceof PDFHexString && language.decodeText()).toBe('de-DE');
  });
});

describe('the PDF objects', () => {
  it('write numbers without exponent and with at most four decimals, and refuse what PDF cannot hold', () => {
    // Assess
    expect([0.1 + 0.2, 1e-7, -0.00001, 12, 841.8898].map(formatNumber)).toEqual([
      '0.3',
      '0',
      '0',
      '12',
      '841.8898',
    ]);
    expect(() => formatNumber(Number.NaN)).toThrow(/finite/);
  });

  it('escape delimiters and non-ASCII in names, and write text beyond ASCII as UTF-16 with its byte order mark', () => {
    // Assess
    expect(serialize(name('A B#(x)'))).toBe('/A#20B#23#28x#29');
    expect(serialize(textString('Köln'))).toBe('<feff004b00f6006c006e>');
    expect(serialize(dict({ Title: textString('Plain'), Skipped: undefined, Kids: [1, null, true] }))).toBe(
      '<</Title <506c61696e> /Kids [1 null true]>>',
    );
  });

  it('refuse to save a file with an object that was reserved but never written', () => {
    // Arrange
    const file = new PdfFile();
    const root = file.reserve();
    file.reserve();
    file.set(root, dict({ Type: name('Catalog') }));

    // Act / Assess
    expect(() => file.save({ root })).toThrow(/object 2 was reserved but never set/);
  });
});
