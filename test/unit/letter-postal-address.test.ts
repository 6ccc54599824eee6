import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import {
  letterCreditorSchema,
  letterInputSchema,
  postalAddressSchema,
} from '../../functions/domain/letters/index.js';
import { creditor, pdfLetter, postalAddress } from './letter-pdf-fixtures.js';

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('the postal address of a letter', () => {
  it('accepts a German address with a five-digit postal code and no country line', () => {
    // Act
    const result = postalAddressSchema.safeParse(postalAddress);

    // Assess
    expect(result.success).toBe(true);
  });

  it('rejects a German postal code that is not five digits, naming the field', () => {
    // Act
    const result = postalAddressSchema.safeParse({ ...postalAddress, postalCode: '5066' });

    // Assess
    expect(issuePaths(result)).toEqual(['postalCode']);
  });

  it('asks for the country of an address abroad, whose postal code may have letters', () => {
    // Arrange
    const dutch = { ...postalAddress, postalCode: '5651 GC', city: 'Eindhoven', countryCode: 'NL' };

    // Act
    const withoutCountry = postalAddressSchema.safeParse(dutch);
    const withCountry = postalAddressSchema.safeParse({ ...dutch, country: 'Niederlande' });

    // Assess
    expect(issuePaths(withoutCountry)).toEqual(['country']);
    expect(withCountry.success).toBe(true);
  });

  it('rejects an address with no name line, more than three, or a line break inside a line', () => {
    // Act
    const results = [
      postalAddressSchema.safeParse({ ...postalAddress, nameLines: [] }),
      postalAddressSchema.safeParse({ ...postalAddress, nameLines: ['a', 'b', 'c', 'd'] }),
      postalAddressSchema.safeParse({ ...postalAddress, street: 'Lindenallee\n24' }),
    ];

    // Assess
    expect(results.map(issuePaths)).toEqual([['nameLines'], ['nameLines'], ['street']]);
  });

  it('is optional for a letter, which an email does not need, and checked where given', () => {
    // Act
    const withoutAddress = letterInputSchema.safeParse(pdfLetter({ postalAddress: undefined }));
    const withBadAddress = letterInputSchema.safeParse(
      pdfLetter({ postalAddress: { ...postalAddress, countryCode: 'Germany', country: 'Deutschland' } }),
    );

    // Assess
    expect(withoutAddress.success).toBe(true);
    expect(issuePaths(withBadAddress)).toEqual(['postalAddress.countryCode']);
  });
});

describe("the creditor's letterhead", () => {
  it('is optional, so a creditor configured for email only stays valid', () => {
    // Act
    const result = letterCreditorSchema.safeParse({ ...creditor, letterhead: undefined });

    // Assess
    expect(result.success).toBe(true);
  });

  it('rejects a malformed VAT ID, naming the field', () => {
    // Act
    const result = letterCreditorSchema.safeParse({
      ...creditor,
      letterhead: { ...creditor.letterhead, vatId: 'DE 123' },
    });

    // Assess
    expect(issuePaths(result)).toEqual(['letterhead.vatId']);
  });

  it('ships in the default policy with register data, VAT ID, managing directors and a contact', () => {
    // Act
    const letterhead = defaultPolicy.creditor.letterhead;

    // Assess
    expect(letterhead?.commercialRegister?.number).toMatch(/^HR[AB] \d+/);
    expect(letterhead?.vatId).toMatch(/^DE\d{9}$/);
    expect(letterhead?.managingDirectors?.length).toBeGreaterThan(0);
    expect(letterhead?.contactName).toBeDefined();
  });
});
