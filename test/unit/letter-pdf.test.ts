import { beforeAll, describe, expect, it } from 'vitest';
import { type LetterFontFiles, loadLetterFonts } from '../../functions/documents/fonts.js';
import { LetterPdfError, renderLetterPdf } from '../../functions/documents/letter-pdf.js';
import { letterKindSchema, toneSchema } from '../../functions/domain/letters/index.js';
import { euro, pdfLetter, postalAddress } from './letter-pdf-fixtures.js';
import { itemNamed, type ReadPage, readPdf } from './pdf-text.js';

/**
 * The posted letter as a reader and a window envelope see it: A4, DIN 5008 form B. The geometry is written
 * out here in millimetres from the standard, not imported from the renderer, so a wrong constant there
 * fails here.
 */
const A4 = { widthPt: (210 / 25.4) * 72, heightPt: (297 / 25.4) * 72 };
/** Form B address field: 20 mm from the left, 45 mm from the top, 85 x 45 mm; the address zone below 62.7 mm. */
const WINDOW = { left: 20, right: 105, top: 45, addressZoneTop: 62.7, bottom: 90 };
const TEXT_RIGHT_MM = 190;
const MM_PER_PT = 25.4 / 72;
const IBAN = 'DE89 3704 0044 0532 0130 00';

let fonts: LetterFontFiles;
beforeAll(async () => {
  fonts = await loadLetterFonts();
});

const render = async (overrides: Parameters<typeof pdfLetter>[0] = {}) =>
  readPdf(await renderLetterPdf(pdfLetter(overrides), { fonts }));

function expectInsideAddressZone(page: ReadPage | undefined, line: string) {
  const item = itemNamed(page, line);
  expect(item, line).toBeDefined();
  if (!item) return;
  // The whole glyph box: from the accents on capitals above the baseline to the descenders below it.
  expect(item.left).toBeGreaterThanOrEqual(WINDOW.left);
  expect(item.right).toBeLessThanOrEqual(WINDOW.right);
  expect(item.baseline - item.size * 0.9 * MM_PER_PT).toBeGreaterThanOrEqual(WINDOW.addressZoneTop);
  expect(item.baseline + item.size * 0.25 * MM_PER_PT).toBeLessThanOrEqual(WINDOW.bottom);
}

const combinations = letterKindSchema.options.flatMap((kind) =>
  (['de', 'en'] as const).flatMap((locale) => toneSchema.options.map((tone) => ({ kind, locale, tone }))),
);

describe('renderLetterPdf', () => {
  it.each(combinations)(
    'renders a $kind letter in $locale with a $tone tone on A4 with the address in the window',
    async ({ kind, locale, tone }) => {
      // Arrange
      const total = locale === 'de' ? '1.181,62 €' : '€1,181.62';

      // Act
      const pages = await render({ kind, locale, tone });

      // Assess
      const text = pages.flatMap((page) => page.lines).join('\n');
      for (const page of pages) {
        expect(page.widthPt).toBeCloseTo(A4.widthPt, 2);
        expect(page.heightPt).toBeCloseTo(A4.heightPt, 2);
      }
      for (const line of ['Beispiel Handels GmbH', 'Buchhaltung', 'Lindenallee 24', '50667 Köln']) {
        expectInsideAddressZone(pages[0], line);
      }
      expect(text).toContain('RE-2026-0815');
      expect(text).toContain(total);
      expect(text).toContain(`IBAN ${IBAN}`);
      expect(text).not.toMatch(/\{\{|\}\}/);
    },
  );

  it('puts the return address small at the foot of the remark zone, above the recipient', async () => {
    // Arrange
    const sender = 'Muster Maschinenbau GmbH · Industriestraße 12 · 40210 Düsseldorf';

    // Act
    const [first] = await render();

    // Assess
    const line = itemNamed(first, sender);
    expect(line?.size).toBeLessThanOrEqual(7);
    expect(line?.left).toBeGreaterThanOrEqual(WINDOW.left);
    expect(line?.right).toBeLessThanOrEqual(WINDOW.right);
    expect(line?.baseline).toBeGreaterThan(WINDOW.top);
    expect(line?.baseline).toBeLessThan(WINDOW.addressZoneTop);
  });

  it('prints the information block 125 mm from the left and the subject in bold near 98.46 mm', async () => {
    // Act
    const [first] = await render();

    // Assess
    for (const [label, value] of [
      ['Ihr Zeichen', 'PO-4711'],
      ['Kundennummer', 'K-10442'],
      ['Rechnungsnummer', 'RE-2026-0815'],
      ['Ansprechpartner', 'Team Forderungsmanagement'],
      ['Datum', '04.01.2027'],
    ]) {
      const labelItem = first?.items.find((item) => item.text === label && item.left >= 124.9);
      expect(labelItem?.left, label).toBeCloseTo(125, 1);
      expect(first?.lines).toContain(`${label} ${value}`);
    }
    const subject = itemNamed(first, 'Mahnung: Rechnung RE-2026-0815');
    expect(subject?.left).toBeCloseTo(25, 1);
    expect(subject?.baseline).toBeGreaterThan(98.46);
    expect(subject?.baseline).toBeLessThan(98.46 + 6);
  });

  it('lists the address abroad with the country in capitals as its last line', async () => {
    // Arrange
    const abroad = {
      nameLines: ['Delta Tooling B.V.'],
      street: 'Industrieweg 21',
      postalCode: '5651 GC',
      city: 'Eindhoven',
      country: 'Niederlande',
      countryCode: 'NL',
    };

    // Act
    const [first] = await render({ postalAddress: abroad });

    // Assess
    for (const line of ['Delta Tooling B.V.', 'Industrieweg 21', '5651 GC Eindhoven', 'NIEDERLANDE']) {
      expectInsideAddressZone(first, line);
    }
  });

  it('prints names and places with letters beyond Windows-1252, which standard PDF fonts cannot', async () => {
    // Arrange
    const polish = {
      nameLines: ['Zakład Usług Ślusarskich Sp. z o.o.'],
      street: 'ul. Piotrkowska 104',
      postalCode: '90-926',
      city: 'Łódź',
      country: 'Polen',
      countryCode: 'PL',
    };

    // Act
    const [first] = await render({ postalAddress: polish, customerName: 'Zakład Usług Ślusarskich' });

    // Assess
    for (const line of ['Zakład Usług Ślusarskich Sp. z o.o.', '90-926 Łódź', 'POLEN']) {
      expectInsideAddressZone(first, line);
    }
  });

  it('shrinks a long address line into the window instead of letting it run out', async () => {
    // Arrange
    const longName = 'Norddeutsche Landmaschinen- und Anlagenvertrieb GmbH';

    // Act
    const [first] = await render({ postalAddress: { ...postalAddress, nameLines: [longName] } });

    // Assess
    expectInsideAddressZone(first, longName);
    expect(itemNamed(first, longName)?.size).toBeLessThan(10);
  });

  it('refuses to print without a postal address or a date, naming the field', async () => {
    // Arrange
    const withoutAddress = pdfLetter({ postalAddress: undefined });
    const withoutDate = pdfLetter({ letterDate: undefined });

    // Act
    const missingAddress = renderLetterPdf(withoutAddress, { fonts });
    const missingDate = renderLetterPdf(withoutDate, { fonts });

    // Assess
    await expect(missingAddress).rejects.toThrow(LetterPdfError);
    await expect(missingAddress).rejects.toMatchObject({ field: 'postalAddress' });
    await expect(missingDate).rejects.toMatchObject({ field: 'letterDate' });
  });

  it('refuses customer data with characters the typeface cannot print, naming the field and the characters', async () => {
    // Arrange: Polish, Turkish and Czech names print; a Japanese street name does not
    const printable = { ...postalAddress, nameLines: ['Łódź Şahin Dvořák GmbH'], city: 'Köln' };
    const unprintable = { ...postalAddress, nameLines: ['Beispiel GmbH', '株式会社 Beispiel'] };

    // Act
    const printed = await render({ postalAddress: printable });
    const refused = renderLetterPdf(pdfLetter({ postalAddress: unprintable }), { fonts });
    const contact = renderLetterPdf(pdfLetter({ contactName: '山田 花子' }), { fonts });

    // Assess
    expectInsideAddressZone(printed[0], 'Łódź Şahin Dvořák GmbH');
    await expect(refused).rejects.toThrow(LetterPdfError);
    await expect(refused).rejects.toMatchObject({
      field: 'postalAddress.nameLines.1',
      reason: 'characters',
      characters: ['株', '式', '会', '社'],
      isCustomerDataProblem: true,
    });
    await expect(contact).rejects.toMatchObject({
      field: 'contactName',
      characters: ['山', '田', '花', '子'],
    });
  });

  it('refuses a letter whose account does not add up, like every letter', async () => {
    // Act
    const rendering = renderLetterPdf(pdfLetter({ totalCents: 1 }), { fonts });

    // Assess
    await expect(rendering).rejects.toThrow(/totalCents/);
  });

  it('renders the same letter to the same bytes', async () => {
    // Act
    const [first, second] = await Promise.all([
      renderLetterPdf(pdfLetter(), { fonts }),
      renderLetterPdf(pdfLetter(), { fonts }),
    ]);

    // Assess
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('right-aligns every amount of the statement at the text margin, to the cent', async () => {
    // Act
    const pages = await render();

    // Assess
    const amounts = [123_456, 556, 4_000, 150, -10_000, 118_162].map(euro);
    for (const amount of amounts) {
      const item = pages.flatMap((page) => page.items).find((candidate) => candidate.text === amount);
      expect(item, amount).toBeDefined();
      expect(item?.right).toBeCloseTo(TEXT_RIGHT_MM, 1);
    }
  });
});
