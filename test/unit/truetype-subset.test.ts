import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { parseTrueType, type TrueTypeFont, TrueTypeSubset } from '../../functions/documents/pdf/truetype.js';

/**
 * Subsets as the PDF writer embeds them (glyphs addressed by id), read back by fontkit as an independent
 * reader, and their sfnt structure checked field by field against the OpenType specification.
 */
const require = createRequire(import.meta.url);
const regularBytes = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'));
const boldBytes = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'));
const regular = parseTrueType(regularBytes);
const original = fontkit.create(regularBytes);

const LETTER_TEXT = 'Mahnung Äpfel Ölmühle Straße €';

function subsetOf(text: string, font: TrueTypeFont = regular): TrueTypeSubset {
  const subset = new TrueTypeSubset(font);
  for (const character of text) subset.include(font.glyphIdOf(character.codePointAt(0) ?? 0));
  return subset;
}

const idOf = (character: string): number => original.glyphForCodePoint(character.codePointAt(0) ?? 0).id;
const pathOf = (font: ReturnType<typeof fontkit.create>, glyphId: number) =>
  font.getGlyph(glyphId).path.toSVG();

/** Every glyph of the subset draws and advances exactly like the original glyph it stands for. */
function expectSameGlyphs(subset: TrueTypeSubset, encoded: Uint8Array, source = original) {
  const reread = fontkit.create(encoded);
  expect(reread.numGlyphs).toBe(subset.glyphIds.length);
  subset.glyphIds.forEach((originalId, subsetId) => {
    expect(pathOf(reread, subsetId), `glyph ${originalId}`).toBe(pathOf(source, originalId));
    expect(reread.getGlyph(subsetId).advanceWidth).toBe(source.getGlyph(originalId).advanceWidth);
  });
}

interface TableRecord {
  tag: string;
  checksum: number;
  offset: number;
  length: number;
}

/** A reading of the sfnt directory written here from the specification, independent of the writer. */
function directoryOf(file: Uint8Array) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const count = view.getUint16(4);
  const tables: TableRecord[] = Array.from({ length: count }, (_, index) => {
    const at = 12 + index * 16;
    const tag = String.fromCharCode(...file.subarray(at, at + 4));
    return {
      tag,
      checksum: view.getUint32(at + 4),
      offset: view.getUint32(at + 8),
      length: view.getUint32(at + 12),
    };
  });
  const table = (tag: string) => {
    const record = tables.find((candidate) => candidate.tag === tag);
    if (!record) throw new Error(`no ${tag}`);
    return new DataView(file.buffer, file.byteOffset + record.offset, record.length);
  };
  const search = {
    searchRange: view.getUint16(6),
    entrySelector: view.getUint16(8),
    rangeShift: view.getUint16(10),
  };
  return { version: view.getUint32(0), search, tables, table };
}

function checksumOf(bytes: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let at = 0; at < padded.length; at += 4) sum = (sum + view.getUint32(at)) % 2 ** 32;
  return sum;
}

describe('TrueTypeSubset', () => {
  it('numbers glyphs in order of first use, .notdef always 0, and a repeated glyph keeps its id', () => {
    // Arrange
    const subset = new TrueTypeSubset(regular);

    // Act
    const ids = [...'baba'].map((character) => subset.include(idOf(character)));

    // Assess
    expect(ids).toEqual([1, 2, 1, 2]);
    expect(subset.include(0)).toBe(0);
    expect(subset.glyphIds).toEqual([0, idOf('b'), idOf('a')]);
  });

  it("writes a subset of a letter's text that fontkit reads back with the same outlines and advance widths", () => {
    // Arrange
    const subset = subsetOf(LETTER_TEXT);

    // Act
    const encoded = subset.encode();

    // Assess
    // .notdef, 20 distinct characters, then A, O and the diaereses that the composites Ä, Ö and ü are made of.
    const distinct = new Set(LETTER_TEXT).size;
    expect(subset.glyphIds).toHaveLength(1 + distinct + 4);
    expect(subset.glyphIds.slice(1 + distinct)).toEqual(expect.arrayContaining([idOf('A'), idOf('O')]));
    expectSameGlyphs(subset, encoded);
    const reread = fontkit.create(encoded);
    const space = subset.glyphIds.indexOf(idOf(' '));
    expect(pathOf(reread, space)).toBe('');
    expect(reread.getGlyph(space).advanceWidth).toBe(original.getGlyph(idOf(' ')).advanceWidth);
  });

  it.each(['Ä', 'Ö', 'ü'])('keeps the outline of the composite glyph %s', (character) => {
    // Arrange
    const subset = subsetOf(character);

    // Act
    const encoded = subset.encode();

    // Assess
    const path = pathOf(fontkit.create(encoded), 1);
    expect(path).toBe(pathOf(original, idOf(character)));
    expect(path).not.toBe('');
    const { table } = directoryOf(encoded);
    const numberOfContours = table('glyf').getInt16(table('loca').getUint16(2) * 2);
    expect(numberOfContours, 'still a composite, not flattened').toBeLessThan(0);
  });

  it('follows composites made of composites (ễ in "Nguyễn", ǖ) and renumbers their components too', () => {
    // Arrange
    const subset = subsetOf('Nguyễn ǖ', parseTrueType(boldBytes));

    // Act
    const encoded = subset.encode();

    // Assess
    expectSameGlyphs(subset, encoded, fontkit.create(boldBytes));
    expect(subset.glyphIds.length).toBeGreaterThan(1 + new Set('Nguyễn ǖ').size + 2);
  });

  it('writes a subset under 10 % of the font, with the same bytes on every encode', () => {
    // Arrange
    const subset = subsetOf(LETTER_TEXT);

    // Act
    const first = subset.encode();
    const second = subset.encode();
    const fresh = subsetOf(LETTER_TEXT).encode();

    // Assess
    expect(first.byteLength).toBeLessThan(regularBytes.byteLength * 0.1);
    expect(second).toEqual(first);
    expect(fresh).toEqual(first);
  });

  it("leaves the caller's font bytes untouched, even a Node Buffer whose slice() shares memory", () => {
    // Arrange
    const bytes = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'));
    const subset = subsetOf(LETTER_TEXT, parseTrueType(bytes));

    // Act
    subset.encode();

    // Assess
    expect(bytes.equals(regularBytes)).toBe(true);
  });

  it('writes a table directory with sorted tags, checksums, search fields and head.checkSumAdjustment', () => {
    // Arrange
    const subset = subsetOf(LETTER_TEXT);

    // Act
    const encoded = subset.encode();

    // Assess
    const { version, search, tables, table } = directoryOf(encoded);
    expect(version).toBe(0x00010000);
    expect(tables.map(({ tag }) => tag)).toEqual([
      'cvt ',
      'fpgm',
      'glyf',
      'head',
      'hhea',
      'hmtx',
      'loca',
      'maxp',
      'prep',
    ]);
    expect(search).toEqual({ searchRange: 8 * 16, entrySelector: 3, rangeShift: 9 * 16 - 8 * 16 });
    for (const record of tables) {
      expect(record.offset % 4, record.tag).toBe(0);
      const bytes = encoded.slice(record.offset, record.offset + record.length);
      if (record.tag === 'head') bytes.fill(0, 8, 12);
      expect(checksumOf(bytes), record.tag).toBe(record.checksum);
    }
    expect(encoded.byteLength % 4).toBe(0);
    expect(checksumOf(encoded)).toBe(0xb1b0afba);
    const count = subset.glyphIds.length;
    expect(table('maxp').getUint16(4)).toBe(count);
    expect(table('hhea').getUint16(34)).toBe(count);
    expect(table('hmtx').byteLength).toBe(count * 4);
    expect(table('head').getInt16(50)).toBe(0);
    expect(table('loca').byteLength).toBe((count + 1) * 2);
    expect(table('loca').getUint16(count * 2) * 2).toBe(table('glyf').byteLength);
  });

  it('copies the hinting programs as they are', () => {
    // Arrange
    const source = directoryOf(regularBytes);

    // Act
    const written = directoryOf(subsetOf(LETTER_TEXT).encode());

    // Assess
    for (const tag of ['cvt ', 'fpgm', 'prep']) {
      const bytes = (view: DataView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      expect(bytes(written.table(tag)), tag).toEqual(bytes(source.table(tag)));
    }
  });

  it('switches to long loca offsets when the glyph data reaches 128 KB, and fontkit still reads every glyph', () => {
    // Arrange
    const subset = new TrueTypeSubset(regular);
    for (let id = original.numGlyphs - 1; id > 0; id -= 3) subset.include(id);

    // Act
    const encoded = subset.encode();

    // Assess
    const { table } = directoryOf(encoded);
    expect(table('glyf').byteLength).toBeGreaterThan(0x20000);
    expect(table('head').getInt16(50)).toBe(1);
    expect(table('loca').byteLength).toBe((subset.glyphIds.length + 1) * 4);
    const reread = fontkit.create(encoded);
    for (let subsetId = 0; subsetId < subset.glyphIds.length; subsetId += 37) {
      expect(pathOf(reread, subsetId)).toBe(pathOf(original, subset.glyphIds[subsetId] ?? -1));
    }
  });

  it('encodes again after more glyphs are included, numbering them after the glyphs already there', () => {
    // Arrange
    const subset = subsetOf('Ä');
    const before = subset.encode();

    // Act
    const euro = subset.include(idOf('€'));
    const after = subset.encode();

    // Assess
    expect(euro).toBe(fontkit.create(before).numGlyphs);
    expect(subset.include(idOf('A'))).toBe(2);
    expectSameGlyphs(subset, after);
  });

  it.each([-1, 1.5, 6253, Number.NaN])('rejects glyph id %s, which is not in the font', (glyphId) => {
    // Arrange
    const subset = new TrueTypeSubset(regular);

    // Act
    const include = () => subset.include(glyphId);

    // Assess
    expect(include).toThrow(`Glyph id ${glyphId} is not in DejaVuSansCondensed (0 to 6252)`);
  });

  it('refuses a font object that parseTrueType did not make', () => {
    // Arrange
    const copy: TrueTypeFont = { ...regular };

    // Act
    const create = () => new TrueTypeSubset(copy);

    // Assess
    expect(create).toThrow('TrueTypeSubset needs a font returned by parseTrueType');
  });
});
