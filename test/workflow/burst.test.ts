import { describe, expect, it } from 'vitest';
import { runBurst } from '../../local/burst.js';

describe('a burst of invoices due the same day', () => {
  it('mails every first reminder exactly once through a throttled SES and a Lambda concurrency cap, losing no invoice', async () => {
    // Arrange: 100 first reminders due the same day, paced over the sending window (08:00-18:00, 20 s here),
    // SES taking four a second (80 in the window: less than the demand), ten Lambda invocations at once.
    const burst = {
      invoices: 100,
      sesRate: 4,
      concurrency: 10,
      // Half a business hour per engine second; issued at 20:00, so every start is done before midnight.
      daySeconds: 48,
      issueTime: '20:00',
      // The workflow tests' scale for Retry delays: the throttling budget lasts a few minutes here.
      retryDelayScale: 0.02,
      deadlineSeconds: 100,
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
    // Paced: the first reminders start with the window, not all at the action time.
    expect(report.firstRemindersBetween?.[0]).toMatch(/^2026-01-15 08:/);
  }, 120_000);
});
