import { describe, expect, it } from 'vitest';
import { runLifecycles } from '../../scripts/bench/lifecycles.js';
import { SCENARIO_MS } from './timing.js';

/*
 * `npm run bench:workflow` times a thousand invoices through their lifecycles; this runs its driver on a few,
 * so the driver cannot rot unnoticed. Nothing here is timed.
 */
describe('the lifecycle benchmark', () => {
  it(
    'runs every invoice through its complete lifecycle: three in four paid on time, every fourth after its first reminder',
    async () => {
      // Arrange
      const invoices = 20;

      // Act
      const run = await runLifecycles(invoices, { dayMs: 300, deadlineMs: SCENARIO_MS });

      // Assert
      expect(run).toMatchObject({
        invoices,
        paidOnTime: 15,
        paidAfterReminder: 5,
        // Only the late invoices ever had an execution, one each.
        executions: 5,
        unfinished: [],
      });
      expect(run.phases.map(({ phase }) => phase)).toEqual([
        'every invoice issued',
        'every on-time invoice paid',
        'every case closed',
        'no execution running',
      ]);
    },
    2 * SCENARIO_MS,
  );
});
