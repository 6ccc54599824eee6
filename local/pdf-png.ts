import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

type RenderContext = Parameters<PDFPageProxy['render']>[0]['canvasContext'];

/**
 * Renders each page of a PDF to PNG with PDF.js on a Skia canvas, so a person (or a review tool that shows
 * images) can see a letter without a PDF viewer. For local use and tests only.
 */
export async function pdfToPngs(pdf: Uint8Array, scale = 1.5): Promise<Buffer[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: Buffer[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context as unknown as RenderContext, viewport }).promise;
    pages.push(await canvas.encode('png'));
  }
  await document.destroy();
  return pages;
}
