import { TrueTypeError, viewOf } from './truetype-tables.js';

/**
 * The per-glyph tables of a TrueType font: outlines (loca + glyf) and horizontal metrics (hmtx), read
 * on demand so parsing a font costs only its table directory.
 */

export class GlyphOutlines {
  private readonly loca: DataView;

  constructor(
    loca: Uint8Array,
    private readonly glyf: Uint8Array,
    private readonly longOffsets: boolean,
    readonly numGlyphs: number,
  ) {
    if (loca.byteLength < (numGlyphs + 1) * (longOffsets ? 4 : 2))
      throw new TrueTypeError(
        `Not a valid TrueType font: the 'loca' table is too short for ${numGlyphs} glyphs`,
      );
    this.loca = viewOf(loca);
  }

  private offset(index: number): number {
    return this.longOffsets ? this.loca.getUint32(index * 4) : this.loca.getUint16(index * 2) * 2;
  }

  /** The glyph's bytes in 'glyf', a view; empty for a glyph without outline such as the space. */
  data(glyphId: number): Uint8Array {
    const start = this.offset(glyphId);
    const end = this.offset(glyphId + 1);
    if (end < start || end > this.glyf.byteLength)
      throw new TrueTypeError(`Not a valid TrueType font: 'loca' points glyph ${glyphId} outside 'glyf'`);
    return this.glyf.subarray(start, end);
  }
}

export class HorizontalMetrics {
  private readonly hmtx: DataView;

  constructor(
    hmtx: Uint8Array,
    private readonly numberOfHMetrics: number,
    numGlyphs: number,
  ) {
    const needed = numberOfHMetrics * 4 + Math.max(0, numGlyphs - numberOfHMetrics) * 2;
    if (numberOfHMetrics < 1 || hmtx.byteLength < needed)
      throw new TrueTypeError(
        `Not a valid TrueType font: the 'hmtx' table is too short for ${numGlyphs} glyphs`,
      );
    this.hmtx = viewOf(hmtx);
  }

  /** Glyphs past the last long metric share its advance (monospaced tails). */
  advance(glyphId: number): number {
    return this.hmtx.getUint16(Math.min(glyphId, this.numberOfHMetrics - 1) * 4);
  }

  leftSideBearing(glyphId: number): number {
    if (glyphId < this.numberOfHMetrics) return this.hmtx.getInt16(glyphId * 4 + 2);
    return this.hmtx.getInt16(this.numberOfHMetrics * 4 + (glyphId - this.numberOfHMetrics) * 2);
  }
}

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
/** numberOfContours, xMin, yMin, xMax, yMax. */
const GLYPH_HEADER = 10;

function transformSize(flags: number): number {
  if (flags & WE_HAVE_A_SCALE) return 2;
  if (flags & WE_HAVE_AN_X_AND_Y_SCALE) return 4;
  if (flags & WE_HAVE_A_TWO_BY_TWO) return 8;
  return 0;
}

/**
 * Where a composite glyph (negative numberOfContours) names its components: the byte offset of each
 * component's glyph id inside the glyph data. Empty for a simple or empty glyph.
 */
export function componentIdOffsets(glyph: Uint8Array): number[] {
  if (glyph.byteLength < GLYPH_HEADER) return [];
  const view = viewOf(glyph);
  if (view.getInt16(0) >= 0) return [];
  const offsets: number[] = [];
  let at = GLYPH_HEADER;
  let flags: number;
  do {
    flags = view.getUint16(at);
    offsets.push(at + 2);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2) + transformSize(flags);
  } while (flags & MORE_COMPONENTS);
  return offsets;
}

/** The original glyph ids a composite glyph is made of. */
export function componentIds(glyph: Uint8Array): number[] {
  const view = viewOf(glyph);
  return componentIdOffsets(glyph).map((offset) => view.getUint16(offset));
}

/** A copy of a composite glyph whose component ids are mapped through `subsetId`; other glyphs as they are. */
export function renumberComponents(glyph: Uint8Array, subsetId: (originalId: number) => number): Uint8Array {
  const offsets = componentIdOffsets(glyph);
  if (offsets.length === 0) return glyph;
  // A copy, never Buffer#slice: that is a view and would rewrite the caller's font.
  const copy = new Uint8Array(glyph);
  const view = viewOf(copy);
  for (const offset of offsets) view.setUint16(offset, subsetId(view.getUint16(offset)));
  return copy;
}
