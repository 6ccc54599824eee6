import { PdfFile } from './file.js';
import {
  dateString,
  dict,
  name,
  type PdfDict,
  type PdfObject,
  PdfRef,
  PdfStream,
  type PdfValue,
  textString,
} from './objects.js';
import { type PdfReader, readPdf } from './reader.js';

/**
 * Several PDFs as one (a day's letters as a print batch): every page of every input in order under one flat
 * page tree, each with what it draws (contents, fonts, images) copied once per input and renumbered.
 */
export interface MergedPdf {
  bytes: Uint8Array;
  /** How many pages each input contributed, in input order. */
  pages: number[];
}

/** Page attributes a page takes from its ancestors in the page tree when it has none itself (7.7.3.4). */
const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'] as const;

interface PageLeaf {
  /** Undefined for a page written directly into /Kids (not allowed, but readable). */
  ref: PdfRef | undefined;
  /** The page's own entries, then the inherited ones it lacks. */
  page: PdfDict;
}

/** The pages in document order (a depth-first walk of /Kids), each with its inherited attributes. */
function pageLeaves(reader: PdfReader): PageLeaf[] {
  const leaves: PageLeaf[] = [];
  const visited = new Set<number>();
  const visit = (value: PdfValue, inherited: PdfDict) => {
    if (value instanceof PdfRef) {
      if (visited.has(value.objectNumber))
        throw new Error(`the page tree names object ${value.objectNumber} twice`);
      visited.add(value.objectNumber);
    }
    const node = reader.resolve(value);
    if (node === null) return;
    if (!(node instanceof Map)) throw new Error('the page tree holds something that is not a dictionary');
    const kids = reader.resolve(node.get('Kids'));
    const type = node.get('Type');
    if (type === name('Pages') || (type !== name('Page') && Array.isArray(kids))) {
      const attributes = new Map(inherited);
      for (const key of INHERITABLE) {
        const own = node.get(key);
        if (own !== undefined) attributes.set(key, own);
      }
      if (!Array.isArray(kids)) throw new Error('a node of the page tree has no /Kids array');
      for (const kid of kids) visit(kid, attributes);
    } else {
      const page = new Map(node);
      for (const [key, attribute] of inherited) if (!page.has(key)) page.set(key, attribute);
      leaves.push({ ref: value instanceof PdfRef ? value : undefined, page });
    }
  };
  const root = reader.catalog.get('Pages');
  if (root === undefined) throw new Error('the PDF has no page tree (/Pages in its catalog)');
  visit(root, new Map());
  return leaves;
}

const keyOf = (ref: PdfRef) => `${ref.objectNumber} ${ref.generation}`;

/**
 * Copies objects of one input into the output, each once however often it is referred to. /Parent is never
 * followed: from a page it leads to the input's page tree and every other page, from an annotation to form
 * fields; a copied page gets the output's page tree as its parent instead.
 */
class ObjectCopier {
  private readonly copies = new Map<string, PdfRef>();
  private readonly pending: { source: PdfRef; target: PdfRef }[] = [];
  private copied = 0;

  constructor(
    private readonly reader: PdfReader,
    private readonly file: PdfFile,
  ) {}

  /** The output's number for a source object, reserved (and queued for copying) on first sight. */
  refFor(source: PdfRef, queue = true): PdfRef {
    const known = this.copies.get(keyOf(source));
    if (known) return known;
    const target = this.file.reserve();
    this.copies.set(keyOf(source), target);
    if (queue) this.pending.push({ source, target });
    return target;
  }

  value(value: PdfValue): PdfValue {
    if (value instanceof PdfRef) return this.refFor(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item));
    if (value instanceof Map) return this.dict(value);
    return value;
  }

  /** A dictionary without /Parent; a stream's without /Length too, which the writer sets from its data. */
  dict(source: PdfDict, dropped: readonly string[] = []): Map<string, PdfValue> {
    const copy = new Map<string, PdfValue>();
    for (const [key, entry] of source)
      if (key !== 'Parent' && !dropped.includes(key)) copy.set(key, this.value(entry));
    return copy;
  }

  /** Copies every queued object, and whatever those refer to, breadth first. */
  drain(): void {
    for (; this.copied < this.pending.length; this.copied += 1) {
      const next = this.pending[this.copied];
      if (next) this.file.set(next.target, this.object(this.reader.object(next.source)));
    }
  }

  private object(source: PdfObject): PdfObject {
    if (source instanceof PdfStream) return new PdfStream(this.dict(source.dict, ['Length']), source.data);
    return this.value(source);
  }
}

function copyPages(reader: PdfReader, file: PdfFile, parent: PdfRef): PdfRef[] {
  const leaves = pageLeaves(reader);
  const copier = new ObjectCopier(reader, file);
  // Numbers for all pages first, so an annotation pointing at another page of its letter (/P, /Dest) finds it.
  const targets = leaves.map(({ ref }) => (ref ? copier.refFor(ref, false) : file.reserve()));
  leaves.forEach(({ page }, index) => {
    const target = targets[index];
    if (!target) return;
    const copy = copier.dict(page);
    copy.set('Parent', parent);
    file.set(target, copy);
    copier.drain();
  });
  return targets;
}

export function mergePdfs(files: readonly Uint8Array[], info: { title: string; date: Date }): MergedPdf {
  const file = new PdfFile();
  const catalog = file.reserve();
  const pageTree = file.reserve();
  const kids: PdfRef[] = [];
  const pages: number[] = [];
  files.forEach((bytes, index) => {
    try {
      const copied = copyPages(readPdf(bytes), file, pageTree);
      kids.push(...copied);
      pages.push(copied.length);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot merge PDF ${index + 1} of ${files.length}: ${reason}`, { cause: error });
    }
  });
  file.set(pageTree, dict({ Type: name('Pages'), Kids: kids, Count: kids.length }));
  file.set(catalog, dict({ Type: name('Catalog'), Pages: pageTree }));
  const infoRef = file.add(
    dict({
      Title: textString(info.title),
      CreationDate: dateString(info.date),
      ModDate: dateString(info.date),
    }),
  );
  return { bytes: file.save({ root: catalog, info: infoRef }), pages };
}
