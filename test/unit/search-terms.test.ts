import { describe, expect, it } from 'vitest';
import {
  isSearchableName,
  namePrefixOf,
  normaliseName,
  normaliseNumber,
} from '../../functions/domain/search-terms.js';

describe('normalising what a person searches for', () => {
  it.each([
    ['Müller Söhne', 'mueller soehne'],
    ['MUELLER  Söhne ', 'mueller soehne'],
    ['Straßenbau Groß', 'strassenbau gross'],
    ['Ärzte\tÖsterreich', 'aerzte oesterreich'],
    ['Café René', 'cafe rene'],
    ['Delta Tooling B.V.', 'delta tooling bv'],
    ['Nordlicht Anlagenbau GmbH & Co. KG', 'nordlicht anlagenbau gmbh co kg'],
    ['Hash#Tag', 'hashtag'],
  ])('files the name %j as %j', (name, normalised) => {
    // Arrange, Act
    const result = normaliseName(name);

    // Assert
    expect(result).toBe(normalised);
  });

  it('finds a name by what a person types for its beginning, however they spell umlauts', () => {
    // Arrange
    const stored = normaliseName('Müller-Lüdenscheidt GmbH');

    // Act
    const typed = ['müller-l', 'MUELLER-LUE', 'Muellerlü'].map(normaliseName);

    // Assert
    expect(typed.every((prefix) => stored.startsWith(prefix))).toBe(true);
  });

  it.each([
    ['RE-2026-1001', 're20261001'],
    ['re 2026/1001', 're20261001'],
    [' RE20261001 ', 're20261001'],
    ['Ü-7', 'ue7'],
  ])('compares the number %j as %j', (number, normalised) => {
    // Arrange, Act
    const result = normaliseNumber(number);

    // Assert
    expect(result).toBe(normalised);
  });

  it('files a name under its first two letters, an umlaut counting as two', () => {
    // Arrange, Act
    const prefixes = ['Rheinstahl', 'Ölmühle', 'X'].map((name) => namePrefixOf(normaliseName(name)));

    // Assert
    expect(prefixes).toEqual(['rh', 'oe', 'x']);
  });

  it('searches names only with at least two letters or digits left after normalising', () => {
    // Arrange, Act
    const searchable = ['ab', 'ä', '& &', 'a.', ' b '].map(isSearchableName);

    // Assert
    expect(searchable).toEqual([true, true, false, false, false]);
  });
});
