import { describe, expect, it } from 'vitest';
import { openCase } from '../../functions/domain/case.js';
import { renderLetter } from '../../functions/domain/letters/index.js';
import { letterInputFor } from '../../functions/domain/statement.js';
import { consumer, context, invoice, reminder, run } from './case-fixtures.js';

/** The first reminder's opening line for a case opened from `issued`. */
function openingOf(issued: ReturnType<typeof invoice>): string {
  const reminded = run([reminder(0, '2026-02-10')], openCase(issued, context).case).case;
  const { text } = renderLetter(letterInputFor(reminded, '2026-02-10', context));
  return text.split('\n').find((line) => line.endsWith(',')) ?? '';
}

describe("a letter's salutation", () => {
  it('greets a consumer by name, a company by its contact person, and a company without one formally', () => {
    // Arrange
    if (!consumer) throw new Error('demo data missing');
    const person = invoice({ customer: { ...consumer.customer, contactName: undefined } });
    const anonymous = invoice();
    const company = invoice({ customer: { ...anonymous.customer, contactName: 'Frau Petra Albers' } });

    // Act
    const openings = [person, company, anonymous].map(openingOf);

    // Assert
    expect(openings).toEqual([
      `Guten Tag ${consumer.customer.name},`,
      'Guten Tag Frau Petra Albers,',
      'Sehr geehrte Damen und Herren,',
    ]);
  });
});
