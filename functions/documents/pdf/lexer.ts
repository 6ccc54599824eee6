import {
  type PdfArray,
  type PdfDict,
  PdfName,
  type PdfObject,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfValue,
} from './objects.js';

/**
 * The PDF syntax (ISO 32000-1, 7.2 and 7.3): tokens and the direct values built from them. Everything reads
 * bytes, never a decoded string, so binary data next to the syntax (stream data, binary comments) cannot
 * shift an offset.
 */
export type Token =
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'name'; value: string }
  | { kind: 'string'; value: Uint8Array }
  /** Any other run of regular characters: true, false, null, R, obj, stream, xref, trailer, n, f… */
  | { kind: 'keyword'; value: string }
  | { kind: 'delimiter'; value: '[' | ']' | '<<' | '>>' | '{' | '}' }
  | { kind: 'end' };

const REGULAR = 0;
const WHITESPACE = 1;
const DELIMITER = 2;
const CHARACTER_CLASS = new Uint8Array(256);
for (const byte of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CHARACTER_CLASS[byte] = WHITESPACE;
for (const char of '()<>[]{}/%') CHARACTER_CLASS[char.charCodeAt(0)] = DELIMITER;

const LF = 0x0a;
const CR = 0x0d;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
/** Escapes of a literal string (7.3.4.2) that stand for one byte. */
const ESCAPES: ReadonlyMap<number, number> = new Map(
  Object.entries({ n: LF, r: CR, t: 0x09, b: 0x08, f: 0x0c, '(': 0x28, ')': 0x29, '\\': 0x5c }).map(
    ([char, byte]) => [char.charCodeAt(0), byte],
  ),
);
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

export class PdfSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`PDF syntax error at byte ${offset}: ${message}`);
    this.name = 'PdfSyntaxError';
  }
}

export class PdfLexer {
  constructor(
    readonly bytes: Uint8Array,
    public position = 0,
  ) {}

  /** The byte at `offset`, -1 past the end (so a truncated file reads as "no such character"). */
  byteAt(offset: number): number {
    return this.bytes[offset] ?? -1;
  }

  private classOf(byte: number): number {
    return byte < 0 ? DELIMITER : (CHARACTER_CLASS[byte] ?? REGULAR);
  }

  /** Skips whitespace and comments (a comment runs to the end of its line). */
  skipSpace(): void {
    for (;;) {
      const byte = this.byteAt(this.position);
      if (byte === 0x25) {
        while (this.position < this.bytes.length && ![LF, CR].includes(this.byteAt(this.position)))
          this.position += 1;
      } else if (byte >= 0 && this.classOf(byte) === WHITESPACE) this.position += 1;
      else return;
    }
  }

  next(): Token {
    this.skipSpace();
    const start = this.position;
    const byte = this.byteAt(start);
    if (byte < 0) return { kind: 'end' };
    this.position += 1;
    switch (String.fromCharCode(byte)) {
      case '(':
        return { kind: 'string', value: this.literalString(start) };
      case '/':
        return { kind: 'name', value: this.name() };
      case '[':
      case ']':
      case '{':
      case '}':
        return { kind: 'delimiter', value: String.fromCharCode(byte) as '[' | ']' | '{' | '}' };
      case '<':
        if (this.byteAt(this.position) !== 0x3c) return { kind: 'string', value: this.hexString(start) };
        this.position += 1;
        return { kind: 'delimiter', value: '<<' };
      case '>':
        if (this.byteAt(this.position) !== 0x3e) throw new PdfSyntaxError("a lone '>'", start);
        this.position += 1;
        return { kind: 'delimiter', value: '>>' };
      case ')':
        throw new PdfSyntaxError("')' outside a string", start);
      default:
        return this.regular(start);
    }
  }

  private regular(start: number): Token {
    while (this.classOf(this.byteAt(this.position)) === REGULAR) this.position += 1;
    const text = latin1.decode(this.bytes.subarray(start, this.position));
    if (!NUMBER.test(text)) return { kind: 'keyword', value: text };
    return { kind: 'number', value: Number(text), integer: /^[+-]?\d+$/.test(text) };
  }

  /** A name's bytes after the slash, #xx decoded (7.3.5), read as UTF-8 as the writer writes them. */
  private name(): string {
    const bytes: number[] = [];
    for (
      let byte = this.byteAt(this.position);
      this.classOf(byte) === REGULAR;
      byte = this.byteAt(this.position)
    ) {
      const high = hexDigit(this.byteAt(this.position + 1));
      const low = hexDigit(this.byteAt(this.position + 2));
      if (byte === 0x23 && high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        this.position += 3;
      } else {
        bytes.push(byte);
        this.position += 1;
      }
    }
    return utf8.decode(Uint8Array.from(bytes));
  }

  /** After '(': balanced parentheses, escapes, and an unescaped end of line read as one LF (7.3.4.2). */
  private literalString(start: number): Uint8Array {
    const bytes: number[] = [];
    let depth = 1;
    for (;;) {
      const byte = this.byteAt(this.position);
      this.position += 1;
      if (byte < 0) throw new PdfSyntaxError('a literal string that never ends (truncated file?)', start);
      if (byte === 0x5c) this.escape(bytes);
      else if (byte === CR) {
        if (this.byteAt(this.position) === LF) this.position += 1;
        bytes.push(LF);
      } else {
        if (byte === 0x28) depth += 1;
        if (byte === 0x29) depth -= 1;
        if (depth === 0) return Uint8Array.from(bytes);
        bytes.push(byte);
      }
    }
  }

  private escape(bytes: number[]): void {
    const byte = this.byteAt(this.position);
    this.position += 1;
    const escaped = ESCAPES.get(byte);
    if (escaped !== undefined) bytes.push(escaped);
    else if (byte >= 0x30 && byte <= 0x37) {
      // Up to three octal digits; a value above 255 keeps its low byte (the high-order overflow is ignored).
      let value = byte - 0x30;
      for (let digits = 1; digits < 3; digits += 1) {
        const next = this.byteAt(this.position);
        if (next < 0x30 || next > 0x37) break;
        value = value * 8 + next - 0x30;
        this.position += 1;
      }
      bytes.push(value & 0xff);
    } else if (byte === CR) {
      if (this.byteAt(this.position) === LF) this.position += 1;
    } else if (byte !== LF && byte >= 0) bytes.push(byte);
  }

  /** After '<': hex digits with whitespace between; an odd count ends as if followed by 0 (7.3.4.3). */
  private hexString(start: number): Uint8Array {
    const digits: number[] = [];
    for (;;) {
      const byte = this.byteAt(this.position);
      this.position += 1;
      if (byte === 0x3e) break;
      if (byte < 0) throw new PdfSyntaxError('a hex string that never ends (truncated file?)', start);
      if (this.classOf(byte) === WHITESPACE) continue;
      const digit = hexDigit(byte);
      if (digit < 0)
        throw new PdfSyntaxError(`'${String.fromCharCode(byte)}' in a hex string`, this.position - 1);
      digits.push(digit);
    }
    if (digits.length % 2 === 1) digits.push(0);
    const bytes = new Uint8Array(digits.length / 2);
    for (let index = 0; index < bytes.length; index += 1)
      bytes[index] = (digits[2 * index] ?? 0) * 16 + (digits[2 * index + 1] ?? 0);
    return bytes;
  }
}

const isInteger = (token: Token): token is { kind: 'number'; value: number; integer: true } =>
  token.kind === 'number' && token.integer;

/** `n g R` after the integer just read, or the position is left where it was. */
function refAfter(lexer: PdfLexer, objectNumber: number): PdfRef | undefined {
  const position = lexer.position;
  const generation = lexer.next();
  if (objectNumber >= 0 && isInteger(generation) && generation.value >= 0) {
    const keyword = lexer.next();
    if (keyword.kind === 'keyword' && keyword.value === 'R')
      return new PdfRef(objectNumber, generation.value);
  }
  lexer.position = position;
  return undefined;
}

/** The next direct value, a reference included. */
export function parseValue(lexer: PdfLexer): PdfValue {
  const start = lexer.position;
  const token = lexer.next();
  switch (token.kind) {
    case 'number':
      return (token.integer ? refAfter(lexer, token.value) : undefined) ?? token.value;
    case 'name':
      return PdfName.of(token.value);
    case 'string':
      return new PdfString(token.value);
    case 'keyword':
      if (token.value === 'true' || token.value === 'false') return token.value === 'true';
      if (token.value === 'null') return null;
      throw new PdfSyntaxError(`'${token.value}' where a value should be`, start);
    case 'delimiter':
      if (token.value === '[') return parseArray(lexer);
      if (token.value === '<<') return parseDict(lexer);
      throw new PdfSyntaxError(`'${token.value}' where a value should be`, start);
    case 'end':
      throw new PdfSyntaxError('the file ends where a value should be (truncated file?)', start);
  }
}

function closes(lexer: PdfLexer, delimiter: ']' | '>>'): boolean {
  const position = lexer.position;
  const token = lexer.next();
  if (token.kind === 'delimiter' && token.value === delimiter) return true;
  lexer.position = position;
  return false;
}

function parseArray(lexer: PdfLexer): PdfArray {
  const items: PdfValue[] = [];
  while (!closes(lexer, ']')) items.push(parseValue(lexer));
  return items;
}

export function parseDict(lexer: PdfLexer): PdfDict {
  const entries = new Map<string, PdfValue>();
  while (!closes(lexer, '>>')) {
    const start = lexer.position;
    const key = lexer.next();
    if (key.kind !== 'name') throw new PdfSyntaxError('a dictionary key that is not a name', start);
    entries.set(key.value, parseValue(lexer));
  }
  return entries;
}

/** The next token, which must be the integer or keyword the caller expects. */
export function expectInteger(lexer: PdfLexer, what: string): number {
  const start = lexer.position;
  const token = lexer.next();
  if (!isInteger(token)) throw new PdfSyntaxError(`expected ${what}`, start);
  return token.value;
}

export function expectKeyword(lexer: PdfLexer, keyword: string): void {
  const start = lexer.position;
  const token = lexer.next();
  if (token.kind !== 'keyword' || token.value !== keyword)
    throw new PdfSyntaxError(`expected '${keyword}'`, start);
}

/** How long a stream is when its /Length is a reference: undefined when that object cannot be read (yet). */
export type LengthOf = (ref: PdfRef) => number | undefined;

export interface IndirectObject {
  ref: PdfRef;
  object: PdfObject;
}

/** `n g obj … endobj` at `offset`, a stream's data kept as stored (still encoded). */
export function parseIndirectObject(bytes: Uint8Array, offset: number, lengthOf: LengthOf): IndirectObject {
  const lexer = new PdfLexer(bytes, offset);
  const objectNumber = expectInteger(lexer, 'an object number');
  const generation = expectInteger(lexer, 'a generation number');
  expectKeyword(lexer, 'obj');
  const ref = new PdfRef(objectNumber, generation);
  const value = parseValue(lexer);
  const position = lexer.position;
  const token = lexer.next();
  if (token.kind !== 'keyword' || token.value !== 'stream') {
    lexer.position = position;
    return { ref, object: value };
  }
  if (!(value instanceof Map))
    throw new PdfSyntaxError(`object ${objectNumber} has a stream without a dictionary`, offset);
  return { ref, object: new PdfStream(value, streamData(lexer, value, lengthOf, objectNumber)) };
}

/** After the keyword `stream`: its end of line (CRLF or LF, a lone CR tolerated), then /Length bytes. */
function streamData(
  lexer: PdfLexer,
  streamDict: PdfDict,
  lengthOf: LengthOf,
  objectNumber: number,
): Uint8Array {
  const { bytes } = lexer;
  let start = lexer.position;
  if (lexer.byteAt(start) === CR) start += 1;
  if (lexer.byteAt(start) === LF) start += 1;
  const declared = streamDict.get('Length');
  const length = declared instanceof PdfRef ? lengthOf(declared) : declared;
  if (
    typeof length === 'number' &&
    Number.isInteger(length) &&
    length >= 0 &&
    endsStream(lexer, start + length)
  )
    return bytes.subarray(start, start + length);
  // A missing or wrong /Length: the data runs to the keyword endstream, less the end of line before it.
  const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf('endstream', start);
  if (end < 0)
    throw new PdfSyntaxError(`the stream of object ${objectNumber} never ends (truncated file?)`, start);
  let dataEnd = end;
  if (lexer.byteAt(dataEnd - 1) === LF) dataEnd -= 1;
  if (lexer.byteAt(dataEnd - 1) === CR) dataEnd -= 1;
  return bytes.subarray(start, Math.max(start, dataEnd));
}

function endsStream(lexer: PdfLexer, end: number): boolean {
  if (end > lexer.bytes.length) return false;
  try {
    const after = new PdfLexer(lexer.bytes, end).next();
    return after.kind === 'keyword' && after.value === 'endstream';
  } catch {
    // A /Length that stops inside the data lands on binary bytes, which need not be valid syntax.
    return false;
  }
}
