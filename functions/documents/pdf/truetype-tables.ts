/**
 * Reading the sfnt container of a TrueType font: the table directory, the Unicode cmap and the PostScript
 * name. Everything works on views into the caller's bytes, so parsing copies nothing.
 */

export const viewOf = (bytes: Uint8Array): DataView =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const SFNT_TRUETYPE = 0x00010000;
/** Apple's old TrueType signature 'true'. */
const SFNT_APPLE_TRUE = 0x74727565;
const SFNT_CFF = 0x4f54544f; // 'OTTO'
const SFNT_COLLECTION = 0x74746366; // 'ttcf'

export class TrueTypeError extends Error {
  override name = 'TrueTypeError';
}

const tagAt = (view: DataView, offset: number): string =>
  String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );

function checkSignature(view: DataView): void {
  const signature = view.getUint32(0);
  if (signature === SFNT_TRUETYPE || signature === SFNT_APPLE_TRUE) return;
  if (signature === SFNT_CFF)
    throw new TrueTypeError(
      'Not a TrueType font: OpenType with CFF outlines (OTTO), only glyf outlines are read',
    );
  if (signature === SFNT_COLLECTION)
    throw new TrueTypeError('Not a TrueType font: a font collection (ttcf), pass one font of it');
  throw new TrueTypeError(
    `Not a TrueType font: unknown signature 0x${signature.toString(16).padStart(8, '0')} ("${tagAt(view, 0)}")`,
  );
}

/** The tables of the font by tag, each a view into `bytes`. */
export function readTableDirectory(bytes: Uint8Array): ReadonlyMap<string, Uint8Array> {
  if (bytes.byteLength < 12)
    throw new TrueTypeError(`Not a TrueType font: ${bytes.byteLength} bytes are too few for a font header`);
  const view = viewOf(bytes);
  checkSignature(view);
  const count = view.getUint16(4);
  if (12 + count * 16 > bytes.byteLength)
    throw new TrueTypeError(`Not a TrueType font: the directory of ${count} tables is cut off`);
  const tables = new Map<string, Uint8Array>();
  // Plain Uint8Array views even for a Node Buffer, whose slice() would share memory instead of copying.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = 0; index < count; index += 1) {
    const record = 12 + index * 16;
    const tag = tagAt(view, record);
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > bytes.byteLength)
      throw new TrueTypeError(`Not a TrueType font: the '${tag}' table runs past the end of the data`);
    tables.set(tag, data.subarray(offset, offset + length));
  }
  return tables;
}

export function requiredTable(tables: ReadonlyMap<string, Uint8Array>, tag: string): Uint8Array {
  const table = tables.get(tag);
  if (!table)
    throw new TrueTypeError(`Not a TrueType font with glyf outlines: the '${tag}' table is missing`);
  return table;
}

export type CodePointLookup = (codePoint: number) => number;

/** Segment mapping to delta values: the 16-bit (BMP) subtable every Windows font has. */
function format4(view: DataView): CodePointLookup {
  const segments = view.getUint16(6) / 2;
  const ends = 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (codePoint) => {
    if (codePoint > 0xffff || segments === 0) return 0;
    let low = 0;
    let high = segments - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (view.getUint16(ends + middle * 2) < codePoint) low = middle + 1;
      else high = middle;
    }
    const start = view.getUint16(starts + low * 2);
    if (start > codePoint || view.getUint16(ends + low * 2) < codePoint) return 0;
    const delta = view.getUint16(deltas + low * 2);
    const rangeOffsetAt = rangeOffsets + low * 2;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
    const glyph = view.getUint16(rangeOffsetAt + rangeOffset + (codePoint - start) * 2);
    return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
  };
}

/** Segmented coverage: the 32-bit subtable of fonts with characters beyond the BMP. */
function format12(view: DataView): CodePointLookup {
  const groups = view.getUint32(12);
  const groupAt = (index: number) => 16 + index * 12;
  return (codePoint) => {
    let low = 0;
    let high = groups - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = groupAt(middle);
      if (view.getUint32(at + 4) < codePoint) low = middle + 1;
      else if (view.getUint32(at) > codePoint) high = middle - 1;
      else return view.getUint32(at + 8) + codePoint - view.getUint32(at);
    }
    return 0;
  };
}

/** Windows full Unicode first, then Windows BMP, then the Unicode platform's widest encoding. */
function preference(platform: number, encoding: number): number {
  if (platform === 3 && encoding === 10) return 0;
  if (platform === 3 && encoding === 1) return 1;
  if (platform === 0) return 2 + (6 - Math.min(encoding, 6));
  return Number.POSITIVE_INFINITY;
}

const READERS: Readonly<Record<number, (view: DataView) => CodePointLookup>> = { 4: format4, 12: format12 };

/** The glyph id of a code point from the best Unicode subtable of format 4 or 12. */
export function readCmap(cmap: Uint8Array, numGlyphs: number): CodePointLookup {
  const view = viewOf(cmap);
  let best: { rank: number; lookup: CodePointLookup } | undefined;
  for (let index = 0; index < view.getUint16(2); index += 1) {
    const record = 4 + index * 8;
    const rank = preference(view.getUint16(record), view.getUint16(record + 2));
    const offset = view.getUint32(record + 4);
    const reader = offset + 2 <= cmap.byteLength ? READERS[view.getUint16(offset)] : undefined;
    if (reader && rank < (best?.rank ?? Number.POSITIVE_INFINITY))
      best = { rank, lookup: reader(viewOf(cmap.subarray(offset))) };
  }
  if (!best)
    throw new TrueTypeError('Not a usable TrueType font: no Unicode cmap subtable of format 4 or 12');
  const lookup = best.lookup;
  return (codePoint) => {
    if (!Number.isInteger(codePoint) || codePoint < 0) return 0;
    const glyph = lookup(codePoint);
    return glyph < numGlyphs ? glyph : 0;
  };
}

const NAME_ID_POSTSCRIPT = 6;
/** PostScript names are printable ASCII without the PostScript/PDF delimiters. */
const NOT_IN_POSTSCRIPT_NAME = /[^\x21-\x7e]|[[\](){}<>/%]/g;

function decodeName(platform: number, data: Uint8Array): string {
  if (platform === 1) return String.fromCharCode(...data);
  const view = viewOf(data);
  let text = '';
  for (let at = 0; at + 1 < data.byteLength; at += 2) text += String.fromCharCode(view.getUint16(at));
  return text;
}

/** nameID 6 from the Windows, Unicode or Macintosh platform (in that order), cleaned to a valid name. */
export function readPostscriptName(name: Uint8Array | undefined): string | undefined {
  if (!name || name.byteLength < 6) return undefined;
  const view = viewOf(name);
  const strings = view.getUint16(4);
  const found = new Map<number, string>();
  for (let index = 0; index < view.getUint16(2); index += 1) {
    const record = 6 + index * 12;
    if (record + 12 > name.byteLength) break;
    const platform = view.getUint16(record);
    if (view.getUint16(record + 6) !== NAME_ID_POSTSCRIPT || found.has(platform)) continue;
    const start = strings + view.getUint16(record + 10);
    const text = decodeName(platform, name.subarray(start, start + view.getUint16(record + 8)));
    found.set(platform, text.replace(NOT_IN_POSTSCRIPT_NAME, ''));
  }
  return [3, 0, 1].map((platform) => found.get(platform)).find((text) => text !== undefined && text !== '');
}
