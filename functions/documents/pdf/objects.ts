import { deflateSync } from 'node:zlib';

/**
 * The PDF object model of the product's own PDF writer (ISO 32000-1, section 7.3): just what letters, case
 * files and print batches use. Dictionaries are Maps keyed by name without the slash; strings are bytes and
 * always written as hex, so no escaping can go wrong.
 */
export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}

  static of(name: string): PdfName {
    const known = PdfName.interned.get(name);
    if (known) return known;
    const created = new PdfName(name);
    PdfName.interned.set(name, created);
    return created;
  }
}

export class PdfRef {
  constructor(
    readonly objectNumber: number,
    readonly generation = 0,
  ) {}
}

export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
}

/** A stream whose data is stored as it will be written, i.e. already encoded with the dictionary's /Filter. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfArray | PdfDict;
export type PdfArray = readonly PdfValue[];
export type PdfDict = ReadonlyMap<string, PdfValue>;
/** What an indirect object holds. */
export type PdfObject = PdfValue | PdfStream;

export const name = PdfName.of;

export function dict(entries: Record<string, PdfValue | undefined>): PdfDict {
  return new Map(
    Object.entries(entries).filter((entry): entry is [string, PdfValue] => entry[1] !== undefined),
  );
}

/** A text string (7.9.2.2): PDFDocEncoding when plain ASCII, otherwise UTF-16BE with its byte order mark. */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(new TextEncoder().encode(text));
  const bytes = [0xfe, 0xff];
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    bytes.push(unit >> 8, unit & 0xff);
  }
  return new PdfString(Uint8Array.from(bytes));
}

/** A date string (7.9.4) in UTC, so the same instant always gives the same bytes. */
export function dateString(date: Date): PdfString {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return new PdfString(new TextEncoder().encode(`D:${digits}Z`));
}

/** A Flate-compressed stream (the only filter the writer produces). */
export function flateStream(data: Uint8Array, entries: Record<string, PdfValue | undefined> = {}): PdfStream {
  return new PdfStream(dict({ ...entries, Filter: name('FlateDecode') }), deflateSync(data));
}

/** Up to four decimals, never exponent notation (PDF numbers have none). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`a PDF number must be finite, got ${value}`);
  if (Number.isInteger(value)) return String(value);
  const fixed = value.toFixed(4).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Characters a name writes as #xx (7.3.5): delimiters, whitespace, '#' and anything outside printable ASCII. */
function nameToken(value: string): string {
  let token = '/';
  for (const byte of new TextEncoder().encode(value)) {
    const plain = byte > 0x20 && byte < 0x7f && !'#()<>[]{}/%'.includes(String.fromCharCode(byte));
    token += plain ? String.fromCharCode(byte) : `#${byte.toString(16).padStart(2, '0')}`;
  }
  return token;
}

/** The syntax of a direct value; streams are written by the document writer. */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof PdfName) return nameToken(value.name);
  if (value instanceof PdfRef) return `${value.objectNumber} ${value.generation} R`;
  if (value instanceof PdfString) return `<${hex(value.bytes)}>`;
  if (value instanceof Map) {
    const entries = [...value].map(([key, entry]) => `${nameToken(key)} ${serialize(entry)}`);
    return `<<${entries.join(' ')}>>`;
  }
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  throw new Error('not a PDF value');
}
