import { beforeAll, describe, expect, it } from 'vitest';
import { type LetterFontFiles, loadLetterFonts } from '../../functions/documents/fonts.js';
import { renderLetterPdf } from '../../functions/documents/letter-pdf.js';
import type { LetterInput } from '../../functions/domain/letters/index.js';
import { letterInputFor, statementOn } from '../../functions/domain/statement.js';
import { withLongStatement } from '../../local/letter-samples.js';
import { context, payment, reminder, run } from './case-fixtures.js';
import { euro, pdfLetter, postalAddress } from './letter-pdf-fixtures.js';
import { blankGlyphsPerFont } from './pdf-fonts.js';
import { readPdf } from './pdf-text.js';

/** A case's own statement on paper, and letters long enough to need more than one sheet. */
let fonts: LetterFontFiles;
beforeAll(async () => {
  fonts = await loadLetterFonts();
});

const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const footerLine = 'Handelsregister: Amtsgericht Düsseldorf, HRB 12345';

describe('a posted letter on paper', () => {
  it("itemises the case's statement to the cent: principal, each interest period with its rate, costs, payments, total", async () => {
    // Arrange
    const on = '2026-03-20';
    const dunningCase = run([reminder(0, '2026-02-10'), payment(20_000, '2026-02-20'), reminder(1, on)]).case;
    const statement = statementOn(dunningCase, on, context);
    const input: LetterInput = { ...letterInputFor(dunningCase, on, context), postalAddress };

    // Act
    const pages = await readPdf(await renderLetterPdf(input, { fonts }));

    // Assess
    const lines = pages.flatMap((page) => page.lines);
    expect(statement.interestLines.length).toBeGreaterThan(0);
    expect(lines).toContain(`Hauptforderung ${euro(statement.originalCents)}`);
    for (const interest of statement.interestLines) {
      const rate = interest.ratePercent.replace('.', ',');
      expect(lines).toContain(
        `Verzugszinsen ${rate} % p. a. vom ${germanDate(interest.from)} bis ${germanDate(interest.through)} ${euro(interest.cents)}`,
      );
    }
    for (const cost of statement.costLines) {
      const label = cost.kind === 'lump-sum' ? 'Verzugspauschale (§ 288 Abs. 5 BGB)' : 'Mahngebühr';
      expect(lines).toContain(`${label} ${euro(cost.cents)}`);
    }
    expect(lines).toContain(`Abzüglich erhaltener Zahlungen ${euro(-statement.paidCents)}`);
    expect(lines).toContain(`Offener Gesamtbetrag ${euro(statement.totalCents)}`);
  });

  it('breaks a long statement onto further pages, numbered "Seite n von m", with the footer on every page and the heading repeated', async () => {
    // Arrange
    const input = withLongStatement(pdfLetter(), 40);

    // Act
    const pages = await readPdf(await renderLetterPdf(input, { fonts }));

    // Assess
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, index) => {
      expect(page.lines).toContain(`Seite ${index + 1} von ${pages.length}`);
      expect(page.lines.some((line) => line.includes(footerLine))).toBe(true);
      expect(page.lines.some((line) => line.includes('IBAN DE89 3704 0044 0532 0130 00'))).toBe(true);
    });
    const lines = pages.flatMap((page) => page.lines);
    for (const interest of input.interestLines) expect(lines.join('\n')).toContain(euro(interest.cents));
    expect(lines).toContain(`Offener Gesamtbetrag ${euro(input.totalCents)}`);
    expect(pages[1]?.lines).toContain('Forderungsaufstellung (Fortsetzung)');
  });

  it('keeps the body above the page number and the footer on every page', async () => {
    // Arrange
    const input = withLongStatement(pdfLetter(), 40);

    // Act
    const pages = await readPdf(await renderLetterPdf(input, { fonts }));

    // Assess
    for (const page of pages) {
      const pageNumber = page.items.find((item) => item.text.startsWith('Seite '));
      const body = page.items.filter((item) => item.size >= 10);
      expect(pageNumber).toBeDefined();
      expect(Math.max(...body.map((item) => item.baseline))).toBeLessThan(pageNumber?.baseline ?? 0);
      expect(Math.max(...page.items.map((item) => item.baseline))).toBeLessThan(297 - 5);
    }
  });

  it('numbers no page of a letter that fits on one sheet', async () => {
    // Arrange
    const short = pdfLetter({
      kind: 'promise-confirmation',
      contactName: undefined,
      orderNumber: undefined,
      interestLines: [],
      costLines: [],
      paidCents: 0,
      principalCents: 118_162,
    });

    // Act
    const pages = await readPdf(await renderLetterPdf(short, { fonts }));

    // Assess
    expect(pages).toHaveLength(1);
    expect(pages[0]?.lines.some((line) => line.startsWith('Seite'))).toBe(false);
    expect(pages[0]?.lines.some((line) => line.includes(footerLine))).toBe(true);
  });

  it('embeds fonts whose every printed glyph has an outline, so no letter prints as a gap', async () => {
    // Act
    const fontsInPdf = await blankGlyphsPerFont(await renderLetterPdf(pdfLetter(), { fonts }));

    // Assess: regular and bold; only the space and the no-break space draw nothing
    expect(fontsInPdf).toHaveLength(2);
    for (const font of fontsInPdf) {
      expect(font.glyphs).toBeGreaterThan(30);
      expect(font.blank).toBeLessThanOrEqual(2);
    }
  });
});
