import { decodeStream } from './decode.js';
import { expectInteger, PdfLexer, parseDict, parseIndirectObject } from './lexer.js';
import { type PdfDict, PdfName, PdfStream } from './objects.js';

/**
 * Where each object of a PDF file is (7.5.4 to 7.5.8): classic cross-reference tables, cross-reference
 * streams, hybrid files (a table whose trailer names a stream with the compressed objects) and incremental
 * updates, newest section first, so an object's newest entry wins.
 */
export type XrefEntry =
  | { kind: 'free' }
  | { kind: 'offset'; offset: number; generation: number }
  | { kind: 'compressed'; stream: number; index: number };

export interface CrossReferences {
  entries: ReadonlyMap<number, XrefEntry>;
  /** The newest trailer (or cross-reference stream dictionary) first. */
  trailers: readonly PdfDict[];
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

function startxref(bytes: Uint8Array): number {
  const keyword = asBuffer(bytes).lastIndexOf('startxref');
  if (keyword < 0) throw new Error('the PDF has no startxref at its end: the file is truncated or damaged');
  const lexer = new PdfLexer(bytes, keyword + 'startxref'.length);
  const token = lexer.next();
  if (token.kind !== 'number' || !token.integer || token.value < 0 || token.value >= bytes.length)
    throw new Error("the PDF's startxref points outside the file: the file is truncated or damaged");
  return token.value;
}

export function readCrossReferences(bytes: Uint8Array): CrossReferences {
  const entries = new Map<number, XrefEntry>();
  const add = (objectNumber: number, entry: XrefEntry) => {
    if (!entries.has(objectNumber)) entries.set(objectNumber, entry);
  };
  const trailers: PdfDict[] = [];
  const visited = new Set<number>();
  for (let offset: number | undefined = startxref(bytes); offset !== undefined; ) {
    if (visited.has(offset)) break;
    visited.add(offset);
    const trailer = readSection(bytes, offset, add);
    trailers.push(trailer);
    const previous = trailer.get('Prev');
    offset = typeof previous === 'number' ? previous : undefined;
  }
  return { entries, trailers };
}

type Add = (objectNumber: number, entry: XrefEntry) => void;

function readSection(bytes: Uint8Array, offset: number, add: Add): PdfDict {
  if (offset < 0 || offset >= bytes.length)
    throw new Error(
      `a cross-reference section at byte ${offset} lies outside the file: truncated or damaged`,
    );
  const lexer = new PdfLexer(bytes, offset);
  const token = lexer.next();
  if (token.kind === 'keyword' && token.value === 'xref') return readTable(lexer, add);
  if (token.kind === 'number') return readStream(bytes, offset, add);
  throw new Error(`no cross-reference table or stream at byte ${offset}: the file is damaged`);
}

function readTable(lexer: PdfLexer, add: Add): PdfDict {
  const tableEntries: [number, XrefEntry][] = [];
  for (;;) {
    const position = lexer.position;
    const token = lexer.next();
    if (token.kind === 'keyword' && token.value === 'trailer') break;
    if (token.kind !== 'number' || !token.integer)
      throw new Error(`the cross-reference table is damaged at byte ${position} (truncated file?)`);
    const count = expectInteger(lexer, 'the entry count of a cross-reference subsection');
    for (let index = 0; index < count; index += 1) {
      const offset = expectInteger(lexer, 'an offset in the cross-reference table');
      const generation = expectInteger(lexer, 'a generation in the cross-reference table');
      const type = lexer.next();
      const inUse = type.kind === 'keyword' && type.value === 'n';
      if (!inUse && !(type.kind === 'keyword' && type.value === 'f'))
        throw new Error(`a cross-reference entry is neither 'n' nor 'f' near byte ${lexer.position}`);
      tableEntries.push([
        token.value + index,
        inUse ? { kind: 'offset', offset, generation } : { kind: 'free' },
      ]);
    }
  }
  const open = lexer.next();
  if (open.kind !== 'delimiter' || open.value !== '<<')
    throw new Error(`the trailer at byte ${lexer.position} is not a dictionary`);
  const trailer = parseDict(lexer);
  // A hybrid file lists its compressed objects as free in the table and in use in the stream it names.
  const hidden = trailer.get('XRefStm');
  if (typeof hidden === 'number') readStream(lexer.bytes, hidden, add);
  for (const [objectNumber, entry] of tableEntries) add(objectNumber, entry);
  return trailer;
}

function readStream(bytes: Uint8Array, offset: number, add: Add): PdfDict {
  const { object } = parseIndirectObject(bytes, offset, () => undefined);
  if (!(object instanceof PdfStream) || object.dict.get('Type') !== PdfName.of('XRef'))
    throw new Error(`startxref or /Prev points to byte ${offset}, which holds no cross-reference stream`);
  const data = decodeStream(object, 'cross-reference stream');
  const widths = fieldWidths(object.dict);
  const rowLength = widths[0] + widths[1] + widths[2];
  let row = 0;
  for (const [first, count] of subsections(object.dict)) {
    for (let index = 0; index < count; index += 1, row += 1) {
      if ((row + 1) * rowLength > data.length)
        throw new Error('the cross-reference stream has fewer entries than its /Index says');
      const fields = readFields(data, row * rowLength, widths);
      const entry = entryOf(fields);
      if (entry) add(first + index, entry);
    }
  }
  return object.dict;
}

function fieldWidths(streamDict: PdfDict): [number, number, number] {
  const widths = streamDict.get('W');
  if (Array.isArray(widths) && widths.length === 3 && widths.every((w) => typeof w === 'number' && w >= 0))
    return [Number(widths[0]), Number(widths[1]), Number(widths[2])];
  throw new Error('the cross-reference stream has no valid /W (three field widths)');
}

/** /Index: pairs of first object number and count; [0 Size] when absent. */
function subsections(streamDict: PdfDict): [number, number][] {
  const index = streamDict.get('Index') ?? [0, streamDict.get('Size') ?? 0];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((n) => typeof n === 'number'))
    throw new Error('the cross-reference stream has an invalid /Index or /Size');
  const pairs: [number, number][] = [];
  for (let at = 0; at < index.length; at += 2) pairs.push([Number(index[at]), Number(index[at + 1])]);
  return pairs;
}

/** Big-endian fields; a zero-width type field means type 1 (7.5.8.2). */
function readFields(data: Uint8Array, start: number, widths: readonly number[]): [number, number, number] {
  const fields: number[] = [];
  let at = start;
  for (const width of widths) {
    let value = 0;
    for (let byte = 0; byte < width; byte += 1, at += 1) value = value * 256 + (data[at] ?? 0);
    fields.push(value);
  }
  return [widths[0] === 0 ? 1 : (fields[0] ?? 0), fields[1] ?? 0, fields[2] ?? 0];
}

/** Types other than 0, 1 and 2 are to be read as references to the null object: no entry. */
function entryOf([type, second, third]: [number, number, number]): XrefEntry | undefined {
  if (type === 0) return { kind: 'free' };
  if (type === 1) return { kind: 'offset', offset: second, generation: third };
  if (type === 2) return { kind: 'compressed', stream: second, index: third };
  return undefined;
}
