import { beforeAll, describe, expect, it } from 'vitest';
import { renderCaseFilePdf } from '../../functions/documents/case-file-pdf.js';
import { type LetterFontFiles, loadLetterFonts } from '../../functions/documents/fonts.js';
import { buildInkassoCaseFile, type InkassoCaseFileInput } from '../../functions/domain/case-file.js';
import { complete, customer } from './case-file-fixtures.js';
import { postalAddress } from './letter-pdf-fixtures.js';
import { blankGlyphsPerFont } from './pdf-fonts.js';
import { type ReadPage, readPdf } from './pdf-text.js';

const A4 = { widthPt: (210 / 25.4) * 72, heightPt: (297 / 25.4) * 72 };

let fonts: LetterFontFiles;
beforeAll(async () => {
  fonts = await loadLetterFonts();
});

const withAddress: InkassoCaseFileInput = {
  ...complete,
  customer: { ...customer, postalAddress },
  reminders: complete.reminders.map((reminder) =>
    reminder.channel === 'letter'
      ? { ...reminder, postedOn: '2027-01-16', documentKey: 'cases/inv-2026-4711/letters/final.pdf' }
      : reminder,
  ),
};

const textOf = (pages: readonly ReadPage[]) => pages.flatMap((page) => page.lines).join('\n');

async function rendered(input: InkassoCaseFileInput = withAddress) {
  const pdf = await renderCaseFilePdf(buildInkassoCaseFile(input), { fonts });
  return { pdf, pages: await readPdf(pdf) };
}

describe('the case file as PDF', () => {
  it('is A4 with the German headings an agency looks for, in order', async () => {
    // Act
    const { pages } = await rendered();

    // Assert
    for (const page of pages) {
      expect(page.widthPt).toBeCloseTo(A4.widthPt, 1);
      expect(page.heightPt).toBeCloseTo(A4.heightPt, 1);
    }
    const lines = pages.flatMap((page) => page.lines);
    const headings = [
      'Gläubiger',
      'Schuldner mit Anschrift',
      'Forderung',
      'Zahlungseingänge',
      'Verzugseintritt',
      'Mahnungen mit Datum und Kanal',
      'Zusagen und Ratenpläne',
      'Einwendungen und Bestreiten',
      'Kontakthistorie',
      'Informationen nach § 13a RDG',
    ];
    const positions = headings.map((heading) => lines.indexOf(heading));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("prints the debtor's postal address line by line", async () => {
    // Act
    const text = textOf((await rendered()).pages);

    // Assert
    expect(text).toContain('Anschrift Beispiel Handels GmbH');
    expect(text).toContain('Buchhaltung');
    expect(text).toContain('z. Hd. Frau Anna Schmidt');
    expect(text).toContain('Lindenallee 24');
    expect(text).toContain('50667 Köln');
  });

  it('says so when the debtor has no postal address', async () => {
    // Act
    const text = textOf((await rendered(complete)).pages);

    // Assert
    expect(text).toContain('Anschrift keine Postanschrift hinterlegt');
  });

  it('itemises principal, interest with rate and period, and costs to the cent', async () => {
    // Act
    const text = textOf((await rendered()).pages);

    // Assert
    expect(text).toContain('Hauptforderung (Rechnungsbetrag) 12.500,00 €');
    expect(text).toContain('Hauptforderung offen 10.000,00 €');
    expect(text).toMatch(
      /Zinsen 19\.12\.2026 bis 31\.12\.2026 \(13 Tage, 10,27 % p\. a\. auf 12\.500,00 €\) 45,73 €/,
    );
    expect(text).toMatch(
      /Zinsen 01\.01\.2027 bis 29\.01\.2027 \(29 Tage, 10,27 % p\. a\. auf 10\.000,00 €\) 81,60 €/,
    );
    expect(text).toContain('Zinsen insgesamt 127,33 €');
    expect(text).toContain('Verzugspauschale (§ 288 Abs. 5 BGB) 40,00 €');
    expect(text).toContain('Mahngebühr vom 15.01.2027 (final) 1,50 €');
    expect(text).toContain('Kosten insgesamt 41,50 €');
    expect(text).toContain('Gesamtforderung offen 10.123,10 €');
    expect(text).toContain('02.01.2027 (PAY-1) 2.500,00 €');
  });

  it('lists every reminder with its date and channel, and when the letter went to the post', async () => {
    // Act
    const text = textOf((await rendered()).pages);

    // Assert
    expect(text).toContain('23.12.2026 Mahnung per E-Mail (Stufe reminder-1)');
    expect(text).toContain('31.12.2026 Mahnung per E-Mail (Stufe reminder-2)');
    expect(text).toMatch(
      /15\.01\.2027 Letzte Mahnung per Brief \(Post\) \(Stufe final\), zur Post gegeben am\s+16\.01\.2027/,
    );
    expect(text).toContain('Verzug seit 19.12.2026 (§ 286 Abs. 2 Nr. 1 BGB)');
    expect(text).toContain('Mahnanruf: Zahlungszusage');
    expect(text).toContain('Pumpe angeblich defekt (entschieden am 11.01.2027: zurückgewiesen)');
  });

  it('numbers its pages and embeds fonts that print every glyph', async () => {
    // Act
    const { pdf, pages } = await rendered();

    // Assert
    expect(pages.at(-1)?.lines.at(-1)).toBe(
      `Forderungsakte RE-2026-4711 · Seite ${pages.length} von ${pages.length}`,
    );
    // Regular and bold; only the space and the no-break space draw nothing.
    const fontsInPdf = await blankGlyphsPerFont(pdf);
    expect(fontsInPdf).toHaveLength(2);
    for (const font of fontsInPdf) expect(font.blank).toBeLessThanOrEqual(2);
  });

  it('renders the same file to the same bytes', async () => {
    // Act
    const [first, second] = await Promise.all([rendered(), rendered()]);

    // Assert
    expect(Buffer.from(first.pdf).equals(Buffer.from(second.pdf))).toBe(true);
  });
});
