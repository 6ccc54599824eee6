import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { parseTrueType, TrueTypeSubset } from '../../functions/documents/pdf/truetype.js';
import { readPostscriptName } from '../../functions/documents/pdf/truetype-tables.js';

/**
 * The font side of the PDF writer, checked against fontkit (the library the letters used before) as an
 * independent reader of the same DejaVu files.
 */
const fontFile = (file: string): Uint8Array =>
  readFileSync(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`));

/** OS/2 version 3 with sCapHeight, and an italic angle: what DejaVu Sans Condensed does not exercise. */
const liberationItalic = (): Uint8Array =>
  readFileSync(createRequire(import.meta.url).resolve('pdfjs-dist/standard_fonts/LiberationSans-Italic.ttf'));

const FONTS = [
  { weight: 'regular', bytes: fontFile('DejaVuSansCondensed.ttf') },
  { weight: 'bold', bytes: fontFile('DejaVuSansCondensed-Bold.ttf') },
];

const GERMAN =
  'Sehr geehrte Damen und Herren, trotz unserer Zahlungserinnerung vom 3. März ist der offene Betrag von ' +
  '1.181,62 € noch nicht eingegangen. Bitte überweisen Sie ihn bis zum 24.12. (IBAN DE89 3704 0044 0532 0130 00). ' +
  'Öffnungszeiten Mo–Fr 9–17 Uhr; Grüße aus Köln! ÄÖÜäöüß ẞ 0123456789 @ # % & * + = / \\ [ ] { } ? : \' " _ -';
const TYPOGRAPHY = '€ § „“ ‚‘ – — … ·';
const NAMES = 'Łódź Şahin Dvořák Ærøskøbing';
const NO_BREAK_SPACE = '\u00a0';
/** Beyond the Basic Multilingual Plane, so only the format 12 cmap subtable has them. */
const ASTRAL = '😀𝔸';
/** A CJK ideograph, an emoji and an unassigned code point: DejaVu Sans has none of them. */
const MISSING = ['中', '\u{1F4A9}', '\u0378'];

const codePoints = (text: string): number[] => [
  ...new Set([...text].map((char) => char.codePointAt(0) ?? 0)),
];

describe('parseTrueType', () => {
  it.each(FONTS)('reads the same metrics as fontkit from DejaVu Sans Condensed $weight', ({ bytes }) => {
    // Arrange
    const oracle = fontkit.create(bytes);

    // Act
    const font = parseTrueType(bytes);

    // Assess
    expect(font.postscriptName).toBe(oracle.postscriptName);
    expect(font.postscriptName).toMatch(/^DejaVuSansCondensed/);
    expect(font.unitsPerEm).toBe(oracle.unitsPerEm);
    expect(font.ascent).toBe(oracle.ascent);
    expect(font.descent).toBe(oracle.descent);
    expect(font.descent).toBeLessThan(0);
    // DejaVu's OS/2 table is version 1, without sCapHeight: fontkit answers undefined, the contract the ascent.
    expect(font.capHeight).toBe(oracle.capHeight ?? oracle.ascent);
    expect(font.italicAngle).toBe(oracle.italicAngle);
    expect(font.bbox).toEqual([oracle.bbox.minX, oracle.bbox.minY, oracle.bbox.maxX, oracle.bbox.maxY]);
    expect(font.fixedPitch).toBe(false);
  });

  it.each(FONTS)(
    'finds the glyph and advance width fontkit finds for German text, typography, Latin Extended-A names, a no-break space and astral characters in $weight',
    ({ bytes }) => {
      // Arrange
      const oracle = fontkit.create(bytes);
      const characters = codePoints(GERMAN + TYPOGRAPHY + NAMES + NO_BREAK_SPACE + ASTRAL);

      // Act
      const font = parseTrueType(bytes);
      const read = characters.map((codePoint) => {
        const glyphId = font.glyphIdOf(codePoint);
        return { codePoint, glyphId, advance: font.advanceOf(glyphId) };
      });

      // Assess
      const expected = characters.map((codePoint) => {
        const glyph = oracle.glyphForCodePoint(codePoint);
        return { codePoint, glyphId: glyph.id, advance: glyph.advanceWidth };
      });
      expect(read).toEqual(expected);
      expect(read.filter(({ glyphId }) => glyphId === 0)).toEqual([]);
    },
  );

  it('reads sCapHeight from an OS/2 table of version 3 and a negative italic angle, like fontkit', () => {
    // Arrange
    const bytes = liberationItalic();
    const oracle = fontkit.create(bytes);

    // Act
    const font = parseTrueType(bytes);

    // Assess
    expect(font.postscriptName).toBe('LiberationSans-Italic');
    expect(font.capHeight).toBe(oracle.capHeight);
    expect(font.capHeight).toBeLessThan(font.ascent);
    expect(font.italicAngle).toBe(oracle.italicAngle);
    expect(font.italicAngle).toBeLessThan(0);
  });

  it('maps every code point of the Basic Multilingual Plane to the glyph fontkit maps it to', () => {
    // Arrange
    const [regular] = FONTS;
    if (!regular) throw new Error('fixture missing');
    const oracle = fontkit.create(regular.bytes);
    const all = Array.from({ length: 0x10000 }, (_, codePoint) => codePoint);

    // Act
    const font = parseTrueType(regular.bytes);
    const mismatches = all.filter(
      (codePoint) => font.glyphIdOf(codePoint) !== oracle.glyphForCodePoint(codePoint).id,
    );

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('answers .notdef (0) for characters the font lacks, like fontkit', () => {
    // Arrange
    const [regular] = FONTS;
    if (!regular) throw new Error('fixture missing');
    const oracle = fontkit.create(regular.bytes);

    // Act
    const font = parseTrueType(regular.bytes);

    // Assess
    for (const codePoint of codePoints(MISSING.join(''))) {
      expect(font.glyphIdOf(codePoint)).toBe(0);
      expect(oracle.glyphForCodePoint(codePoint).id).toBe(0);
    }
    expect(font.glyphIdOf(-1)).toBe(0);
    expect(font.glyphIdOf(0x110000)).toBe(0);
  });

  it('gives the last long metric to glyphs past numberOfHMetrics and 0 to ids outside the font', () => {
    // Arrange
    const [regular] = FONTS;
    if (!regular) throw new Error('fixture missing');
    const oracle = fontkit.create(regular.bytes);
    const last = oracle.numGlyphs - 1;

    // Act
    const font = parseTrueType(regular.bytes);

    // Assess
    expect(font.advanceOf(last)).toBe(oracle.getGlyph(last).advanceWidth);
    expect(font.advanceOf(oracle.numGlyphs)).toBe(0);
    expect(font.advanceOf(-1)).toBe(0);
  });

  const otto = new Uint8Array([0x4f, 0x54, 0x54, 0x4f, 0, 1, 0, 16, 0, 0, 0, 0]);
  const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n');
  it.each([
    { what: 'an empty array', bytes: new Uint8Array(), message: /Not a TrueType font: 0 bytes are too few/ },
    { what: 'a PDF', bytes: pdf, message: /Not a TrueType font: unknown signature 0x25504446 \("%PDF"\)/ },
    { what: 'an OpenType font with CFF outlines', bytes: otto, message: /CFF outlines \(OTTO\)/ },
    {
      what: 'a font cut off after 2 KB',
      bytes: FONTS[0]?.bytes.subarray(0, 2048) ?? new Uint8Array(),
      message: /Not a TrueType font: the '.{4}' table runs past the end/,
    },
  ])('throws a clear error for $what', ({ bytes, message }) => {
    // Act
    const parse = () => parseTrueType(bytes);

    // Assess
    expect(parse).toThrow(message);
  });

  it('throws naming the missing table for a font without a cmap, such as a subset', () => {
    // Arrange
    const [regular] = FONTS;
    if (!regular) throw new Error('fixture missing');
    const subset = new TrueTypeSubset(parseTrueType(regular.bytes)).encode();

    // Act
    const parse = () => parseTrueType(subset);

    // Assess
    expect(parse).toThrow("Not a TrueType font with glyf outlines: the 'cmap' table is missing");
  });
});

/** A 'name' table with the given (platform, text) records for nameID 6, UTF-16BE except on Macintosh. */
function nameTable(records: readonly (readonly [platform: number, text: string])[]): Uint8Array {
  const strings = records.map(([platform, text]) =>
    platform === 1
      ? Uint8Array.from(text, (char) => char.charCodeAt(0))
      : Uint8Array.from([...text].flatMap((char) => [0, char.charCodeAt(0)])),
  );
  const header = 6 + records.length * 12;
  const table = new Uint8Array(header + strings.reduce((sum, string) => sum + string.length, 0));
  const view = new DataView(table.buffer);
  view.setUint16(2, records.length);
  view.setUint16(4, header);
  let offset = 0;
  records.forEach(([platform], index) => {
    const string = strings[index] ?? new Uint8Array();
    const at = 6 + index * 12;
    view.setUint16(at, platform);
    view.setUint16(at + 6, 6);
    view.setUint16(at + 8, string.length);
    view.setUint16(at + 10, offset);
    table.set(string, header + offset);
    offset += string.length;
  });
  return table;
}

describe('readPostscriptName', () => {
  it.each([
    {
      records: [
        [1, 'MacName'],
        [3, 'WindowsName'],
      ] as const,
      expected: 'WindowsName',
    },
    { records: [[1, 'MacName']] as const, expected: 'MacName' },
    { records: [[3, 'Odd Name (1)/x']] as const, expected: 'OddName1x' },
    { records: [] as const, expected: undefined },
  ])('reads $expected from name records $records', ({ records, expected }) => {
    // Act
    const name = readPostscriptName(nameTable(records));

    // Assess
    expect(name).toBe(expected);
  });
});
