import { describe, expect, it } from 'vitest';
import { TERMINAL_STATUSES } from '../../functions/domain/case.js';
import {
  ALL_CASE_STATUSES,
  caseStatusName,
  OPEN_CASE_STATUSES,
  REPORT_STATUSES,
} from '../../functions/domain/case-statuses.js';

describe('case statuses', () => {
  it('call every status open that is not closed for good', () => {
    // Arrange, Act, Assert
    expect(OPEN_CASE_STATUSES).toEqual(['open', 'promise', 'installments', 'disputed', 'on-hold']);
    expect([...OPEN_CASE_STATUSES, ...TERMINAL_STATUSES].sort()).toEqual([...ALL_CASE_STATUSES].sort());
  });

  it('let the aging report read open cases only, the promise and recovery reports every case', () => {
    // Arrange, Act, Assert
    expect(REPORT_STATUSES).toEqual({
      aging: OPEN_CASE_STATUSES,
      promises: ALL_CASE_STATUSES,
      recovered: ALL_CASE_STATUSES,
    });
  });

  it('read as words in German and English, never as their codes', () => {
    // Arrange, Act
    const names = ALL_CASE_STATUSES.flatMap((status) => [
      caseStatusName(status, 'de'),
      caseStatusName(status, 'en'),
    ]);

    // Assert
    expect(names.filter((name) => /-/.test(name))).toEqual([]);
    expect([caseStatusName('on-hold', 'de'), caseStatusName('on-hold', 'en')]).toEqual([
      'angehalten',
      'on hold',
    ]);
  });
});
