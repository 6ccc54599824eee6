import { describe, expect, it } from 'vitest';
import type { Bundesland, IsoDate } from '../../functions/domain/calendar.js';
import {
  type CreditBureauGateInput,
  type CreditBureauRule,
  creditBureauGateResultSchema,
  creditBureauGate as gateUnderPolicy,
  type WrittenReminder,
} from '../../functions/domain/credit-bureau.js';
import type { ReminderChannel } from '../../functions/domain/default-date.js';
import { receiptPolicy as policy } from './default-date-fixtures.js';

const creditBureauGate = (input: CreditBureauGateInput) => gateUnderPolicy(input, policy);

/**
 * Due Fri 2026-12-18; email reminders on Wed 23 Dec (with the notice) and Thu 31 Dec; report Fri 29 Jan 2027. The
 * first is received Thu 24 Dec, the four weeks end Thu 21 Jan, so a report is allowed from Fri 22 Jan.
 */
const lawful: CreditBureauGateInput = {
  reportingEnabled: true,
  dueDate: '2026-12-18',
  customer: { state: 'NW' },
  writtenReminders: [
    { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: true },
    { sentOn: '2026-12-31', channel: 'email', creditBureauNotice: false },
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
    const input: CreditBureauGateInput = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-18', channel: 'email', creditBureauNotice: false },
        { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: true },
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
    const input: CreditBureauGateInput = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: true },
        { sentOn: '2027-01-29', channel: 'email', creditBureauNotice: false },
      ],
    };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['two-reminders']);
  });

  it.each([
    // Email Wed 23 Dec 2026 is received Thu 24 Dec (a working day by law); §§ 187 (1), 188 (2) BGB: the four weeks
    // end with Thu 21 Jan 2027, so the report is allowed from Fri 22 Jan.
    {
      why: 'last day of the period',
      state: 'NW',
      sentOn: '2026-12-23',
      channel: 'email',
      reportOn: '2027-01-21',
      passed: false,
    },
    {
      why: 'day after the period',
      state: 'NW',
      sentOn: '2026-12-23',
      channel: 'email',
      reportOn: '2027-01-22',
      passed: true,
    },
    {
      why: '28 days after sending',
      state: 'NW',
      sentOn: '2026-12-23',
      channel: 'email',
      reportOn: '2027-01-20',
      passed: false,
    },
    // Letter Wed 23 Dec 2026: Thu 24 (1), 25/26 Dec and the weekend, Mon 28 (2), Tue 29 (3), Wed 30 Dec (4);
    // the four weeks end with Wed 27 Jan 2027, the report is allowed from Thu 28 Jan.
    {
      why: 'last day of the period',
      state: 'NW',
      sentOn: '2026-12-23',
      channel: 'letter',
      reportOn: '2027-01-27',
      passed: false,
    },
    {
      why: 'day after the period',
      state: 'NW',
      sentOn: '2026-12-23',
      channel: 'letter',
      reportOn: '2027-01-28',
      passed: true,
    },
    // Letter Wed 13 Aug 2025 to Bayern: Thu 14 (1), Fri 15 Mariä Himmelfahrt in part of Bayern, the weekend,
    // Mon 18 (2), Tue 19 (3), Wed 20 Aug (4); the four weeks end with Wed 17 Sep, the report from Thu 18 Sep.
    {
      why: 'last day of the period',
      state: 'BY',
      sentOn: '2025-08-13',
      channel: 'letter',
      reportOn: '2025-09-17',
      passed: false,
    },
    {
      why: 'day after the period',
      state: 'BY',
      sentOn: '2025-08-13',
      channel: 'letter',
      reportOn: '2025-09-18',
      passed: true,
    },
    // The same letter to NW: Thu 14, Fri 15, Mon 18, Tue 19 Aug; the four weeks end with Tue 16 Sep.
    {
      why: 'day after the period',
      state: 'NW',
      sentOn: '2025-08-13',
      channel: 'letter',
      reportOn: '2025-09-17',
      passed: true,
    },
  ] satisfies {
    why: string;
    state: Bundesland;
    sentOn: IsoDate;
    channel: ReminderChannel;
    reportOn: IsoDate;
    passed: boolean;
  }[])(
    'counts four weeks from the receipt of a $channel sent $sentOn to $state: a report on $reportOn ($why) passes: $passed',
    ({ state, sentOn, channel, reportOn, passed }) => {
      // Arrange: due well before; only the first reminder counts for the four weeks
      const input: CreditBureauGateInput = {
        ...lawful,
        dueDate: '2025-08-01',
        customer: { state },
        writtenReminders: [
          { sentOn, channel, creditBureauNotice: true, postedOn: channel === 'letter' ? sentOn : undefined },
        ],
        reportOn,
      };

      // Act
      const check = checkOf(input, 'four-weeks');

      // Assert
      expect(check?.passed).toBe(passed);
    },
  );

  it('refuses when the four weeks from the receipt of the first reminder have not passed, and says why', () => {
    // Arrange: email Wed 23 Dec 2026 received Thu 24 Dec; the four weeks end Thu 21 Jan 2027
    const input = { ...lawful, reportOn: '2027-01-21' };

    // Act
    const gate = creditBureauGate(input);

    // Assert
    expect(gate.allowed).toBe(false);
    expect(failedRules(input)).toEqual(['four-weeks']);
    expect(checkOf(input, 'four-weeks')?.detail).toBe(
      'first reminder sent 2026-12-23 by email, received 2026-12-24; four weeks end 2027-01-21, a report is allowed from 2027-01-22, this one is on 2027-01-21 (§ 31 (2) Nr. 4 b BDSG, §§ 187 (1), 188 (2) BGB)',
    );
    expect(failedRules({ ...lawful, reportOn: '2027-01-22' })).toEqual([]);
  });

  it('refuses when no reminder told the debtor about the possible report', () => {
    // Arrange
    const input: CreditBureauGateInput = {
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
    const input: CreditBureauGateInput = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-10', channel: 'email', creditBureauNotice: true },
        { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: false },
        { sentOn: '2026-12-31', channel: 'email', creditBureauNotice: false },
      ],
    };

    // Act
    const failed = failedRules(input);

    // Assert
    expect(failed).toEqual(['pre-notice']);
  });

  it('accepts the notice in a later reminder that still precedes the report', () => {
    // Arrange
    const input: CreditBureauGateInput = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: false },
        { sentOn: '2026-12-31', channel: 'email', creditBureauNotice: true },
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

  it('does not count a letter that was not posted as a written reminder, and says so', () => {
    // Arrange: the second reminder is a letter still waiting for the print service
    const input: CreditBureauGateInput = {
      ...lawful,
      writtenReminders: [
        { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: true },
        { sentOn: '2026-12-31', channel: 'letter', creditBureauNotice: false },
      ],
    };

    // Act
    const check = checkOf(input, 'two-reminders');

    // Assert
    expect(check?.passed).toBe(false);
    expect(check?.detail).toContain('1 written reminder(s)');
    expect(check?.detail).toContain('1 letter(s) not posted yet do not count');
  });

  it('counts the four weeks from the receipt of the posted first letter', () => {
    // Arrange: letter written Wed 23 Dec 2026, posted Mon 4 Jan 2027: Tue 5, Wed 6 (Epiphany is no holiday in NW),
    // Thu 7, Fri 8 Jan received; the four weeks end Fri 5 Feb, a report is allowed from Sat 6 Feb.
    const letter: WrittenReminder = {
      sentOn: '2026-12-23',
      channel: 'letter',
      creditBureauNotice: true,
      postedOn: '2027-01-04',
    };
    const input = (reportOn: IsoDate): CreditBureauGateInput => ({
      ...lawful,
      writtenReminders: [letter, { sentOn: '2026-12-31', channel: 'email', creditBureauNotice: false }],
      reportOn,
    });

    // Act
    const lastDay = checkOf(input('2027-02-05'), 'four-weeks');
    const dayAfter = checkOf(input('2027-02-06'), 'four-weeks');

    // Assert
    expect(lastDay?.passed).toBe(false);
    expect(lastDay?.detail).toContain('posted 2027-01-04, received 2027-01-08');
    expect(dayAfter?.passed).toBe(true);
  });
});
