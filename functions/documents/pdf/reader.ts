import { decodeStream } from './decode.js';
import { expectInteger, type IndirectObject, PdfLexer, parseIndirectObject, parseValue } from './lexer.js';
import { type PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, type PdfValue } from './objects.js';
import { readCrossReferences, type XrefEntry } from './xref.js';

/**
 * Reads the indirect objects of a PDF file on demand (ISO 32000-1, 7.5), whoever wrote it: the product's own
 * writer (classic cross-reference table), pdf-lib (cross-reference and object streams) or an incremental
 * update of either. Streams keep their data as stored, still encoded; only the reader's own cross-reference
 * and object streams are decoded. An encrypted file is refused: its strings and streams would be copied as
 * ciphertext nobody could read.
 */
interface ObjectStream {
  data: Uint8Array;
  /** Where the first object starts in the decoded data. */
  first: number;
  /** Object number and offset after /First, in stream order. */
  members: readonly (readonly [number, number])[];
}

/** A writer may put bytes before the header (7.5.2 allows none, readers tolerate some). */
const HEADER_SEARCH = 1024;

function checkHeader(bytes: Uint8Array): void {
  const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEADER_SEARCH));
  if (start.indexOf('%PDF-') < 0) throw new Error('not a PDF: the file does not start with a %PDF- header');
}

export class PdfReader {
  /** The newest trailer: /Root, /Info. */
  readonly trailer: PdfDict;
  private readonly entries: ReadonlyMap<number, XrefEntry>;
  private readonly loaded = new Map<number, PdfObject>();
  private readonly loading = new Set<number>();
  private readonly objectStreams = new Map<number, ObjectStream>();

  constructor(private readonly bytes: Uint8Array) {
    checkHeader(bytes);
    const { entries, trailers } = readCrossReferences(bytes);
    if (trailers.some((trailer) => trailer.has('Encrypt')))
      throw new Error('the PDF is encrypted (/Encrypt in its trailer): its pages cannot be copied');
    const [trailer] = trailers;
    if (!trailer) throw new Error('the PDF has no trailer');
    this.trailer = trailer;
    this.entries = entries;
  }

  /** The document catalog (/Root). */
  get catalog(): PdfDict {
    const root = this.resolve(this.trailer.get('Root'));
    if (!(root instanceof Map)) throw new Error('the PDF has no document catalog (/Root in its trailer)');
    return root;
  }

  /** What a reference points to; null for a free or unknown object or another generation (7.3.10). */
  object(ref: PdfRef): PdfObject {
    const known = this.loaded.get(ref.objectNumber);
    const entry = this.entries.get(ref.objectNumber);
    if (!entry || entry.kind === 'free') return null;
    const generation = entry.kind === 'offset' ? entry.generation : 0;
    if (generation !== ref.generation) return null;
    if (known !== undefined) return known;
    if (this.loading.has(ref.objectNumber))
      throw new Error(`object ${ref.objectNumber} refers to itself while it is being read`);
    this.loading.add(ref.objectNumber);
    try {
      const object = this.load(ref.objectNumber, entry);
      this.loaded.set(ref.objectNumber, object);
      return object;
    } finally {
      this.loading.delete(ref.objectNumber);
    }
  }

  /** A value with references followed; undefined stays undefined (an absent dictionary entry). */
  resolve(value: PdfValue | undefined): PdfObject | undefined {
    let current: PdfObject | undefined = value;
    for (let hops = 0; current instanceof PdfRef; hops += 1) {
      if (hops > 32) throw new Error(`a chain of references from object ${current.objectNumber} never ends`);
      current = this.object(current);
    }
    return current;
  }

  /** Every object in use, in object-number order. */
  objects(): IndirectObject[] {
    return [...this.entries]
      .filter(([objectNumber, entry]) => entry.kind !== 'free' && objectNumber > 0)
      .sort(([a], [b]) => a - b)
      .map(([objectNumber, entry]) => {
        const ref = new PdfRef(objectNumber, entry.kind === 'offset' ? entry.generation : 0);
        return { ref, object: this.object(ref) };
      });
  }

  private load(objectNumber: number, entry: Exclude<XrefEntry, { kind: 'free' }>): PdfObject {
    if (entry.kind === 'compressed') return this.compressed(objectNumber, entry.stream, entry.index);
    if (entry.offset >= this.bytes.length)
      throw new Error(`object ${objectNumber} lies past the end of the file: the file is truncated`);
    try {
      const { ref, object } = parseIndirectObject(this.bytes, entry.offset, (length) =>
        this.lengthOf(length),
      );
      if (ref.objectNumber !== objectNumber)
        throw new Error(`the cross-reference entry points to object ${ref.objectNumber} instead`);
      return object;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot read object ${objectNumber} at byte ${entry.offset}: ${reason}`, {
        cause: error,
      });
    }
  }

  /** A stream's /Length given as a reference; undefined (so the data runs to endstream) when unreadable. */
  private lengthOf(ref: PdfRef): number | undefined {
    if (this.loading.has(ref.objectNumber)) return undefined;
    const length = this.object(ref);
    return typeof length === 'number' ? length : undefined;
  }

  private compressed(objectNumber: number, streamNumber: number, index: number): PdfObject {
    const stream = this.objectStream(streamNumber);
    const [listed, offset] = stream.members[index] ?? [];
    const member =
      listed === objectNumber ? offset : stream.members.find(([number]) => number === objectNumber)?.[1];
    if (member === undefined)
      throw new Error(`object stream ${streamNumber} does not hold object ${objectNumber}`);
    const lexer = new PdfLexer(stream.data, stream.first + member);
    return parseValue(lexer);
  }

  /** An object stream (7.5.7): /N pairs of object number and offset, the objects from /First on. */
  private objectStream(streamNumber: number): ObjectStream {
    const known = this.objectStreams.get(streamNumber);
    if (known) return known;
    const stream = this.object(new PdfRef(streamNumber));
    if (!(stream instanceof PdfStream) || stream.dict.get('Type') !== PdfName.of('ObjStm'))
      throw new Error(`object ${streamNumber} is named as an object stream but is none`);
    const count = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof count !== 'number' || typeof first !== 'number')
      throw new Error(`object stream ${streamNumber} lacks /N or /First`);
    const data = decodeStream(stream, `object stream ${streamNumber}`);
    const lexer = new PdfLexer(data);
    const members: [number, number][] = [];
    for (let index = 0; index < count; index += 1)
      members.push([expectInteger(lexer, 'an object number'), expectInteger(lexer, 'an offset')]);
    const parsed = { data, first, members };
    this.objectStreams.set(streamNumber, parsed);
    return parsed;
  }
}

export function readPdf(bytes: Uint8Array): PdfReader {
  return new PdfReader(bytes);
}
