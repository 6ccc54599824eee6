import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../../functions/documents/letter-pdf.js';
import { pdfToPngs } from '../../local/pdf-png.js';
import { repositoryRoot } from '../../statemachines/asl.js';
import { pdfLetter, postalAddress } from './letter-pdf-fixtures.js';

/**
 * Page one of a final notice, rendered to PNG (PDF.js on Skia) and compared with the committed reference.
 * Everything is fixed (data, letter date, the embedded fonts), so only a change of layout or wording moves
 * pixels; `UPDATE_LETTER_SCREENSHOT=1 npx vitest run test/unit/letter-screenshot.test.ts` rewrites the reference
 * after an intended change (look at it before committing).
 */
const REFERENCE = join(repositoryRoot, 'test', 'unit', 'letter-screenshots', 'final-notice-page-1.png');
/** A channel may differ this much (anti-aliasing), and this share of pixels may differ at all. */
const CHANNEL_TOLERANCE = 48;
const PIXEL_SHARE_TOLERANCE = 0.002;

const finalNotice = pdfLetter({ kind: 'final', reminderNumber: undefined });

async function firstPage(input: typeof finalNotice): Promise<Buffer> {
  const [page] = await pdfToPngs(await renderLetterPdf(input), 1);
  if (!page) throw new Error('the letter has no page');
  return page;
}

async function pixels(png: Buffer) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: context.getImageData(0, 0, image.width, image.height).data,
  };
}

/** The share of pixels whose colour differs by more than the tolerance in any channel. */
async function differingShare(actual: Buffer, expected: Buffer): Promise<number> {
  const [a, b] = await Promise.all([pixels(actual), pixels(expected)]);
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let index = 0; index < a.data.length; index += 4) {
    for (let channel = 0; channel < 3; channel += 1) {
      if (Math.abs((a.data[index + channel] ?? 0) - (b.data[index + channel] ?? 0)) > CHANNEL_TOLERANCE) {
        differing += 1;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}

describe('the final notice as printed', () => {
  it('renders page one as the committed reference image, within anti-aliasing tolerance', async () => {
    // Arrange
    if (process.env.UPDATE_LETTER_SCREENSHOT === '1')
      await writeFile(REFERENCE, await firstPage(finalNotice));
    if (!existsSync(REFERENCE))
      throw new Error(`no reference image ${REFERENCE}: set UPDATE_LETTER_SCREENSHOT=1`);
    const reference = await readFile(REFERENCE);

    // Act
    const share = await differingShare(await firstPage(finalNotice), reference);

    // Assert
    expect(share).toBeLessThanOrEqual(PIXEL_SHARE_TOLERANCE);
  }, 60_000);

  it('notices a layout change as small as one more line in the address window', async () => {
    // Arrange
    const reference = await readFile(REFERENCE);
    const moved = {
      ...finalNotice,
      postalAddress: { ...postalAddress, nameLines: ['Beispiel Handels GmbH'] },
    };

    // Act
    const share = await differingShare(await firstPage(moved), reference);

    // Assert
    expect(share).toBeGreaterThan(PIXEL_SHARE_TOLERANCE);
  }, 60_000);
});
