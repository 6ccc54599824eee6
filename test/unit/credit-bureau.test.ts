import { describe, expect, it } from 'vitest';
import {
  type CreditBureauGateInput,
  type CreditBureauRule,
  creditBureauGate,
  creditBureauGateResultSchema,
} from '../../functions/domain/credit-bureau.js';

/** Due 2026-12-18; reminders on 23 Dec (with the notice) and 31 Dec; report 29 Jan 2027, 37 days later. */
const lawful: CreditBureauGateInput = {
  reportingEnabled: true,
  dueDate: '2026-12-18',
  writtenReminders: [
    { sentOn: '2026-12-23', creditBureauNotice: true },
    { sentOn: '2026-12-31', creditBureauNotice: false },
  ],
  reportOn: '2027-01-29',
  disputed: false,
  disputeEverRaised: false,
};

const failedRules = (input: CreditBureauGateInput) =>
  creditBureauGate(input)
    .checks.filter((check) => !check.passed)
    .map((check) => check.rule);

const checkOf = (input: CreditBureauGateInput, rule: CreditBureauRule) =>
  creditBureauGate(input).checks.find((check) => check.rule === rule);

describe('creditBureauGate', () => {
  it('allows the report when every condition of § 31 (2) Nr. 4 BDSG holds and reports each check', () => {
    // Act
    const gate = creditBureauGate(lawful);

    // Assert
    expect(gate.allowed).toBe(true);
    expect(gate.checks.map((check) => [check.rule, check.passed])).toEqual([
      ['enabled', true],
      ['two-reminders', true],
      ['four-weeks', true],
      ['pre-notice', true],
      ['undisputed', true],
    ]);
    expect(creditBureauGateResultSchema.parse(gate)).toEqual(gate);
  });

  it('refuses when the policy has reporting switched off', () => {
    // Act
    const gate = creditBureauGate({ ...lawful, reportingEnabled: false });

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules({ ...lawful, reportingEnabled: false })).toEqual(['enabled']);
  });

  it('refuses with only one written reminder after the due date, a reminder before it does not count', () => {
    // Arrange
    const input = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-18', creditBureauNotice: false },
        { sentOn: '2026-12-23', creditBureauNotice: true },
      ],
    };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['two-reminders']);
    expect(checkOf(input, 'two-reminders')?.detail).toContain('1 written reminder');
  });

  it('refuses when the second reminder goes out only on the day of the report', () => {
    // Arrange
    const input = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-23', creditBureauNotice: true },
        { sentOn: '2027-01-29', creditBureauNotice: false },
      ],
    };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['two-reminders']);
  });

  it('refuses when fewer than four weeks lie between the first reminder and the report', () => {
    // Arrange: 27 days from 23 Dec 2026 to 19 Jan 2027
    const input = { ...lawful, reportOn: '2027-01-19' };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['four-weeks']);
    expect(checkOf(input, 'four-weeks')?.detail).toContain('27 days');
    expect(failedRules({ ...lawful, reportOn: '2027-01-20' })).toEqual([]);
  });

  it('refuses when no reminder told the debtor about the possible report', () => {
    // Arrange
    const input = {
      ...lawful,
      writtenReminders: lawful.writtenReminders.map((reminder) => ({
        ...reminder,
        creditBureauNotice: false,
      })),
    };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['pre-notice']);
  });

  it('does not count a notice given before the due date, only in a reminder at the earliest', () => {
    // Arrange
    const input = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-10', creditBureauNotice: true },
        { sentOn: '2026-12-23', creditBureauNotice: false },
        { sentOn: '2026-12-31', creditBureauNotice: false },
      ],
    };

    // Act
    const failed = failedRules(input);

    // Assert
    expect(failed).toEqual(['pre-notice']);
  });

  it('accepts the notice in a later reminder that still precedes the report', () => {
    // Arrange
    const input = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-23', creditBureauNotice: false },
        { sentOn: '2026-12-31', creditBureauNotice: true },
      ],
    };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(true);
    expect(checkOf(input, 'pre-notice')?.detail).toContain('2026-12-31');
  });

  it('refuses while the claim is disputed', () => {
    // Arrange
    const input = { ...lawful, disputed: true, disputeEverRaised: true };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['undisputed']);
  });

  it('refuses when the debtor disputed the claim earlier, even after the dispute was rejected', () => {
    // Arrange
    const input = { ...lawful, disputed: false, disputeEverRaised: true };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['undisputed']);
    expect(checkOf(input, 'undisputed')?.detail).toContain('earlier');
  });

  it('reports every failing rule at once when nothing was done', () => {
    // Arrange
    const input = { ...lawful, reportingEnabled: false, writtenReminders: [], disputed: true };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(gate.checks.every((check) => !check.passed)).toBe(true);
    expect(gate.checks).toHaveLength(5);
  });
});
