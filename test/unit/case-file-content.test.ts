import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFileKeys, letterKey } from '../../functions/domain/document-keys.js';
import { inkassoCaseFileFor } from '../../functions/domain/handover.js';
import type { PostalAddress } from '../../functions/domain/letters/index.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { documentJsonSchemas } from '../../scripts/document-schemas.js';
import { caseAfter, defaultContext as context } from './fixtures.js';

const postalAddress: PostalAddress = {
  nameLines: ['Beispiel Handel GmbH', 'Kreditorenbuchhaltung'],
  street: 'Lindenallee 24',
  postalCode: '50667',
  city: 'Köln',
  countryCode: 'DE',
};

function handedOverCase(withAddress: boolean) {
  const [invoice] = demoInvoices('2026-04-15');
  if (!invoice) throw new Error('demo data missing');
  const { postalAddress: _demoAddress, ...withoutAddress } = invoice.customer;
  const customer = withAddress ? { ...withoutAddress, postalAddress } : withoutAddress;
  return caseAfter({ ...invoice, customer }, [
    { type: 'reminder-sent', levelIndex: 0, on: '2026-03-19', channel: 'email' },
    { type: 'reminder-sent', levelIndex: 1, on: '2026-03-26', channel: 'email' },
    { type: 'level-completed', levelIndex: 2, on: '2026-04-02' },
    { type: 'reminder-sent', levelIndex: 3, on: '2026-04-09', channel: 'letter' },
  ]);
}

describe('the § 13a RDG case file of a handover', () => {
  it("carries the debtor's postal address, so the agency knows where to write", () => {
    // Arrange
    const dunningCase = handedOverCase(true);

    // Act
    const file = inkassoCaseFileFor(dunningCase, [], '2026-04-20', '2026-04-20T08:00:00.000Z', context);

    // Assert
    expect(file.debtor.postalAddress).toEqual(postalAddress);
  });

  it('lists every reminder sent with its date and channel, and the stored PDF of each posted letter', () => {
    // Arrange
    const dunningCase = handedOverCase(false);
    const finalLevel = dunningCase.reminders.find((reminder) => reminder.channel === 'letter')?.levelId;
    if (!finalLevel) throw new Error('the case has no posted letter');
    const letterKeys = { [finalLevel]: letterKey(dunningCase.invoiceId, finalLevel) };

    // Act
    const file = inkassoCaseFileFor(dunningCase, [], '2026-04-20', '2026-04-20T08:00:00.000Z', context, {
      letterKeys,
    });

    // Assert
    expect(
      file.contactHistory.reminders.map(({ sentOn, channel, documentKey }) => [sentOn, channel, documentKey]),
    ).toEqual([
      ['2026-03-19', 'email', undefined],
      ['2026-03-26', 'email', undefined],
      [
        '2026-04-09',
        'letter',
        `cases/${encodeURIComponent(dunningCase.invoiceId)}/letters/${finalLevel}.pdf`,
      ],
    ]);
    expect(file.debtor.postalAddress).toBeUndefined();
  });

  it('keeps the case file next to the letters of its case, with ids URI-encoded', () => {
    // Act
    const keys = caseFileKeys('RE/2026/0815');

    // Assert
    expect(keys).toEqual({
      json: 'cases/RE%2F2026%2F0815/case-file.json',
      pdf: 'cases/RE%2F2026%2F0815/case-file.pdf',
    });
  });
});

describe('the JSON Schema of the case file', () => {
  it('is committed in docs/schemas and matches the zod schema (run `npm run schemas` after a change)', async () => {
    // Arrange
    const expected = documentJsonSchemas();

    // Act
    const committed = await readFile(
      join(import.meta.dirname, '..', '..', 'docs', 'schemas', 'case-file.schema.json'),
      'utf8',
    );

    // Assert
    expect(JSON.parse(committed)).toEqual(expected['case-file.schema.json']);
    expect(committed).toContain('postalAddress');
    expect(committed).toContain('postedOn');
  });
});
