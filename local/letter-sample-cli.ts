import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderLetterPdf } from '../functions/documents/letter-pdf.js';
import { berlinDateOf, isoDateSchema, systemClock } from '../functions/domain/calendar.js';
import { sampleLetters } from './letter-samples.js';
import { pdfToPngs } from './pdf-png.js';

/** `npm run letter:sample [-- --out DIR --today YYYY-MM-DD --png]`: posted letters as PDF files to open. */
const { values } = parseArgs({
  options: { out: { type: 'string' }, today: { type: 'string' }, png: { type: 'boolean', default: false } },
});
const today = isoDateSchema.parse(values.today ?? berlinDateOf(systemClock()));
const directory = values.out ?? (await mkdtemp(join(tmpdir(), 'letters-')));
await mkdir(directory, { recursive: true });

for (const { name, input } of sampleLetters(today)) {
  const pdf = await renderLetterPdf(input);
  const file = join(directory, `${name}.pdf`);
  await writeFile(file, pdf);
  console.log(`${file} (${Math.round(pdf.length / 1024)} KiB)`);
  if (!values.png) continue;
  const pngs = await pdfToPngs(pdf);
  for (const [index, png] of pngs.entries()) {
    const image = join(directory, `${name}-page-${index + 1}.png`);
    await writeFile(image, png);
    console.log(`  ${image}`);
  }
}
