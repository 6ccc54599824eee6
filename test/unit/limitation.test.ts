import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../functions/domain/calendar.js';
import {
  claimArisesOn,
  isTimeBarred,
  limitationDate,
  limitationDateOf,
  limitationWarning,
} from '../../functions/domain/limitation.js';

describe('limitationDate', () => {
  it.each([
    { claimArisesOn: '2023-01-01', expected: '2026-12-31' },
    { claimArisesOn: '2023-12-31', expected: '2026-12-31' },
    { claimArisesOn: '2024-02-29', expected: '2027-12-31' },
  ] satisfies { claimArisesOn: IsoDate; expected: IsoDate }[])(
    'lets a claim arising on $claimArisesOn become time-barred after $expected',
    ({ claimArisesOn, expected }) => {
      // Arrange, Act
      const date = limitationDate(claimArisesOn);

      // Assert
      expect(date).toBe(expected);
    },
  );
});

describe('limitationDateOf an invoice (§§ 195, 199 (1) BGB)', () => {
  it.each([
    {
      why: 'a claim due in the year it was invoiced runs from the end of that year',
      invoice: { issueDate: '2026-03-01', dueDate: '2026-03-31' },
      arises: '2026-03-31',
      // end of 2026 + 3 years
      expected: '2029-12-31',
    },
    {
      why: 'a claim invoiced in December and due in January arises in January, not with the invoice',
      invoice: { issueDate: '2026-12-10', dueDate: '2027-01-09' },
      arises: '2027-01-09',
      // end of 2027 + 3 years (counted from the invoice date it would have been 2029-12-31)
      expected: '2030-12-31',
    },
    {
      why: 'a delivery in December invoiced in January counts conservatively from the year of the delivery',
      invoice: { issueDate: '2026-01-05', dueDate: '2026-02-04', performanceDate: '2025-12-20' },
      arises: '2025-12-20',
      // end of 2025 + 3 years
      expected: '2028-12-31',
    },
    {
      why: 'a performance date earlier than the invoice but in the same year changes nothing',
      invoice: { issueDate: '2026-01-15', dueDate: '2026-02-14', performanceDate: '2026-01-10' },
      arises: '2026-01-10',
      expected: '2029-12-31',
    },
    {
      why: 'a performance after the invoice date does not make the claim arise before it is due',
      invoice: { issueDate: '2025-12-30', dueDate: '2026-01-29', performanceDate: '2026-01-02' },
      arises: '2026-01-29',
      expected: '2029-12-31',
    },
  ] satisfies {
    why: string;
    invoice: { issueDate: IsoDate; dueDate: IsoDate; performanceDate?: IsoDate };
    arises: IsoDate;
    expected: IsoDate;
  }[])('$why', ({ invoice, arises, expected }) => {
    // Arrange, Act
    const date = limitationDateOf(invoice);

    // Assert
    expect(claimArisesOn(invoice)).toBe(arises);
    expect(date).toBe(expected);
  });

  it.each([
    { on: '2029-12-31', barred: false },
    { on: '2030-01-01', barred: true },
  ] satisfies { on: IsoDate; barred: boolean }[])(
    'is time-barred on $on: $barred (§ 214 BGB)',
    ({ on, barred }) => {
      // Arrange: due 31 March 2026, so the period ends with 31 December 2029
      const invoice = { issueDate: '2026-03-01', dueDate: '2026-03-31' };

      // Act, Assert
      expect(isTimeBarred(invoice, on)).toBe(barred);
    },
  );
});

describe('limitationWarning', () => {
  it.each([
    // 2 Oct -> 31 Dec: 29 + 30 + 31 = 90 days, exactly the warning window
    { today: '2026-10-02', daysLeft: 90, near: true },
    { today: '2026-10-01', daysLeft: 91, near: false },
    { today: '2026-12-31', daysLeft: 0, near: true },
    { today: '2027-01-01', daysLeft: -1, near: true },
    { today: '2025-06-30', daysLeft: 549, near: false },
  ] satisfies { today: IsoDate; daysLeft: number; near: boolean }[])(
    'reports $daysLeft days left on $today (near: $near)',
    ({ today, daysLeft, near }) => {
      // Arrange
      const claimArisesOn = '2023-05-15';

      // Act
      const warning = limitationWarning(claimArisesOn, today, 90);

      // Assert
      expect(warning).toEqual({ date: '2026-12-31', daysLeft, near });
    },
  );

  it.each([-1, 1.5])('rejects %s warning days', (warningDays) => {
    // Arrange
    const claimArisesOn = '2023-05-15';

    // Act
    const warn = () => limitationWarning(claimArisesOn, '2026-01-01', warningDays);

    // Assert
    expect(warn).toThrow(RangeError);
  });
});
