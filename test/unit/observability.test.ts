import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { openCase } from '../../functions/domain/case.js';
import { flushMetrics } from '../../functions/handlers/runtime/middlewares.js';
import { countOutboundEvents, metrics, redactForLog } from '../../functions/observability.js';
import { outboundEvent } from '../../functions/workflow/outbound.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { defaultContext } from './fixtures.js';

function countingHandler(store: Metrics, counts: boolean, fails = false) {
  return middy(async () => {
    if (counts) store.addMetric('RemindersSent', MetricUnit.Count, 1);
    if (fails) throw new Error('step failed');
    return 'done';
  }).use(flushMetrics(store));
}

describe('metrics of an invocation', () => {
  it('are written when the invocation ends, also when it fails', async () => {
    // Arrange
    const store = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const publish = vi.spyOn(store, 'publishStoredMetrics');

    // Act
    await countingHandler(store, true)({}, lambdaContext('send-reminder'));
    const failed = countingHandler(store, true, true)({}, lambdaContext('send-reminder'));

    // Assert
    await expect(failed).rejects.toThrow('step failed');
    expect(publish).toHaveBeenCalledTimes(2);
    expect(store.hasStoredMetrics()).toBe(false);
  });

  it('write nothing, not even a warning, for an invocation that counted nothing', async () => {
    // Arrange
    const store = new Metrics({ namespace: 'Test', serviceName: 'test' });
    const publish = vi.spyOn(store, 'publishStoredMetrics');

    // Act
    const result = await countingHandler(store, false)({}, lambdaContext('check-open'));

    // Assert
    expect(result).toBe('done');
    expect(publish).not.toHaveBeenCalled();
  });

  it('count each published outbound event under its detail type', () => {
    // Arrange
    const add = vi.spyOn(metrics, 'addMetric');
    const [invoice] = demoInvoices('2026-11-23');
    if (!invoice) throw new Error('demo data missing');
    const opened = openCase(invoice, defaultContext).case;
    const detail = { outcome: 'paid', recoveredCents: 100, waivedCents: 0, currency: 'EUR' } as const;
    const closed = outboundEvent('Dunning Closed', opened, '2026-11-23T09:00:00+01:00', detail);

    // Act
    countOutboundEvents([closed, closed]);

    // Assert
    expect(add.mock.calls).toEqual([
      ['DunningClosed', MetricUnit.Count, 1],
      ['DunningClosed', MetricUnit.Count, 1],
    ]);
    add.mockRestore();
    metrics.clearMetrics();
  });
});

describe('log lines', () => {
  it('never carry a task token, an email address or a phone number', () => {
    // Arrange
    const line = {
      taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAT',
      error: 'Email address is not verified: kreditoren@rheinstahl.example, call +49 211 555 0199',
      invoiceId: 'RE-2026-1001',
      at: '2026-11-23T09:00:00+01:00',
    };

    // Act
    const written = JSON.stringify(line, redactForLog);

    // Assert
    expect(written).not.toContain('AQCEAAAAKgAAAAMAAAAAAAAAAT');
    expect(written).not.toContain('kreditoren@rheinstahl.example');
    expect(written).not.toContain('555 0199');
    expect(written).toContain('RE-2026-1001');
    expect(written).toContain('2026-11-23T09:00:00+01:00');
  });
});
