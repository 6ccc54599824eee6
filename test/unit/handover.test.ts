import { describe, expect, it } from 'vitest';
import { applyEvent, type CaseEvent, type DunningCase } from '../../functions/domain/case.js';
import {
  creditBureauGateFor,
  handoverBlockedBecause,
  inkassoCaseFileFor,
} from '../../functions/domain/handover.js';
import { statementOn } from '../../functions/domain/statement.js';
import { timelineText } from '../../functions/domain/timeline-text.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAfter, defaultContext as context } from './fixtures.js';

const [keyAccount] = demoInvoices('2026-04-15');

function dunned(extra: CaseEvent[] = []): DunningCase {
  if (!keyAccount) throw new Error('demo data missing');
  const events: CaseEvent[] = [
    { type: 'reminder-sent', levelIndex: 0, on: '2026-03-19', channel: 'email' },
    { type: 'reminder-sent', levelIndex: 1, on: '2026-03-26', channel: 'email' },
    { type: 'level-completed', levelIndex: 2, on: '2026-04-02' },
    {
      type: 'payment-received',
      paymentId: 'p-1',
      cents: 1_000_000,
      on: '2026-04-03',
      allocation: 'statutory',
    },
    { type: 'reminder-sent', levelIndex: 3, on: '2026-04-09', channel: 'letter' },
    ...extra,
  ];
  return caseAfter(keyAccount, events);
}

describe('the handover to an Inkasso agency', () => {
  it('allows the credit-bureau report four weeks after the first reminder, with every check recorded', () => {
    // Arrange
    const dunningCase = dunned();

    // Act: the email of Thu 19 Mar is received Fri 20 Mar; the four weeks end with Fri 17 Apr (§§ 187 (1),
    // 188 (2) BGB), so the report may go out from Sat 18 Apr, on a business day from Mon 20 Apr
    const tooEarly = creditBureauGateFor(dunningCase, '2026-04-17', context);
    const inTime = creditBureauGateFor(dunningCase, '2026-04-20', context);

    // Assert
    expect(tooEarly.allowed).toBe(false);
    expect(tooEarly.checks.find((check) => check.rule === 'four-weeks')?.passed).toBe(false);
    expect(inTime.allowed).toBe(true);
    expect(inTime.checks.map((check) => check.rule)).toEqual([
      'enabled',
      'two-reminders',
      'four-weeks',
      'pre-notice',
      'undisputed',
    ]);
  });

  it('is blocked while the claim is disputed', () => {
    // Arrange
    const disputed = dunned([{ type: 'dispute-raised', reason: 'machine defective', on: '2026-04-10' }]);

    // Act
    const blocked = handoverBlockedBecause(disputed, '2026-04-10');

    // Assert
    expect(blocked).toEqual({
      code: 'disputed',
      status: 'disputed',
      text: 'the claim is disputed and awaits a resolution',
    });
    expect(creditBureauGateFor(disputed, '2026-04-30', context).allowed).toBe(false);
  });

  it('builds the § 13a RDG case file with the itemised account, the contact history and the payments', () => {
    // Arrange
    const dunningCase = dunned();

    // Act
    const file = inkassoCaseFileFor(
      dunningCase,
      [{ on: '2026-04-02', outcome: 'not-reached' }],
      '2026-04-24',
      '2026-04-24T09:00:00+02:00',
      context,
    );

    // Assert
    expect(handoverBlockedBecause(dunningCase, '2026-04-24')).toBeUndefined();
    expect(file.account.principal).toMatchObject({ originalCents: 4_870_000 });
    expect(file.account.interest.lines.at(-1)?.through).toBe('2026-04-24');
    expect(file.account.costs.lumpSumCents).toBe(4000);
    expect(file.contactHistory.reminders.map((reminder) => reminder.levelId)).toEqual([
      'reminder-1',
      'reminder-2',
      'final',
    ]);
    expect(file.contactHistory.calls).toEqual([{ on: '2026-04-02', outcome: 'not-reached' }]);
    expect(file.payments).toEqual([{ paymentId: 'p-1', receivedOn: '2026-04-03', cents: 1_000_000 }]);
    expect(file.defaultStart.legalReference).toBe('§ 286 Abs. 2 Nr. 1 BGB');
    expect(file.limitationDate).toBe('2029-12-31');
  });

  it('is blocked once the claim is time-barred, and charges no lump sum on it (§§ 195, 199, 214 BGB)', () => {
    // Arrange: payable by Monday 16 January 2023 by the calendar, so due in 2023: the period ends with
    // 31 December 2026. The first reminder goes out in January 2027.
    if (!keyAccount) throw new Error('demo data missing');
    const old = caseAfter({ ...keyAccount, issueDate: '2022-12-16', dueDate: '2023-01-16' }, [
      { type: 'email-bounced', on: '2026-12-31' },
    ]);

    // Act
    const lastDay = handoverBlockedBecause(old, '2026-12-31');
    const blocked = handoverBlockedBecause(old, '2027-01-04');
    const reminded = applyEvent(
      old,
      { type: 'reminder-sent', levelIndex: 0, on: '2027-01-04', channel: 'letter' },
      context,
    ).case;

    // Assert
    expect(lastDay).toBeUndefined();
    expect(blocked).toEqual({
      code: 'time-barred',
      status: 'open',
      text: 'the claim is time-barred: its limitation period ended on 2026-12-31 (§§ 195, 199 BGB)',
      limitationDate: '2026-12-31',
    });
    const line = {
      on: '2027-01-04',
      type: 'handover-blocked',
      summary: `handover blocked: ${blocked?.text}`,
      data: { block: 'time-barred', status: 'open', limitationDate: '2026-12-31' },
    };
    expect(timelineText(line, 'de', context.policy)).toBe(
      'Übergabe gesperrt: die Forderung ist verjährt: die Verjährungsfrist endete am 31.12.2026 (§§ 195, 199 BGB)',
    );
    expect(old.flags.limitationNear).toBe(true);
    expect(reminded.charges.filter((charge) => charge.kind === 'lump-sum')).toEqual([]);
    expect(statementOn(reminded, '2027-01-04', context).costLines).toEqual([]);
  });
});
