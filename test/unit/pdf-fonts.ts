import fontkit from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

/**
 * The fonts embedded in a PDF and, for each, how many of its glyphs that advance the pen have no outline.
 * A subset with such glyphs prints blanks where letters should be (pdf-lib's subsetting of some fonts
 * loses outlines), which text extraction alone would never notice.
 */
type Glyph = ReturnType<ReturnType<typeof fontkit.create>['getGlyph']>;

/** A glyph that moves the pen but draws nothing, or whose outline cannot even be read, prints as a gap. */
function hasOutline(glyph: Glyph): boolean {
  try {
    return glyph.advanceWidth === 0 || glyph.path.toSVG() !== '';
  } catch {
    return false;
  }
}

export async function blankGlyphsPerFont(pdf: Uint8Array): Promise<{ glyphs: number; blank: number }[]> {
  const document = await PDFDocument.load(pdf);
  const fonts: { glyphs: number; blank: number }[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor'))
      continue;
    const file = object.lookup(PDFName.of('FontFile2'));
    if (!(file instanceof PDFRawStream)) continue;
    const font = fontkit.create(decodePDFRawStream(file).decode());
    let blank = 0;
    for (let id = 1; id < font.numGlyphs; id += 1) {
      if (!hasOutline(font.getGlyph(id))) blank += 1;
    }
    fonts.push({ glyphs: font.numGlyphs, blank });
  }
  return fonts;
}
