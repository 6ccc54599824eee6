import { dict, type PdfDict, type PdfObject, PdfRef, PdfStream, serialize } from './objects.js';

/** Binary comment after the header: tells transfer programs the file is binary (7.5.2). */
const HEADER = Buffer.concat([
  Buffer.from('%PDF-1.7\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from('\n'),
]);

/**
 * The indirect objects of one PDF file and their serialisation with a classic cross-reference table (7.5):
 * objects in number order, generation 0, no object streams, so the same objects always give the same bytes.
 */
export class PdfFile {
  private readonly objects: (PdfObject | undefined)[] = [];

  /** A number for an object written later (a page's parent, a font embedded when the document is saved). */
  reserve(): PdfRef {
    this.objects.push(undefined);
    return new PdfRef(this.objects.length);
  }

  set(ref: PdfRef, object: PdfObject): void {
    if (ref.objectNumber < 1 || ref.objectNumber > this.objects.length)
      throw new Error(`object ${ref.objectNumber} was never reserved`);
    this.objects[ref.objectNumber - 1] = object;
  }

  add(object: PdfObject): PdfRef {
    const ref = this.reserve();
    this.set(ref, object);
    return ref;
  }

  save(trailer: { root: PdfRef; info?: PdfRef }): Uint8Array {
    const chunks: Buffer[] = [HEADER];
    let length = HEADER.length;
    const offsets: number[] = [];
    const write = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    };
    this.objects.forEach((object, index) => {
      if (object === undefined) throw new Error(`object ${index + 1} was reserved but never set`);
      offsets.push(length);
      write(Buffer.from(`${index + 1} 0 obj\n`));
      if (object instanceof PdfStream) {
        const streamDict: PdfDict = new Map([...object.dict, ['Length', object.data.length]]);
        write(Buffer.from(`${serialize(streamDict)}\nstream\n`));
        write(Buffer.from(object.data));
        write(Buffer.from('\nendstream'));
      } else write(Buffer.from(serialize(object)));
      write(Buffer.from('\nendobj\n'));
    });
    const xref = length;
    const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`);
    const trailerDict = dict({ Size: this.objects.length + 1, Root: trailer.root, Info: trailer.info });
    write(
      Buffer.from(
        `xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n${entries.join('')}` +
          `trailer\n${serialize(trailerDict)}\nstartxref\n${xref}\n%%EOF\n`,
      ),
    );
    return new Uint8Array(Buffer.concat(chunks, length));
  }
}
