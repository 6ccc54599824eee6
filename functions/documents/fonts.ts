import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/**
 * The letter's typeface: DejaVu Sans Condensed (free licence of Bitstream Vera and DejaVu), regular and
 * bold, embedded as subsets so the printed letter looks the same on every printer and covers German text,
 * the euro sign, the section sign and typographic quotes. The files come from the npm package
 * dejavu-fonts-ttf, or from LETTER_FONT_DIR where a bundled function ships the two files next to its code.
 */
export interface LetterFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

const FONT_PACKAGE = 'dejavu-fonts-ttf';
export const LETTER_FONT_FILES = {
  regular: 'ttf/DejaVuSansCondensed.ttf',
  bold: 'ttf/DejaVuSansCondensed-Bold.ttf',
} as const;

function fontPath(file: string, directory: string | undefined): string {
  if (directory) return join(directory, basename(file));
  return createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/${file}`);
}

async function readFonts(directory: string | undefined): Promise<LetterFontFiles> {
  const [regular, bold] = await Promise.all([
    readFile(fontPath(LETTER_FONT_FILES.regular, directory)),
    readFile(fontPath(LETTER_FONT_FILES.bold, directory)),
  ]);
  return { regular, bold };
}

const cache = new Map<string, Promise<LetterFontFiles>>();

/** Read once per process: a warm function renders the next letter without touching the disk. */
export function loadLetterFonts(directory = process.env.LETTER_FONT_DIR): Promise<LetterFontFiles> {
  const key = directory ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = readFonts(directory).catch((error: unknown) => {
    cache.delete(key);
    throw error;
  });
  cache.set(key, loading);
  return loading;
}
