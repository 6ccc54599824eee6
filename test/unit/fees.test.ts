import { describe, expect, it } from 'vitest';
import { LUMP_SUM_CENTS, lumpSumCents, reminderFeeCents } from '../../functions/domain/fees.js';

describe('lumpSumCents', () => {
  it('is the statutory 40 euros', () => {
    // Arrange, Act
    const cents = LUMP_SUM_CENTS;

    // Assert
    expect(cents).toBe(4000);
  });

  it.each([
    {
      name: 'a business debtor in default',
      consumer: false,
      inDefault: true,
      alreadyCharged: false,
      claim: true,
      expected: 4000,
    },
    {
      name: 'a consumer in default',
      consumer: true,
      inDefault: true,
      alreadyCharged: false,
      claim: true,
      expected: 0,
    },
    {
      name: 'a business debtor not yet in default',
      consumer: false,
      inDefault: false,
      alreadyCharged: false,
      claim: true,
      expected: 0,
    },
    {
      name: 'a claim already charged once',
      consumer: false,
      inDefault: true,
      alreadyCharged: true,
      claim: true,
      expected: 0,
    },
    {
      name: 'a policy that waives the lump sum',
      consumer: false,
      inDefault: true,
      alreadyCharged: false,
      claim: false,
      expected: 0,
    },
  ])('charges $expected cents for $name', ({ consumer, inDefault, alreadyCharged, claim, expected }) => {
    // Arrange
    const policy = { lumpSum: { claim } };

    // Act
    const cents = lumpSumCents({ consumer, inDefault, alreadyCharged }, policy);

    // Assert
    expect(cents).toBe(expected);
  });
});

describe('reminderFeeCents', () => {
  it.each([
    {
      name: 'a letter to a consumer in default',
      channel: 'letter',
      defaultCausing: false,
      consumer: true,
      lumpSumCharged: false,
      expected: 150,
    },
    {
      name: 'a letter to a business debtor without the lump sum',
      channel: 'letter',
      defaultCausing: false,
      consumer: false,
      lumpSumCharged: false,
      expected: 150,
    },
    {
      name: 'an email',
      channel: 'email',
      defaultCausing: false,
      consumer: true,
      lumpSumCharged: false,
      expected: 0,
    },
    {
      name: 'the default-causing letter',
      channel: 'letter',
      defaultCausing: true,
      consumer: true,
      lumpSumCharged: false,
      expected: 0,
    },
    {
      name: 'a letter to a business debtor already charged the lump sum',
      channel: 'letter',
      defaultCausing: false,
      consumer: false,
      lumpSumCharged: true,
      expected: 0,
    },
    {
      name: 'a letter to a consumer even if a lump sum flag is set',
      channel: 'letter',
      defaultCausing: false,
      consumer: true,
      lumpSumCharged: true,
      expected: 150,
    },
  ] satisfies {
    name: string;
    channel: 'email' | 'letter';
    defaultCausing: boolean;
    consumer: boolean;
    lumpSumCharged: boolean;
    expected: number;
  }[])(
    'charges $expected cents for $name',
    ({ channel, defaultCausing, consumer, lumpSumCharged, expected }) => {
      // Arrange
      const levelFeeCents = 150;

      // Act
      const cents = reminderFeeCents({ channel, levelFeeCents, defaultCausing, consumer, lumpSumCharged });

      // Assert
      expect(cents).toBe(expected);
    },
  );

  it.each([-1, 1.5, Number.NaN])('rejects a level fee of %s cents', (levelFeeCents) => {
    // Arrange
    const input = {
      channel: 'letter' as const,
      levelFeeCents,
      defaultCausing: false,
      consumer: true,
      lumpSumCharged: false,
    };

    // Act
    const charge = () => reminderFeeCents(input);

    // Assert
    expect(charge).toThrow(RangeError);
  });
});
