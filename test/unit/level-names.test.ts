import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import policyJson from '../../config/policy.json' with { type: 'json' };
import { levelName } from '../../functions/domain/level-names.js';
import { parsePolicy } from '../../functions/domain/policy.js';

const namesOf = (policy: typeof defaultPolicy, locale: 'de' | 'en') =>
  policy.levels.map((level) => levelName(policy, level.id, locale));

describe('level names for people', () => {
  it('names the levels of the shipped policy by kind and ordinal in German', () => {
    // Arrange, Act
    const names = namesOf(defaultPolicy, 'de');

    // Assert
    expect(names).toEqual(['1. Mahnung', '2. Mahnung', 'Mahnanruf', 'Letzte Mahnung', 'Übergabe an Inkasso']);
  });

  it('names the levels of the shipped policy by kind and ordinal in English', () => {
    // Arrange, Act
    const names = namesOf(defaultPolicy, 'en');

    // Assert
    expect(names).toEqual([
      'First reminder',
      'Second reminder',
      'Collection call',
      'Final notice',
      'Inkasso handover',
    ]);
  });

  it('counts a kind the policy has more than once, and reminders always', () => {
    // Arrange
    const [reminder, , call, final, handover] = policyJson.levels;
    const policy = parsePolicy({
      ...policyJson,
      levels: [reminder, call, { ...call, id: 'call-2' }, final, handover],
    });

    // Act
    const names = [namesOf(policy, 'de'), namesOf(policy, 'en')];

    // Assert
    expect(names).toEqual([
      ['1. Mahnung', '1. Mahnanruf', '2. Mahnanruf', 'Letzte Mahnung', 'Übergabe an Inkasso'],
      [
        'First reminder',
        'First collection call',
        'Second collection call',
        'Final notice',
        'Inkasso handover',
      ],
    ]);
  });

  it('prefers the name an operator gave a level, in each language', () => {
    // Arrange
    const policy = parsePolicy({
      ...policyJson,
      levels: policyJson.levels.map((level) =>
        level.id === 'final'
          ? { ...level, name: { de: 'Mahnbescheid-Ankündigung', en: 'Court notice' } }
          : level,
      ),
    });

    // Act
    const names = [levelName(policy, 'final', 'de'), levelName(policy, 'final', 'en')];

    // Assert
    expect(names).toEqual(['Mahnbescheid-Ankündigung', 'Court notice']);
  });

  it('leaves an id the policy does not know as it is', () => {
    // Arrange, Act, Assert
    expect(levelName(defaultPolicy, 'level-7', 'de')).toBe('level-7');
  });
});
