import { createHash } from 'node:crypto';
import type { PdfFile } from './file.js';
import { dict, flateStream, name, type PdfRef, PdfString } from './objects.js';
import { parseTrueType, type TrueTypeFont, TrueTypeSubset } from './truetype.js';

/** PDF glyph space: font metrics are given per 1000 units of text space (9.2.4). */
const GLYPH_SPACE = 1000;

const hex4 = (value: number): string => value.toString(16).padStart(4, '0');

/** UTF-16BE of a code point (a surrogate pair beyond the BMP), as ToUnicode wants it. */
function utf16Hex(codePoint: number): string {
  const text = String.fromCodePoint(codePoint);
  let hex = '';
  for (let index = 0; index < text.length; index += 1) hex += hex4(text.charCodeAt(index));
  return hex;
}

/** The ToUnicode CMap (9.10.3) that lets a reader copy or search the text: subset glyph id to character. */
function toUnicodeCMap(characters: ReadonlyMap<number, number>): string {
  const entries = [...characters].sort(([a], [b]) => a - b);
  const blocks: string[] = [];
  // A bfchar block holds at most 100 entries.
  for (let start = 0; start < entries.length; start += 100) {
    const block = entries.slice(start, start + 100);
    blocks.push(
      `${block.length} beginbfchar\n${block.map(([id, cp]) => `<${hex4(id)}> <${utf16Hex(cp)}>`).join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange\n<0000> <ffff>\nendcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

const parsedFonts = new WeakMap<Uint8Array, TrueTypeFont>();

/** A warm function parses its two fonts once, not for every letter. */
function parsedFont(bytes: Uint8Array): TrueTypeFont {
  const known = parsedFonts.get(bytes);
  if (known) return known;
  const font = parseTrueType(bytes);
  parsedFonts.set(bytes, font);
  return font;
}

/**
 * A TrueType font embedded as a subset (9.7.4: Type0 with a CIDFontType2 descendant, Identity-H): each text
 * shows glyph ids of the subset, which holds only the glyphs the document uses. No shaping: every character
 * takes its own glyph (German typesetting does without ligatures across word joints anyway) and no kerning.
 */
export class PdfFont {
  private readonly font: TrueTypeFont;
  private readonly subset: TrueTypeSubset;
  /** Subset glyph id to the character it shows, for ToUnicode. */
  private readonly characters = new Map<number, number>([[0, 0xfffd]]);

  constructor(
    bytes: Uint8Array,
    /** The object number the font gets when the document is saved. */
    readonly ref: PdfRef,
    /** Its name in the pages' resources. */
    readonly resourceName: string,
  ) {
    this.font = parsedFont(bytes);
    this.subset = new TrueTypeSubset(this.font);
  }

  private glyphOf(codePoint: number): number {
    return this.font.glyphIdOf(codePoint);
  }

  /** The distinct characters of `text` the font has no glyph for (they would print as .notdef boxes). */
  missingCharacters(text: string): string[] {
    return [...new Set(text)].filter((character) => this.glyphOf(character.codePointAt(0) ?? 0) === 0);
  }

  widthOfTextAtSize(text: string, size: number): number {
    let units = 0;
    for (const character of text) units += this.font.advanceOf(this.glyphOf(character.codePointAt(0) ?? 0));
    return (units / this.font.unitsPerEm) * size;
  }

  /** The text as a hex string of subset glyph ids; the glyphs join the subset. */
  encode(text: string): string {
    let encoded = '';
    for (const character of text) {
      const codePoint = character.codePointAt(0) ?? 0;
      const id = this.subset.include(this.glyphOf(codePoint));
      if (!this.characters.has(id)) this.characters.set(id, codePoint);
      encoded += hex4(id);
    }
    return `<${encoded}>`;
  }

  private scaled(units: number): number {
    return (units * GLYPH_SPACE) / this.font.unitsPerEm;
  }

  /**
   * Writes the font's objects. The subset's tag (9.6.4) comes from its glyphs, so two letters of one print batch
   * with different subsets of the same font never share a BaseFont name.
   */
  embed(file: PdfFile): void {
    const program = this.subset.encode();
    const tag = [...createHash('sha256').update(program).digest().subarray(0, 6)]
      .map((byte) => String.fromCharCode(65 + (byte % 26)))
      .join('');
    const baseFont = name(`${tag}+${this.font.postscriptName}`);
    const { bbox } = this.font;
    const descriptor = file.add(
      dict({
        Type: name('FontDescriptor'),
        FontName: baseFont,
        // Symbolic (4): the glyphs are addressed by id, not by a standard encoding; FixedPitch (1).
        Flags: 4 + (this.font.fixedPitch ? 1 : 0),
        FontBBox: bbox.map((value) => this.scaled(value)),
        ItalicAngle: this.font.italicAngle,
        Ascent: this.scaled(this.font.ascent),
        Descent: this.scaled(this.font.descent),
        CapHeight: this.scaled(this.font.capHeight),
        StemV: 0,
        FontFile2: file.add(flateStream(program, { Length1: program.length })),
      }),
    );
    const widths = this.subset.glyphIds.map((glyphId) => this.scaled(this.font.advanceOf(glyphId)));
    const cidFont = file.add(
      dict({
        Type: name('Font'),
        Subtype: name('CIDFontType2'),
        BaseFont: baseFont,
        CIDSystemInfo: dict({
          Registry: new PdfString(new TextEncoder().encode('Adobe')),
          Ordering: new PdfString(new TextEncoder().encode('Identity')),
          Supplement: 0,
        }),
        FontDescriptor: descriptor,
        W: [0, widths],
        CIDToGIDMap: name('Identity'),
      }),
    );
    const toUnicode = file.add(flateStream(new TextEncoder().encode(toUnicodeCMap(this.characters))));
    file.set(
      this.ref,
      dict({
        Type: name('Font'),
        Subtype: name('Type0'),
        BaseFont: baseFont,
        Encoding: name('Identity-H'),
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }
}
