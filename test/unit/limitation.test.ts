import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../functions/domain/calendar.js';
import { limitationDate, limitationWarning } from '../../functions/domain/limitation.js';

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
