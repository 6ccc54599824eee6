import { PDFDocument } from 'pdf-lib';

/**
 * One PDF of a day's letters for the print service, in the given order, and how many pages each letter has in it.
 * Pages are copied (fonts and all), so the batch prints exactly what was stored for each case.
 */
export async function mergeLetterPdfs(
  letters: readonly Uint8Array[],
  title: string,
): Promise<{ bytes: Uint8Array; pages: number[] }> {
  const batch = await PDFDocument.create();
  batch.setTitle(title);
  batch.setCreationDate(new Date(0));
  batch.setModificationDate(new Date(0));
  const pages: number[] = [];
  for (const bytes of letters) {
    const letter = await PDFDocument.load(bytes);
    const copied = await batch.copyPages(letter, letter.getPageIndices());
    for (const page of copied) batch.addPage(page);
    pages.push(copied.length);
  }
  return { bytes: await batch.save(), pages };
}
