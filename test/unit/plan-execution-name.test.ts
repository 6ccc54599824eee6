import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../functions/domain/case.js';
import { planSuffix } from '../../functions/workflow/steps/scope.js';
import { run } from './case-fixtures.js';

/** A plan of two rates, together more than the 1,000 € invoice with its interest, agreed on `on`. */
const agreed = (on: string, firstRateDue: string, secondRateDue: string): CaseEvent => ({
  type: 'installments-agreed',
  rates: [
    { dueDate: firstRateDue, cents: 60_000 },
    { dueDate: secondRateDue, cents: 60_000 },
  ],
  on,
});

describe("the plan execution's name", () => {
  it('differs for a plan agreed after a defaulted one, since Step Functions keeps a closed name for 90 days', () => {
    // Arrange
    const firstPlan = agreed('2026-02-10', '2026-03-02', '2026-04-01');
    const first = run([firstPlan]).case;
    const second = run([
      firstPlan,
      { type: 'installments-defaulted', on: '2026-03-10' },
      agreed('2026-03-12', '2026-04-15', '2026-05-15'),
    ]).case;

    // Act, Assert
    expect(second.status).toBe('installments');
    expect(planSuffix(first)).toBe('plan-20260210');
    expect(planSuffix(second)).toBe('plan-20260312');
  });

  it('differs for each restart of the case, so a restarted case starts a plan of its own', () => {
    // Arrange
    const plan = run([agreed('2026-02-10', '2026-03-02', '2026-04-01')]).case;

    // Act, Assert
    expect(planSuffix({ ...plan, workflow: { ...plan.workflow, restarts: 2 } })).toBe('plan-20260210-r2');
  });
});
