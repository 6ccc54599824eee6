import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { openCase } from '../../functions/domain/case.js';
import {
  classifyTransientErrors,
  flushMetrics,
  observed,
} from '../../functions/handlers/runtime/middlewares.js';
import {
  countOutboundEvents,
  metrics,
  redactForLog,
  redactPersonalData,
} from '../../functions/observability.js';
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

describe('personal data in free text', () => {
  it.each([
    ['a national number without separators', 'call 02115551234 tomorrow', '02115551234'],
    ['an international number without separators', 'phone +492115551234 failed', '+492115551234'],
    ['a national number with separators', 'call 0211 555 0199', '555 0199'],
    ['a grouped IBAN', 'refund to DE89 3704 0044 0532 0130 00 please', '3704 0044 0532'],
    ['an IBAN without spaces', 'iban=DE89370400440532013000', 'DE89370400440532013000'],
    ['an email address', 'not verified: kreditoren@rheinstahl.example', 'kreditoren@rheinstahl.example'],
    [
      'a task token',
      'token AQCEAAAAKgAAAAMAAAAAAAAAATf9Xc2Qm8vK1L7pR4sW0yZ3bN6hJ5tG8uE2iO9aD1fY7 is stale',
      'AQCEAAAAKgAAAAMAAAAAAAAAATf9Xc2Qm8vK1L7pR4sW0yZ3bN6hJ5tG8uE2iO9aD1fY7',
    ],
  ])('is masked: %s', (_, text, personal) => {
    // Arrange, Act
    const redacted = redactPersonalData(text);

    // Assert
    expect(redacted).not.toContain(personal);
    expect(redacted).toMatch(/\[(phone|iban|email|token)\]/);
  });

  it.each([
    ['invoice numbers', 'RE-2026-0001, RE20261001, RE/2026/0001, RE-0001-2026, 2026000123'],
    ['amounts in cents', 'open 123456789 cents, paid 1999 cents, fee 500'],
    ['ISO dates and instants', 'due 2026-01-05, sent 2026-11-23T09:00:00+01:00, at 2026-11-23T08:00:00.000Z'],
    ['execution ARNs', 'arn:aws:states:eu-central-1:000000000000:execution:dunning:inv-RE-2026-0001-r1'],
  ])('keeps %s', (_, text) => {
    // Arrange, Act
    const redacted = redactPersonalData(text);

    // Assert
    expect(redacted).toBe(text);
  });
});

describe('an error that leaves a handler', () => {
  it('carries no email address or phone number in its message or stack, and keeps its name', async () => {
    // Arrange
    const sesMessage =
      'Email address is not verified. The following identities failed the check: kreditoren@rheinstahl.example';
    const handler = middy(async () => {
      throw Object.assign(new Error(`${sesMessage} (call 02115551234)`), { name: 'ThrottlingException' });
    })
      .use(observed())
      .use(classifyTransientErrors());

    // Act
    const thrown = await handler({}, lambdaContext('send-reminder')).catch((error: unknown) => error);

    // Assert
    expect(thrown).toBeInstanceOf(Error);
    const { name, message, stack } = thrown as Error;
    expect(name).toBe('Dunning.Throttled');
    expect(message).toContain('[email]');
    expect(`${message}${stack}`).not.toContain('kreditoren@rheinstahl.example');
    expect(`${message}${stack}`).not.toContain('02115551234');
  });
});
