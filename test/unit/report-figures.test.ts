import { describe, expect, it } from 'vitest';
import {
  addCall,
  addCase,
  agingOf,
  emptyFigures,
  promisesOf,
  type ReportCase,
  reasonsOf,
  recoveredOf,
} from '../../functions/domain/report-figures.js';

const openCase = (dueDate: string, openCents: number): ReportCase => ({
  status: 'open',
  dueDate,
  openCents,
  paidCents: 0,
  closedOutcome: null,
  waivedCents: 0,
  promisesKept: 0,
  promisesBroken: 0,
  promisesPending: 0,
});

describe('report figures', () => {
  it('age the open cases by days overdue as of the day asked, leaving closed cases out', () => {
    // Arrange
    const figures = emptyFigures();
    addCase(figures, openCase('2026-03-01', 100_00));
    addCase(figures, openCase('2026-03-01', 50_00));
    addCase(figures, openCase('2025-11-01', 7_00));
    addCase(figures, {
      ...openCase('2026-03-01', 0),
      status: 'paid',
      closedOutcome: 'paid',
      paidCents: 80_00,
    });

    // Act
    const aging = agingOf(figures, {}, '2026-03-16');

    // Assert
    expect(aging).toEqual([
      { label: 'not yet due', count: 0, openCents: 0 },
      { label: '1-30 days', count: 2, openCents: 150_00 },
      { label: '31-60 days', count: 0, openCents: 0 },
      { label: '61-90 days', count: 0, openCents: 0 },
      { label: 'over 90 days', count: 1, openCents: 7_00 },
    ]);
  });

  it('count promises and recoveries of every case, open or closed, due in the range only', () => {
    // Arrange
    const figures = emptyFigures();
    addCase(figures, {
      ...openCase('2026-02-01', 10_00),
      status: 'promise',
      promisesKept: 1,
      promisesPending: 1,
    });
    addCase(figures, {
      ...openCase('2026-02-02', 0),
      status: 'paid',
      closedOutcome: 'paid',
      paidCents: 30_00,
      promisesBroken: 1,
    });
    addCase(figures, {
      ...openCase('2026-02-03', 0),
      status: 'written-off',
      closedOutcome: 'written-off',
      waivedCents: 5_00,
    });
    addCase(figures, {
      ...openCase('2026-04-01', 0),
      status: 'paid',
      closedOutcome: 'paid',
      paidCents: 99_00,
    });

    // Act
    const range = { from: '2026-02-01', to: '2026-02-28' };
    const promises = promisesOf(figures, range);
    const recovered = recoveredOf(figures, range);

    // Assert
    expect(promises).toEqual({ kept: 1, broken: 1, pending: 1, keptRate: 0.5 });
    expect(recovered).toEqual({
      byOutcome: [
        { outcome: 'open', cases: 1, recoveredCents: 0 },
        { outcome: 'paid', cases: 1, recoveredCents: 30_00 },
        { outcome: 'written-off', cases: 1, recoveredCents: 0 },
      ],
      recoveredCents: 30_00,
      waivedCents: 5_00,
    });
  });

  it('count reasons and dissatisfaction of the calls finished in the range, most frequent reason first', () => {
    // Arrange
    const figures = emptyFigures();
    const call = (updatedAt: string, outcomeReason: string | null, outcomeDissatisfied = false) =>
      addCall(figures, { updatedAt, outcomeReason, outcomeDissatisfied });
    call('2026-03-02T09:00:00Z', 'liquidity');
    call('2026-03-03T09:00:00Z', 'liquidity', true);
    call('2026-03-04T09:00:00Z', 'forgotten');
    call('2026-03-05T09:00:00Z', null);
    call('2026-04-01T09:00:00Z', 'forgotten');

    // Act
    const reasons = reasonsOf(figures, { to: '2026-03-31' });

    // Assert
    expect(reasons).toEqual({
      reasons: [
        { reason: 'liquidity', count: 2 },
        { reason: 'forgotten', count: 1 },
      ],
      dissatisfied: 1,
      calls: 4,
    });
  });
});
