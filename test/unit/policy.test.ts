import { describe, expect, it } from 'vitest';
import { baseRateTable, defaultPolicy, parseBaseRateTable } from '../../config/index.js';
import policyJson from '../../config/policy.json' with { type: 'json' };
import { isBaseRateTableStaleFor, toBasisPoints } from '../../functions/domain/base-rates.js';
import { ConfigError, parsePolicy } from '../../functions/domain/policy.js';

const withLevels = (levels: unknown[]) => ({ ...policyJson, levels });

describe('the dunning policy', () => {
  it('ships a default policy modelled on the brief: two reminders, a call, a final notice, a handover', () => {
    // Arrange, Act
    const kinds = defaultPolicy.levels.map((level) => level.kind);

    // Assert
    expect(kinds).toEqual(['reminder', 'reminder', 'call', 'final', 'handover']);
    expect(defaultPolicy.levels[0]?.offsetBusinessDays).toBe(3);
  });

  it('spreads reminders over 08:00-18:00 by default, in the shipped policy and in one that names no window', () => {
    // Arrange
    const { sendingWindow: _shipped, ...withoutWindow } = policyJson;

    // Act
    const policy = parsePolicy(withoutWindow);

    // Assert
    expect(defaultPolicy.sendingWindow).toEqual({ from: '08:00', to: '18:00' });
    expect(policy.sendingWindow).toEqual({ from: '08:00', to: '18:00' });
  });

  it('assumes a posted letter and an invoice received no earlier than the fourth business day after posting', () => {
    // Arrange, Act
    const { receipt } = defaultPolicy;

    // Assert: since 2025 the postal standard is 99 % of letters by the fourth working day after posting
    expect(receipt).toEqual({ invoiceBusinessDays: 4, emailBusinessDays: 1, letterBusinessDays: 4 });
  });

  it('tells an operator whose policy still counts invoice receipt in calendar days what to write instead', () => {
    // Arrange: the field as it was before receipt was counted in business days
    const { invoiceBusinessDays: _renamed, ...receipt } = policyJson.receipt;
    const input = { ...policyJson, receipt: { ...receipt, invoiceDays: 3 } };

    // Act
    const problems = (() => {
      try {
        parsePolicy(input);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [String(error)];
      }
    })();

    // Assert
    expect(problems).toEqual([
      'receipt.invoiceBusinessDays: Invalid input: expected number, received undefined',
      'receipt.invoiceDays: was renamed to receipt.invoiceBusinessDays and counts business days now (e.g. 4, the postal standard)',
    ]);
  });

  it('reports a malformed sending-window time once, on its own field, without comparing it', () => {
    // Arrange
    const input = { ...policyJson, sendingWindow: { from: '8:00', to: '18:00' } };

    // Act
    const problems = (() => {
      try {
        parsePolicy(input);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [String(error)];
      }
    })();

    // Assert
    expect(problems).toEqual(['sendingWindow.from: must be a time HH:MM']);
  });

  it('ships a policy in which only supervisors work the queues of handover approvals and disputes', () => {
    // Arrange
    const handover = defaultPolicy.levels.find((level) => level.kind === 'handover');
    if (handover?.kind !== 'handover') throw new Error('the shipped policy has no handover level');

    // Act
    const groups = [handover.approvalQueue, defaultPolicy.disputeQueue].map(
      (queue) => defaultPolicy.queueAccess[queue],
    );

    // Assert
    expect(groups).toEqual([['supervisors'], ['supervisors']]);
  });

  it('takes a name in German and English for a level, trimmed', () => {
    // Arrange
    const named = withLevels([
      { ...policyJson.levels[0], name: { de: ' Zahlungserinnerung ', en: 'Payment reminder' } },
      ...policyJson.levels.slice(1),
    ]);

    // Act
    const policy = parsePolicy(named);

    // Assert
    expect(policy.levels[0]?.name).toEqual({ de: 'Zahlungserinnerung', en: 'Payment reminder' });
    expect(policy.levels[1]?.name).toBeUndefined();
  });

  it.each([
    [
      'a level with an unknown channel',
      withLevels([{ ...policyJson.levels[0], channel: 'fax' }]),
      /levels\[0\]\.channel/,
    ],
    [
      'a negative offset',
      withLevels([{ ...policyJson.levels[0], offsetBusinessDays: -2 }]),
      /levels\[0\]\.offsetBusinessDays/,
    ],
    [
      'a fee on an email reminder',
      withLevels([{ ...policyJson.levels[0], feeCents: 250 }]),
      /levels\[0\]\.feeCents: an email reminder costs nothing/,
    ],
    [
      'duplicate level ids',
      withLevels([policyJson.levels[0], policyJson.levels[0]]),
      /levels\[1\]\.id: duplicate level id "reminder-1"/,
    ],
    [
      'a handover before the end',
      withLevels([policyJson.levels[0], policyJson.levels[4], policyJson.levels[3]]),
      /levels\[1\]\.kind: handover must be the last level/,
    ],
    [
      'a handover without a final notice',
      withLevels([policyJson.levels[0], policyJson.levels[4]]),
      /announcing the handover/,
    ],
    [
      'a call as first level',
      withLevels([policyJson.levels[2]]),
      /levels\[0\]\.kind: the first level must be a written reminder/,
    ],
    ['an unknown Bundesland', { ...policyJson, state: 'XX' }, /state: must be a German state code/],
    ['a wrong action time', { ...policyJson, actionTime: '9 Uhr' }, /actionTime: must be a time HH:MM/],
    [
      'a sending window that ends before it opens',
      { ...policyJson, sendingWindow: { from: '18:00', to: '08:00' } },
      /sendingWindow\.to: must be later than from \(18:00\)/,
    ],
    [
      'a sending window without length',
      { ...policyJson, sendingWindow: { from: '09:00', to: '09:00' } },
      /sendingWindow\.to: must be later than from \(09:00\)/,
    ],
    [
      'an IBAN with spaces',
      { ...policyJson, creditor: { ...policyJson.creditor, iban: 'DE89 3704' } },
      /creditor\.iban/,
    ],
    ['a missing segment tone', { ...policyJson, toneBySegment: { regular: 'neutral' } }, /toneBySegment/],
    [
      'a level name without its English',
      withLevels([{ ...policyJson.levels[0], name: { de: 'Erinnerung' } }, ...policyJson.levels.slice(1)]),
      /levels\[0\]\.name\.en/,
    ],
    [
      'an empty level name',
      withLevels([
        { ...policyJson.levels[0], name: { de: ' ', en: 'Reminder' } },
        ...policyJson.levels.slice(1),
      ]),
      /levels\[0\]\.name\.de: must not be empty/,
    ],
    [
      'a level name in a language the product does not speak',
      withLevels([
        { ...policyJson.levels[0], name: { de: 'Erinnerung', en: 'Reminder', fr: 'Rappel' } },
        ...policyJson.levels.slice(1),
      ]),
      /levels\[0\]\.name/,
    ],
    [
      'a level named like another level',
      withLevels([
        policyJson.levels[0],
        { ...policyJson.levels[1], name: { de: '1. Mahnung', en: 'Reminder again' } },
        ...policyJson.levels.slice(2),
      ]),
      /levels\[1\]\.name\.de: another level is already called "1\. Mahnung"/,
    ],
    [
      'disputes decided in a queue callers work',
      { ...policyJson, queueAccess: { ...policyJson.queueAccess, disputes: ['callers', 'supervisors'] } },
      /queueAccess\.disputes: queue "disputes" decides disputes, which waives or escalates the claim: only supervisors may work it/,
    ],
    [
      'handover approvals routed to the callers’ queue',
      withLevels([
        ...policyJson.levels.slice(0, 4),
        { ...policyJson.levels[4], approvalQueue: 'receivables' },
      ]),
      /queueAccess\.receivables: queue "receivables" decides handover approvals, which waives or escalates the claim/,
    ],
  ])('rejects %s with a message naming the field', (_name, input, expected) => {
    // Arrange, Act
    const parse = () => parsePolicy(input, 'test-policy.json');

    // Assert
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(expected);
    expect(parse).toThrow(/invalid configuration in test-policy\.json/);
  });
});

describe('the base-rate table', () => {
  it('reads percentages as exact basis points', () => {
    // Arrange, Act, Assert
    expect(toBasisPoints('1.27')).toBe(127);
    expect(toBasisPoints('3.62')).toBe(362);
    expect(toBasisPoints('-0.88')).toBe(-88);
  });

  it('reports itself stale for a day after the half-year of its last entry', () => {
    // Arrange: the shipped table ends with 2026-01-01, so it covers the first half of 2026
    const lastCovered = '2026-06-30';
    const firstUncovered = '2026-07-01';

    // Act, Assert
    expect(isBaseRateTableStaleFor(baseRateTable, lastCovered)).toBe(false);
    expect(isBaseRateTableStaleFor(baseRateTable, firstUncovered)).toBe(true);
  });

  it.each([
    [
      'a change date that is not 1 January or 1 July',
      { source: 'x', rates: [{ validFrom: '2026-03-01', percent: '1.27' }] },
      /rates\[0\]\.validFrom: the base rate changes only/,
    ],
    [
      'unsorted entries',
      {
        source: 'x',
        rates: [
          { validFrom: '2026-01-01', percent: '1.27' },
          { validFrom: '2025-07-01', percent: '1.27' },
        ],
      },
      /rates\[1\]\.validFrom: rates must be sorted/,
    ],
    [
      'a percentage with one decimal',
      { source: 'x', rates: [{ validFrom: '2026-01-01', percent: '1.3' }] },
      /rates\[0\]\.percent/,
    ],
    ['no entries', { source: 'x', rates: [] }, /rates: needs at least one rate/],
  ])('rejects %s with a message naming the field', (_name, input, expected) => {
    // Arrange, Act, Assert
    expect(() => parseBaseRateTable(input)).toThrow(expected);
  });
});
