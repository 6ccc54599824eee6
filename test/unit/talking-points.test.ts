import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { type TalkingPointFacts, talkingPoints } from '../../functions/api/talking-points.js';
import type { CaseEvent, DunningCase } from '../../functions/domain/case.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAfter } from './fixtures.js';

const [keyAccount] = demoInvoices('2026-03-31');

function dunned(events: CaseEvent[]): DunningCase {
  if (!keyAccount) throw new Error('demo data missing');
  return caseAfter({ ...keyAccount, issueDate: '2026-01-15', dueDate: '2026-02-02' }, events);
}

function facts(
  dunningCase: DunningCase,
  previousCalls: TalkingPointFacts['previousCalls'] = [],
): TalkingPointFacts {
  return {
    dunningCase,
    amounts: { totalOpen: 4_931_512, principalOpen: 4_870_000, interestToDate: 57_512, costsOpen: 4_000 },
    previousCalls,
    largeAmountCents: defaultPolicy.largeAmountCents,
    levels: defaultPolicy.levels,
  };
}

/** Intl puts a no-break space between amount and euro sign; the assertions are easier to read without it. */
const said = (points: string[]) => points.map((point) => point.replaceAll('\u00a0', ' '));

const remindedAndPromised = dunned([
  { type: 'reminder-sent', levelIndex: 0, on: '2026-02-05', channel: 'email' },
  { type: 'promise-recorded', promisedOn: '2026-02-20', cents: 1_000_000, on: '2026-02-16' },
]);

describe('talking points', () => {
  it('speak German by default: dates, money, the last reminder, the last call with its reason and the promises', () => {
    // Arrange
    const lastCall = {
      on: '2026-02-16',
      outcome: {
        type: 'promise',
        promisedOn: '2026-02-20',
        cents: 1_000_000,
        reason: 'liquidity',
        dissatisfied: false,
      },
    } as const;

    // Act
    const points = said(talkingPoints(facts(remindedAndPromised, [lastCall]), 'de'));

    // Assert
    expect(points[0]).toBe(
      'Rechnung RE-2026-1001 zum Auftrag PO-77812 vom 15.01.2026, fällig am 02.02.2026: 48.700,00 €.',
    );
    expect(points).toContain(
      'Heute offen: 49.315,12 € (Hauptforderung 48.700,00 €, Zinsen 575,12 €, Kosten 40,00 €).',
    );
    expect(points).toContain('Letzte Mahnung: 1. Mahnung am 05.02.2026 per E-Mail.');
    expect(points).toContain('Letzter Anruf am 16.02.2026: Zahlungszusage (Grund: Liquiditätsengpass).');
    expect(points).toContain('Zahlungszusage über 10.000,00 € zum 20.02.2026: offen.');
    expect(points).toContain('Hoher Betrag: Jonas Weber (Vertrieb) einbeziehen.');
    expect(points.join(' ')).not.toMatch(/Invoice|Open today|Promise/);
  });

  it('speak English when asked, with the same facts', () => {
    // Arrange
    const lastCall = { on: '2026-02-16', outcome: { type: 'not-reached' } } as const;

    // Act
    const points = talkingPoints(facts(remindedAndPromised, [lastCall]), 'en');

    // Assert
    expect(points[0]).toBe(
      'Invoice RE-2026-1001 for order PO-77812 of 15 January 2026, due 2 February 2026: €48,700.00.',
    );
    expect(points).toContain('Last reminder: First reminder on 5 February 2026 by email.');
    expect(points).toContain('Last call on 16 February 2026: not reached.');
    expect(points).toContain('Promise of €10,000.00 for 20 February 2026: pending.');
  });

  it('name only the newest of several calls and say nothing of calls when there were none', () => {
    // Arrange
    const calls = [
      { on: '2026-02-10', outcome: { type: 'not-reached' } },
      {
        on: '2026-02-11',
        outcome: { type: 'callback', callbackAt: '2026-02-12T09:00:00Z', dissatisfied: false },
      },
    ] as const;

    // Act
    const withCalls = talkingPoints(facts(remindedAndPromised, calls), 'de');
    const withoutCalls = talkingPoints(facts(dunned([])), 'de');

    // Assert
    expect(withCalls.filter((point) => point.startsWith('Letzter Anruf'))).toEqual([
      'Letzter Anruf am 11.02.2026: Rückruf vereinbart.',
    ]);
    expect(
      withoutCalls.some((point) => point.startsWith('Letzter Anruf') || point.startsWith('Letzte Mahnung')),
    ).toBe(false);
  });
});
