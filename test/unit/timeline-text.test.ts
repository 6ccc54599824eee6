import { describe, expect, it } from 'vitest';
import { timelineText } from '../../functions/domain/timeline-text.js';

describe('the case timeline in the reader’s language', () => {
  it('reads in German from the facts stored with each line, money and dates formatted for Germany', () => {
    // Arrange
    const payment = {
      on: '2026-03-02',
      type: 'payment-received',
      summary: 'payment p-7 of 123456 cents',
      data: { paymentId: 'p-7', cents: 123_456, toPrincipal: 123_456 },
    };
    const promise = {
      on: '2026-02-16',
      type: 'promise-recorded',
      summary: 'promise to pay 50000 cents by 2026-02-20',
      data: { cents: 50_000, promisedOn: '2026-02-20' },
    };
    const task = {
      on: '2026-02-12',
      type: 'task-opened',
      summary: 'call task opened in queue receivables',
      data: { taskId: 'call-1', attempt: 1, kind: 'call', queue: 'receivables' },
    };

    // Act
    const german = [payment, promise, task].map((entry) =>
      timelineText(entry, 'de').replaceAll('\u00a0', ' '),
    );

    // Assert
    expect(german).toEqual([
      'Zahlung p-7 über 1.234,56 € eingegangen',
      'Zahlungszusage über 500,00 € bis 20.02.2026',
      'Aufgabe „Anruf“ in Warteschlange receivables eröffnet',
    ]);
  });

  it('reads in English as it was recorded', () => {
    // Arrange
    const entry = {
      on: '2026-03-02',
      type: 'case-closed',
      summary: 'case closed: paid',
      data: { outcome: 'paid' },
    };

    // Act, Assert
    expect(timelineText(entry, 'en')).toBe('case closed: paid');
    expect(timelineText(entry, 'de')).toBe('Fall geschlossen: bezahlt');
  });

  it('keeps the recorded summary of a line whose facts do not fit, rather than inventing text', () => {
    // Arrange
    const older = { on: '2026-01-05', type: 'hold-released', summary: 'dunning resumed as open' };
    const unknown = {
      on: '2026-01-05',
      type: 'something-new',
      summary: 'a line of a later version',
      data: {},
    };

    // Act, Assert
    expect(timelineText(older, 'de')).toBe('dunning resumed as open');
    expect(timelineText(unknown, 'de')).toBe('a line of a later version');
  });
});
