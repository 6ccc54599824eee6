import { viewOf } from './truetype-tables.js';

/**
 * Writing an sfnt file: table directory sorted by tag with checksums and binary-search fields, tables on
 * 4-byte boundaries, and head.checkSumAdjustment set so the whole file sums to 0xB1B0AFBA.
 */

const SFNT_TRUETYPE = 0x00010000;
const CHECKSUM_MAGIC = 0xb1b0afba;
const HEAD_CHECKSUM_ADJUSTMENT = 8;

const padded = (length: number): number => (length + 3) & ~3;

/** The sum of the data as big-endian 32-bit words, the last word padded with zeros. */
export function tableChecksum(data: Uint8Array): number {
  const view = viewOf(data);
  const whole = data.byteLength & ~3;
  let sum = 0;
  for (let at = 0; at < whole; at += 4) sum = (sum + view.getUint32(at)) >>> 0;
  if (whole < data.byteLength) {
    let last = 0;
    for (let at = whole; at < whole + 4; at += 1) last = (last * 256 + (data[at] ?? 0)) >>> 0;
    sum = (sum + last) >>> 0;
  }
  return sum;
}

/** `tables` by four-character tag; 'head' must come with checkSumAdjustment 0. */
export function writeSfnt(tables: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const directorySize = 12 + tags.length * 16;
  let size = directorySize;
  for (const tag of tags) size += padded(tables.get(tag)?.byteLength ?? 0);
  const file = new Uint8Array(size);
  const view = viewOf(file);
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, SFNT_TRUETYPE);
  view.setUint16(4, tags.length);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, tags.length * 16 - searchRange);
  let offset = directorySize;
  let headOffset: number | undefined;
  tags.forEach((tag, index) => {
    const data = tables.get(tag) ?? new Uint8Array();
    const record = 12 + index * 16;
    for (let character = 0; character < 4; character += 1)
      view.setUint8(record + character, tag.charCodeAt(character));
    view.setUint32(record + 4, tableChecksum(data));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.byteLength);
    file.set(data, offset);
    if (tag === 'head') headOffset = offset;
    offset += padded(data.byteLength);
  });
  if (headOffset !== undefined)
    view.setUint32(headOffset + HEAD_CHECKSUM_ADJUSTMENT, (CHECKSUM_MAGIC - tableChecksum(file)) >>> 0);
  return file;
}
