import { describe, expect, it } from 'vitest';
import { runBurst } from '../../local/burst.js';
import { SCENARIO_MS } from './timing.js';

describe('a burst of invoices due the same day', () => {
  it(
    'mails every first reminder exactly once through a throttled SES and a Lambda concurrency cap, losing no invoice',
    async () => {
      // Arrange: 100 first reminders due at 09:00 at once, SES taking ten a second, ten Lambda invocations at once.
      const burst = {
        invoices: 100,
        sesRate: 10,
        concurrency: 10,
        // One business hour per engine second; issued at 20:00, so every start is done before midnight.
        daySeconds: 24,
        issueTime: '20:00',
        // The workflow tests' scale for Retry delays: the throttling budget lasts about three minutes here.
        retryDelayScale: 0.02,
        deadlineSeconds: 50,
      };

      // Act
      const report = await runBurst(burst);

      // Assert
      expect(report).toMatchObject({
        invoices: 100,
        firstRemindersMailed: 100,
        failedExecutions: 0,
        lostInvoices: 0,
        duplicateMails: 0,
        deadLetters: 0,
        deadlineReached: false,
      });
      expect(report.sesThrottled).toBeGreaterThan(0);
      expect(report.lambdaRefused).toBeGreaterThan(0);
      expect(report.peakLambdaConcurrency).toBeLessThanOrEqual(10);
      expect(report.firstRemindersBetween?.[0]).toMatch(/^2026-01-15 09:/);
    },
    SCENARIO_MS,
  );
});
