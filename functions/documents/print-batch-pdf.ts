import { mergePdfs } from './pdf/merge.js';

/**
 * One PDF of a day's letters for the print service, in the given order, and how many pages each letter has in it.
 * Pages are copied (fonts and all), so the batch prints exactly what was stored for each case. Fixed dates keep
 * the same letters giving the same bytes.
 */
export async function mergeLetterPdfs(
  letters: readonly Uint8Array[],
  title: string,
): Promise<{ bytes: Uint8Array; pages: number[] }> {
  return mergePdfs(letters, { title, date: new Date(0) });
}
