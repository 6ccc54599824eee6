import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseAtCallLevel, computeReports, TODAY, useApiStack, waitFor } from './support.js';

const { call, stack } = useApiStack();

describe('reports', () => {
  it('count the reasons for non-payment of every finished call, and the open cases by days overdue', async () => {
    // Arrange
    const { tasks } = workflowInstance();
    for (const invoiceId of ['api-reason-1', 'api-reason-2']) {
      const task = await caseAtCallLevel(invoiceId, TODAY);
      await call('POST', `/tasks/${task.taskId}/claim`, { as: 'caller' });
      await call('POST', `/tasks/${task.taskId}/outcome`, {
        as: 'caller',
        body: {
          outcome: { type: 'promise', promisedOn: addDays(TODAY, 5), cents: 1000, reason: 'liquidity' },
        },
      });
      await waitFor(async () => ((await tasks.get(task.taskId))?.status === 'done' ? true : undefined));
    }

    await computeReports(stack());

    // Act
    const reasons = await call('GET', '/reports/reasons', { as: 'supervisor' });
    const aging = await call('GET', '/reports/aging', { as: 'supervisor' });

    // Assert
    expect(reasons.body).toEqual({
      reasons: [{ reason: 'liquidity', count: 2 }],
      dissatisfied: 0,
      calls: 2,
      computedAt: expect.any(String),
    });
    const buckets = z
      .object({ buckets: z.array(z.object({ label: z.string(), count: z.number() })) })
      .parse(aging.body).buckets;
    expect(buckets.find((bucket) => bucket.label === '61-90 days')?.count).toBe(2);
  });

  it('answer from the report job’s last snapshot, as of when it was computed, until the job runs again', async () => {
    // Arrange
    const agingSchema = z.object({
      computedAt: z.string().nullable(),
      buckets: z.array(z.object({ label: z.string(), count: z.number() })),
    });
    const overdue = async () => {
      const aging = agingSchema.parse((await call('GET', '/reports/aging', { as: 'supervisor' })).body);
      return {
        computedAt: aging.computedAt,
        count: aging.buckets.find((b) => b.label === '61-90 days')?.count,
      };
    };
    await computeReports(stack());
    const before = await overdue();
    await caseAtCallLevel('api-report-later', TODAY);

    // Act
    const stale = await overdue();
    await computeReports(stack());
    const fresh = await overdue();

    // Assert
    expect(stale).toEqual(before);
    expect(fresh.count).toBe((before.count ?? 0) + 1);
    expect(fresh.computedAt).not.toBeNull();
    expect(Date.parse(fresh.computedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before.computedAt ?? ''));
  });
});
