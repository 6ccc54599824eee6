import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfFile } from '../../functions/documents/pdf/file.js';
import {
  dict,
  name,
  PdfName,
  PdfRef,
  PdfStream,
  PdfString,
  textString,
} from '../../functions/documents/pdf/objects.js';
import { readPdf } from '../../functions/documents/pdf/reader.js';

/** Bytes exactly as written, each character one byte (escapes and binary included). */
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const textOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/**
 * A PDF written by hand: `objects` (number → body between "n g obj" and "endobj") in a classic cross-reference
 * section, appended to `base` as an incremental update when given.
 */
function handWritten(
  objects: Record<number, string>,
  trailer = '/Root 1 0 R',
  base: Uint8Array = bytesOf('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
): Uint8Array {
  let text = textOf(base);
  const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1];
  const sections = previous === undefined ? ['0 1\n0000000000 65535 f \n'] : [];
  for (const [objectNumber, body] of Object.entries(objects)) {
    sections.push(`${objectNumber} 1\n${String(text.length).padStart(10, '0')} 00000 n \n`);
    text += `${objectNumber} 0 obj\n${body}\nendobj\n`;
  }
  const prev = previous === undefined ? '' : ` /Prev ${previous}`;
  const size = Math.max(0, ...Object.keys(objects).map(Number)) + 1;
  text += `xref\n${sections.join('')}trailer\n<< /Size ${size} ${trailer}${prev} >>\nstartxref\n${text.length}\n%%EOF\n`;
  return bytesOf(text);
}

/** Objects written one after another after a header, each remembered by where it starts. */
class HandFile {
  text = '%PDF-1.7\n';
  private readonly offsets = new Map<number, number>();

  put(objectNumber: number, body: string): void {
    this.offsets.set(objectNumber, this.text.length);
    this.text += `${objectNumber} 0 obj\n${body}\nendobj\n`;
  }

  at(objectNumber: number): number {
    return this.offsets.get(objectNumber) ?? 0;
  }

  /** A FlateDecode stream; `entries` go into its dictionary. */
  stream(objectNumber: number, entries: string, data: Uint8Array, decodeParms = ''): void {
    const stored = textOf(deflateSync(data));
    const streamDict = `<< ${entries} /Filter /FlateDecode ${decodeParms} /Length ${stored.length} >>`;
    this.put(objectNumber, `${streamDict}\nstream\n${stored}\nendstream`);
  }

  /** An object stream (/Type /ObjStm) holding `members` (object number → value). */
  objectStream(objectNumber: number, members: Record<number, string>): void {
    let header = '';
    let body = '';
    for (const [member, value] of Object.entries(members)) {
      header += `${member} ${body.length} `;
      body += `${value} `;
    }
    const entries = `/Type /ObjStm /N ${Object.keys(members).length} /First ${header.length}`;
    this.stream(objectNumber, entries, bytesOf(header + body));
  }
}

/** A cross-reference stream entry: type, offset or object stream, generation or index (/W [1 2 1]). */
type Row = [number, number, number];

/** The rows as bytes, each after the PNG "Up" filter byte and less the row above it (Predictor 12). */
function upPredicted(rows: readonly Row[]): Uint8Array {
  const raw = rows.map(([type, second, third]) => [type, second >> 8, second & 0xff, third]);
  return Uint8Array.from(
    raw.flatMap((row, index) => [
      2,
      ...row.map((byte, column) => (byte - (raw[index - 1]?.[column] ?? 0)) & 0xff),
    ]),
  );
}

const onePage = {
  1: '<< /Type /Catalog /Pages 2 0 R >>',
  2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
};

/** The value of entry `key` of object `objectNumber`. */
function entryOf(pdf: Uint8Array, objectNumber: number, key: string) {
  const object = readPdf(pdf).object(new PdfRef(objectNumber));
  if (!(object instanceof Map)) throw new Error(`object ${objectNumber} is not a dictionary`);
  return object.get(key);
}

const stringBytes = (value: unknown) => (value instanceof PdfString ? textOf(value.bytes) : undefined);
/** A text string (7.9.2.2) as the text it stands for: UTF-16BE after its byte order mark, else one byte a character. */
const textStringOf = (value: unknown) => {
  if (!(value instanceof PdfString)) return undefined;
  const [first, second] = value.bytes;
  if (first !== 0xfe || second !== 0xff) return textOf(value.bytes);
  return Buffer.from(value.bytes.subarray(2)).swap16().toString('utf16le');
};

describe('the PDF reader', () => {
  it('reads literal strings with every escape, octal codes, nested parentheses and continued lines', () => {
    // Arrange: \n \r \t \b \f \( \) \\, octal 1 to 3 digits (\0603 is "0" then "3"), a backslash before an end
    // of line (dropped), an unescaped CRLF (read as LF), and balanced parentheses without escapes
    const literal =
      '(a\\nb\\rc\\td\\be\\ff\\(\\)\\\\ \\101\\60\\0603\\7 (nested (deep)) con\\\ntinued\\\r\nx\r\ny)';
    const pdf = handWritten({ ...onePage, 4: `<< /S ${literal} >>` }, '/Root 1 0 R /Info 4 0 R');

    // Act
    const value = entryOf(pdf, 4, 'S');

    // Assess
    expect(stringBytes(value)).toBe('a\nb\rc\td\be\ff()\\ A003\x07 (nested (deep)) continuedx\ny');
  });

  it('reads hex strings across whitespace, an odd last digit as if a 0 followed', () => {
    // Arrange
    const pdf = handWritten({ ...onePage, 4: '<< /H <48 65\n6c6C\t6f 7> /E <> >>' });

    // Act
    const hex = entryOf(pdf, 4, 'H');
    const empty = entryOf(pdf, 4, 'E');

    // Assess
    expect(stringBytes(hex)).toBe('Hellop');
    expect(stringBytes(empty)).toBe('');
  });

  it('reads names with #xx codes, numbers in every notation, comments and references with their generation', () => {
    // Arrange
    const body =
      '<< /A#20B#2f 1 /N [.5 -3. +1 -.002 0 12] % a comment [ ( <\n /R 3 2 R /T true /F false /Z null >>';
    const pdf = handWritten({ ...onePage, 4: body });

    // Act
    const object = readPdf(pdf).object(new PdfRef(4));

    // Assess
    expect(object instanceof Map && [...object.keys()]).toEqual(['A B/', 'N', 'R', 'T', 'F', 'Z']);
    expect(entryOf(pdf, 4, 'N')).toEqual([0.5, -3, 1, -0.002, 0, 12]);
    expect(entryOf(pdf, 4, 'R')).toEqual(new PdfRef(3, 2));
    expect([entryOf(pdf, 4, 'T'), entryOf(pdf, 4, 'F'), entryOf(pdf, 4, 'Z')]).toEqual([true, false, null]);
  });

  it('keeps stream data as stored when /Length is an indirect object, even with "endstream" inside the data', () => {
    // Arrange
    const data = 'BT (endstream) Tj ET\n\x00\xff';
    const pdf = handWritten({
      ...onePage,
      4: `<< /Length 5 0 R >>\nstream\r\n${data}\nendstream`,
      5: `${data.length}`,
    });

    // Act
    const stream = readPdf(pdf).object(new PdfRef(4));

    // Assess
    expect(stream).toBeInstanceOf(PdfStream);
    expect(stream instanceof PdfStream && textOf(stream.data)).toBe(data);
  });

  it('reads an incremental update: the newest version of an object wins, unchanged ones come from /Prev', () => {
    // Arrange
    const original = handWritten({ ...onePage, 4: '(first)' }, '/Root 1 0 R /Info 4 0 R');
    const updated = handWritten({ 4: '(second)' }, '/Root 1 0 R', original);

    // Act
    const reader = readPdf(updated);

    // Assess
    expect(stringBytes(reader.object(new PdfRef(4)))).toBe('second');
    expect(reader.catalog.get('Pages')).toEqual(new PdfRef(2));
    expect(reader.objects().map(({ ref }) => ref.objectNumber)).toEqual([1, 2, 3, 4]);
  });

  it('reads a cross-reference stream with /Index subsections and the PNG Up predictor, and its object stream', () => {
    // Arrange: objects 1, 2, 5 at offsets, 7 and 8 inside object stream 6, the cross-reference stream is 9
    const file = new HandFile();
    file.put(1, '<< /Type /Catalog /Pages 2 0 R >>');
    file.put(2, '<< /Type /Pages /Kids [5 0 R] /Count 1 >>');
    file.put(5, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Resources 7 0 R >>');
    file.objectStream(6, {
      7: '<< /Font << /F1 8 0 R >> >>',
      8: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    });
    const xrefOffset = file.text.length;
    const rows: Row[] = [
      [0, 0, 0xff],
      ...[1, 2, 5, 6].map((n): Row => [1, file.at(n), 0]),
      [2, 6, 0],
      [2, 6, 1],
    ];
    const xref = upPredicted([...rows, [1, xrefOffset, 0]]);
    file.stream(
      9,
      '/Type /XRef /Size 10 /Index [0 1 1 2 5 5] /W [1 2 1] /Root 1 0 R',
      xref,
      '/DecodeParms << /Predictor 12 /Columns 4 >>',
    );
    const text = `${file.text}startxref\n${xrefOffset}\n%%EOF\n`;

    // Act
    const reader = readPdf(bytesOf(text));
    const font = reader.resolve(new PdfRef(8));
    const resources = reader.resolve(new PdfRef(7));

    // Assess
    expect(font instanceof Map && font.get('BaseFont')).toBe(PdfName.of('Helvetica'));
    expect(resources instanceof Map && resources.get('Font')).toEqual(new Map([['F1', new PdfRef(8)]]));
    expect(reader.catalog.get('Type')).toBe(name('Catalog'));
  });

  it('reads a hybrid file: the objects its table lists as free come from the stream its trailer names (/XRefStm)', () => {
    // Arrange: object 4 lives in object stream 5; only cross-reference stream 6 says so
    const file = new HandFile();
    file.put(1, '<< /Type /Catalog /Pages 2 0 R >>');
    file.put(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
    file.put(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Resources 4 0 R >>');
    file.objectStream(5, { 4: '<< /ProcSet [/PDF /Text] >>' });
    file.stream(
      6,
      '/Type /XRef /Size 7 /Index [4 1] /W [1 2 1]',
      upPredicted([[2, 5, 0]]),
      '/DecodeParms << /Predictor 12 /Columns 4 >>',
    );
    const inUse = (n: number) => `${String(file.at(n)).padStart(10, '0')} 00000 n \n`;
    const table = `xref\n0 7\n0000000000 65535 f \n${[1, 2, 3].map(inUse).join('')}0000000000 00001 f \n${inUse(5)}${inUse(6)}`;
    const tableOffset = file.text.length;
    const text = `${file.text}${table}trailer\n<< /Size 7 /Root 1 0 R /XRefStm ${file.at(6)} >>\nstartxref\n${tableOffset}\n%%EOF\n`;

    // Act
    const resources = readPdf(bytesOf(text)).resolve(new PdfRef(4));

    // Assess
    expect(resources).toEqual(new Map([['ProcSet', [name('PDF'), name('Text')]]]));
  });

  it("reads pdf-lib's files with object streams and without, and the product's own writer's", async () => {
    // Arrange
    const document = await PDFDocument.create();
    document.addPage([210, 297]);
    document.setTitle('Mahnung');
    const own = new PdfFile();
    const pages = own.reserve();
    const page = own.add(dict({ Type: name('Page'), Parent: pages, MediaBox: [0, 0, 210, 297] }));
    own.set(pages, dict({ Type: name('Pages'), Kids: [page], Count: 1 }));
    const info = own.add(dict({ Title: textString('Mahnung') }));
    const files = [
      await document.save(),
      await document.save({ useObjectStreams: false }),
      own.save({ root: own.add(dict({ Type: name('Catalog'), Pages: pages })), info }),
    ];

    // Act
    const read = files.map((file) => {
      const reader = readPdf(file);
      const tree = reader.resolve(reader.catalog.get('Pages'));
      const kids = tree instanceof Map ? tree.get('Kids') : undefined;
      const first = Array.isArray(kids) ? reader.resolve(kids[0]) : undefined;
      const title = reader.resolve(reader.trailer.get('Info'));
      return {
        mediaBox: first instanceof Map ? first.get('MediaBox') : undefined,
        title: title instanceof Map ? textStringOf(title.get('Title')) : undefined,
      };
    });

    // Assess
    expect(read).toEqual(Array(3).fill({ mediaBox: [0, 0, 210, 297], title: 'Mahnung' }));
  });

  it('refuses a file that is not a PDF, saying so', () => {
    // Act
    const reading = () => readPdf(bytesOf('\x89PNG\r\n\x1a\n not a document'));

    // Assess
    expect(reading).toThrow(/not a PDF/);
  });

  it('refuses a truncated file, naming the missing startxref', async () => {
    // Arrange
    const document = await PDFDocument.create();
    document.addPage();
    const whole = await document.save();

    // Act
    const reading = () => readPdf(whole.subarray(0, Math.floor(whole.length * 0.8)));

    // Assess
    expect(reading).toThrow(/no startxref.*truncated/);
  });

  it('refuses an encrypted file rather than copying ciphertext', () => {
    // Arrange
    const encrypt = '<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >>';
    const pdf = handWritten({ ...onePage, 4: encrypt }, '/Root 1 0 R /Encrypt 4 0 R /ID [<01> <01>]');

    // Act
    const reading = () => readPdf(pdf);

    // Assess
    expect(reading).toThrow(/encrypted/);
  });
});
