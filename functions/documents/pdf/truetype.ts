import { componentIds, GlyphOutlines, HorizontalMetrics, renumberComponents } from './truetype-glyphs.js';
import {
  readCmap,
  readPostscriptName,
  readTableDirectory,
  requiredTable,
  TrueTypeError,
  viewOf,
} from './truetype-tables.js';
import { writeSfnt } from './truetype-writer.js';

/**
 * TrueType fonts for the PDF writer: metrics and glyph lookup for typesetting, and subsets to embed as
 * CIDFontType2 (glyphs addressed by id, so the subset needs no cmap). Pure: works on the bytes alone.
 */

export { TrueTypeError } from './truetype-tables.js';

export interface TrueTypeMetrics {
  /** From the 'name' table (nameID 6), e.g. "DejaVuSansCondensed-Bold"; a safe fallback if absent. */
  postscriptName: string;
  unitsPerEm: number;
  /** hhea ascender / descender (descent negative), font units. */
  ascent: number;
  descent: number;
  /** OS/2 sCapHeight when the table has it (version >= 2), else ascent. */
  capHeight: number;
  /** post.italicAngle as a number (16.16 fixed -> float). */
  italicAngle: number;
  /** head xMin, yMin, xMax, yMax. */
  bbox: readonly [number, number, number, number];
  /** True when the font is monospaced (post.isFixedPitch != 0). */
  fixedPitch: boolean;
}

export interface TrueTypeFont extends TrueTypeMetrics {
  /** Glyph id for a Unicode code point from the cmap (format 4 and format 12 subtables, prefer
   *  platform 3 encoding 10, then 3/1, then 0/x); 0 (.notdef) when the font has no glyph for it. */
  glyphIdOf(codePoint: number): number;
  /** Advance width of a glyph in font units (hmtx; ids >= numberOfHMetrics use the last long metric). */
  advanceOf(glyphId: number): number;
}

/** What a subset copies from its font; kept out of the public font object. */
interface GlyphSource {
  tables: ReadonlyMap<string, Uint8Array>;
  outlines: GlyphOutlines;
  metrics: HorizontalMetrics;
}

const sources = new WeakMap<TrueTypeFont, GlyphSource>();

const HEAD_MAGIC = 0x5f0f3cf5;
const FALLBACK_POSTSCRIPT_NAME = 'TrueTypeFont';
/** OS/2 gained sCapHeight (at byte 88) in version 2. */
const OS2_CAP_HEIGHT = 88;

function readMetrics(tables: ReadonlyMap<string, Uint8Array>): TrueTypeMetrics {
  const head = viewOf(requiredTable(tables, 'head'));
  if (head.byteLength < 54 || head.getUint32(12) !== HEAD_MAGIC)
    throw new TrueTypeError("Not a valid TrueType font: the 'head' table has no magic number");
  const hhea = viewOf(requiredTable(tables, 'hhea'));
  const postTable = tables.get('post');
  const post = postTable && postTable.byteLength >= 16 ? viewOf(postTable) : undefined;
  const os2Table = tables.get('OS/2');
  const os2 = os2Table && os2Table.byteLength >= OS2_CAP_HEIGHT + 2 ? viewOf(os2Table) : undefined;
  const ascent = hhea.getInt16(4);
  return {
    postscriptName: readPostscriptName(tables.get('name')) ?? FALLBACK_POSTSCRIPT_NAME,
    unitsPerEm: head.getUint16(18),
    ascent,
    descent: hhea.getInt16(6),
    capHeight: os2 && os2.getUint16(0) >= 2 ? os2.getInt16(OS2_CAP_HEIGHT) : ascent,
    italicAngle: post ? post.getInt32(4) / 65536 : 0,
    bbox: Object.freeze([
      head.getInt16(36),
      head.getInt16(38),
      head.getInt16(40),
      head.getInt16(42),
    ] as const),
    fixedPitch: post ? post.getUint32(12) !== 0 : false,
  };
}

function readGlyphSource(tables: ReadonlyMap<string, Uint8Array>): GlyphSource {
  const glyf = requiredTable(tables, 'glyf');
  const numGlyphs = viewOf(requiredTable(tables, 'maxp')).getUint16(4);
  const longOffsets = viewOf(requiredTable(tables, 'head')).getInt16(50) === 1;
  const numberOfHMetrics = viewOf(requiredTable(tables, 'hhea')).getUint16(34);
  return {
    tables,
    outlines: new GlyphOutlines(requiredTable(tables, 'loca'), glyf, longOffsets, numGlyphs),
    metrics: new HorizontalMetrics(requiredTable(tables, 'hmtx'), numberOfHMetrics, numGlyphs),
  };
}

/** Parses once; throws a clear Error when the bytes are not a TrueType font with glyf outlines. */
export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  try {
    const tables = readTableDirectory(bytes);
    const metrics = readMetrics(tables);
    const source = readGlyphSource(tables);
    const numGlyphs = source.outlines.numGlyphs;
    const lookup = readCmap(requiredTable(tables, 'cmap'), numGlyphs);
    // Typesetting asks for the same few dozen characters again and again.
    const glyphIds = new Map<number, number>();
    const font: TrueTypeFont = {
      ...metrics,
      glyphIdOf(codePoint) {
        let glyphId = glyphIds.get(codePoint);
        if (glyphId === undefined) {
          glyphId = lookup(codePoint);
          glyphIds.set(codePoint, glyphId);
        }
        return glyphId;
      },
      advanceOf: (glyphId) => (isGlyphId(glyphId, numGlyphs) ? source.metrics.advance(glyphId) : 0),
    };
    sources.set(font, source);
    return font;
  } catch (error) {
    if (error instanceof RangeError)
      throw new TrueTypeError('Not a valid TrueType font: a table is cut off or points outside the data', {
        cause: error,
      });
    throw error;
  }
}

const isGlyphId = (glyphId: number, numGlyphs: number): boolean =>
  Number.isInteger(glyphId) && glyphId >= 0 && glyphId < numGlyphs;

/** Glyph data starts on 4-byte boundaries, which also keeps every offset even for short loca. */
const GLYPH_ALIGNMENT = 4;
/** Short loca stores offset / 2 in 16 bits. */
const SHORT_LOCA_LIMIT = 0x20000;
const HINTING_TABLES = ['cvt ', 'fpgm', 'prep'] as const;

function layoutGlyphs(glyphs: readonly Uint8Array[]): {
  glyf: Uint8Array;
  loca: Uint8Array;
  longOffsets: boolean;
} {
  const offsets = [0];
  let size = 0;
  for (const glyph of glyphs) {
    size += Math.ceil(glyph.byteLength / GLYPH_ALIGNMENT) * GLYPH_ALIGNMENT;
    offsets.push(size);
  }
  const glyf = new Uint8Array(size);
  glyphs.forEach((glyph, index) => {
    glyf.set(glyph, offsets[index] ?? 0);
  });
  const longOffsets = size >= SHORT_LOCA_LIMIT;
  const loca = new Uint8Array(offsets.length * (longOffsets ? 4 : 2));
  const view = viewOf(loca);
  offsets.forEach((offset, index) => {
    if (longOffsets) view.setUint32(index * 4, offset);
    else view.setUint16(index * 2, offset / 2);
  });
  return { glyf, loca, longOffsets };
}

/** A copy of `table` with 16-bit fields set at the given offsets. */
function patched(table: Uint8Array, fields: Readonly<Record<number, number>>): Uint8Array {
  const copy = new Uint8Array(table);
  const view = viewOf(copy);
  for (const [offset, value] of Object.entries(fields)) view.setUint16(Number(offset), value);
  return copy;
}

/**
 * A subset in the making. `include(originalGlyphId)` returns the glyph's id in the subset, assigning ids in
 * order of first use (0 is always .notdef, included from the start). `encode()` writes a TrueType file with
 * exactly the included glyphs and, appended after them, the components of composite glyphs (component ids
 * rewritten to subset ids); tables head, hhea, maxp, hmtx, loca, glyf and the hinting tables the font has.
 */
export class TrueTypeSubset {
  private readonly source: GlyphSource;
  private readonly originalIds: number[] = [0];
  private readonly subsetIds = new Map<number, number>([[0, 0]]);

  constructor(private readonly font: TrueTypeFont) {
    const source = sources.get(font);
    if (!source) throw new TrueTypeError('TrueTypeSubset needs a font returned by parseTrueType');
    this.source = source;
  }

  /** Original glyph ids in subset order: index = subset id (after encode(), with appended components). */
  get glyphIds(): readonly number[] {
    return this.originalIds;
  }

  include(glyphId: number): number {
    const known = this.subsetIds.get(glyphId);
    if (known !== undefined) return known;
    if (!isGlyphId(glyphId, this.source.outlines.numGlyphs))
      throw new TrueTypeError(
        `Glyph id ${glyphId} is not in ${this.font.postscriptName} (0 to ${this.source.outlines.numGlyphs - 1})`,
      );
    const subsetId = this.originalIds.length;
    this.originalIds.push(glyphId);
    this.subsetIds.set(glyphId, subsetId);
    return subsetId;
  }

  encode(): Uint8Array {
    this.includeComponents();
    const { outlines, metrics, tables } = this.source;
    const subsetIdOf = (originalId: number) => this.include(originalId);
    const glyphs = this.originalIds.map((id) => renumberComponents(outlines.data(id), subsetIdOf));
    const { glyf, loca, longOffsets } = layoutGlyphs(glyphs);
    const count = this.originalIds.length;
    const hmtx = new Uint8Array(count * 4);
    const hmtxView = viewOf(hmtx);
    this.originalIds.forEach((id, index) => {
      hmtxView.setUint16(index * 4, metrics.advance(id));
      hmtxView.setInt16(index * 4 + 2, metrics.leftSideBearing(id));
    });
    const head = patched(requiredTable(tables, 'head'), { 8: 0, 10: 0, 50: longOffsets ? 1 : 0 });
    const output = new Map<string, Uint8Array>([
      ['head', head],
      ['hhea', patched(requiredTable(tables, 'hhea'), { 34: count })],
      ['maxp', patched(requiredTable(tables, 'maxp'), { 4: count })],
      ['hmtx', hmtx],
      ['loca', loca],
      ['glyf', glyf],
    ]);
    for (const tag of HINTING_TABLES) {
      const table = tables.get(tag);
      if (table) output.set(tag, table);
    }
    return writeSfnt(output);
  }

  /** The array iterator sees glyphs appended while it runs, so components of components join too. */
  private includeComponents(): void {
    for (const id of this.originalIds) {
      for (const component of componentIds(this.source.outlines.data(id))) this.include(component);
    }
  }
}
