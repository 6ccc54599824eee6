import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
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
      timelineText(entry, 'de', defaultPolicy).replaceAll('\u00a0', ' '),
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
    expect(timelineText(entry, 'en', defaultPolicy)).toBe('case closed: paid');
    expect(timelineText(entry, 'de', defaultPolicy)).toBe('Fall geschlossen: bezahlt');
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
    expect(timelineText(older, 'de', defaultPolicy)).toBe('dunning resumed as open');
    expect(timelineText(unknown, 'de', defaultPolicy)).toBe('a line of a later version');
  });

  describe('names levels and statuses for people, never by their internal codes', () => {
    it.each<{ type: string; summary: string; data: Record<string, string>; german: string; english: string }>(
      [
        {
          type: 'reminder-sent',
          summary: 'reminder-2 emailed',
          data: { levelId: 'reminder-2', messageId: 'm-1' },
          german: '2. Mahnung per E-Mail verschickt',
          english: 'Second reminder emailed',
        },
        {
          type: 'reminder-sent',
          summary: 'final sent by letter',
          data: { levelId: 'final', channel: 'letter' },
          german: 'Mahnstufe „Letzte Mahnung“ erreicht (Versand per Brief)',
          english: 'Final notice sent by letter',
        },
        {
          type: 'reminder-withheld',
          summary: 'reminder-1 not sent: the case is on-hold',
          data: { levelId: 'reminder-1', status: 'on-hold' },
          german: '1. Mahnung nicht verschickt: der Fall ist angehalten',
          english: 'First reminder not sent: the case is on hold',
        },
        {
          type: 'reminder-crossed',
          summary: 'reminder-2 emailed as the case became paid; no fee charged',
          data: { levelId: 'reminder-2', status: 'paid' },
          german: '2. Mahnung per E-Mail verschickt, während der Fall bezahlt wurde; keine Gebühr berechnet',
          english: 'Second reminder emailed as the case became paid; no fee charged',
        },
        {
          type: 'level-completed',
          summary: 'call completed',
          data: { levelId: 'call' },
          german: 'Stufe „Mahnanruf“ abgeschlossen',
          english: 'Collection call completed',
        },
        {
          type: 'hold-released',
          summary: 'dunning resumed as promise',
          data: { resumeAs: 'promise', owner: 'supervisor' },
          german: 'Mahnlauf fortgesetzt, der Fall ist mit Zahlungszusage',
          english: 'dunning resumed, the case is under a promise to pay',
        },
        {
          type: 'hold-released',
          summary: 'erp hold released; still held by the supervisor',
          data: { resumeAs: 'on-hold', owner: 'erp', stillHeldBy: 'supervisor' },
          german: 'Sperre (Mahnsperre im ERP) aufgehoben; der Fall bleibt angehalten (Teamleitung)',
          english: 'erp hold released; the case stays held by the supervisor',
        },
        {
          type: 'case-closed',
          summary: 'case closed: handed-over',
          data: { outcome: 'handed-over' },
          german: 'Fall geschlossen: an Inkasso übergeben',
          english: 'case closed: handed over to Inkasso',
        },
        {
          type: 'handover-blocked',
          summary: 'handover blocked: the case is on-hold',
          data: { block: 'not-open', status: 'on-hold' },
          german: 'Übergabe gesperrt: der Fall ist angehalten',
          english: 'handover blocked: the case is on hold',
        },
        {
          type: 'workflow-ended',
          summary: 'automatic dunning ended; case stays written-off',
          data: { status: 'written-off' },
          german: 'Automatischer Mahnlauf beendet; der Fall bleibt abgeschrieben',
          english: 'automatic dunning ended; the case stays written off',
        },
      ],
    )('reads a $type line with names in German and English (%#)', ({ german, english, ...entry }) => {
      // Arrange
      const line = { on: '2026-03-02', ...entry };

      // Act
      const texts = [timelineText(line, 'de', defaultPolicy), timelineText(line, 'en', defaultPolicy)];

      // Assert
      expect(texts).toEqual([german, english]);
    });

    it('reads a restart line with its cause in German, and the supervisor reason as given', () => {
      // Arrange
      const line = (cause: string, reason: string | null) => ({
        on: '2026-03-02',
        type: 'workflow-restarted',
        summary: `dunning restarted (restart 2): ${cause}`,
        data: { restarts: 2, cause, reason },
      });

      // Act
      const automatic = timelineText(line('execution-failed', null), 'de', defaultPolicy);
      const bySupervisor = timelineText(line('supervisor', 'Daten korrigiert'), 'de', defaultPolicy);

      // Assert
      expect(automatic).toBe('Mahnlauf neu gestartet (2. Neustart), der Ablauf war fehlgeschlagen');
      expect(bySupervisor).toBe(
        'Mahnlauf neu gestartet (2. Neustart), durch die Teamleitung: Daten korrigiert',
      );
    });
  });

  it('uses the names an operator gave the levels in the policy', () => {
    // Arrange
    const levels = defaultPolicy.levels.map((level) =>
      level.id === 'call' ? { ...level, name: { de: 'Telefonat', en: 'Phone call' } } : level,
    );
    const entry = {
      on: '2026-03-02',
      type: 'level-completed',
      summary: 'call completed',
      data: { levelId: 'call' },
    };

    // Act
    const texts = [timelineText(entry, 'de', { levels }), timelineText(entry, 'en', { levels })];

    // Assert
    expect(texts).toEqual(['Stufe „Telefonat“ abgeschlossen', 'Phone call completed']);
  });

  it('keeps the id of a level the policy no longer has', () => {
    // Arrange
    const entry = {
      on: '2026-03-02',
      type: 'reminder-sent',
      summary: 'reminder-9 emailed',
      data: { levelId: 'reminder-9', messageId: 'm-9' },
    };

    // Act, Assert
    expect(timelineText(entry, 'en', defaultPolicy)).toBe('reminder-9 emailed');
  });

  it('says in German which field of the customer keeps a letter from the post, and why', () => {
    // Arrange
    const line = (data: Record<string, string>) => ({
      on: '2027-01-04',
      type: 'letter-not-rendered',
      summary: 'final letter not posted',
      data: { levelId: 'final', queue: 'receivables', taskId: 't-1', ...data },
    });

    // Act
    const german = [
      line({ reason: 'no-postal-address' }),
      line({ reason: 'address-too-long', field: 'postalAddress' }),
      line({ reason: 'unprintable-characters', field: 'postalAddress.nameLines.1', characters: '株 式' }),
      line({ reason: 'unprintable-characters', field: 'contactName', characters: '田' }),
      line({}),
    ].map((entry) => timelineText(entry, 'de', defaultPolicy));

    // Assert
    expect(german).toEqual([
      'Brief „Letzte Mahnung“ nicht verschickt: keine Postanschrift des Kunden; Korrektur der Stammdaten in Warteschlange receivables beauftragt',
      'Brief „Letzte Mahnung“ nicht verschickt: eine Zeile der Postanschrift passt auch in 8 pt nicht ins Anschriftfeld; Korrektur der Stammdaten in Warteschlange receivables beauftragt',
      'Brief „Letzte Mahnung“ nicht verschickt: Namenszeile 2 der Postanschrift enthält Zeichen, die der Brief nicht drucken kann (株 式); Korrektur der Stammdaten in Warteschlange receivables beauftragt',
      'Brief „Letzte Mahnung“ nicht verschickt: Der Ansprechpartner enthält Zeichen, die der Brief nicht drucken kann (田); Korrektur der Stammdaten in Warteschlange receivables beauftragt',
      'Brief „Letzte Mahnung“ nicht verschickt: keine Postanschrift des Kunden; Korrektur der Stammdaten in Warteschlange receivables beauftragt',
    ]);
  });

  it('says in German that a letter was withdrawn and its fee cancelled', () => {
    // Arrange
    const withdrawn = (feeCents: number) => ({
      on: '2027-01-04',
      type: 'letter-withdrawn',
      summary: 'final letter withdrawn',
      data: { levelId: 'final', feeCents },
    });

    // Act
    const german = [withdrawn(150), withdrawn(0)].map((entry) =>
      timelineText(entry, 'de', defaultPolicy).replaceAll('\u00a0', ' '),
    );

    // Assert
    expect(german).toEqual([
      'Brief „Letzte Mahnung“ zurückgezogen: er kann nicht verschickt werden; Mahngebühr von 1,50 € storniert',
      'Brief „Letzte Mahnung“ zurückgezogen: er kann nicht verschickt werden',
    ]);
  });
});
