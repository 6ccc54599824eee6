import { describe, expect, it } from 'vitest';
import { openCase } from '../../functions/domain/case.js';
import { outboundEvent } from '../../functions/workflow/outbound.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { defaultContext } from './fixtures.js';

describe('outbound bus events', () => {
  it('carry a key that is the same for every delivery of one change and differs between changes', () => {
    // Arrange
    const [invoice] = demoInvoices('2026-11-23');
    if (!invoice) throw new Error('demo data missing');
    const opened = openCase(invoice, defaultContext).case;
    const changed = { ...opened, version: opened.version + 1 };
    const detail = { outcome: 'paid', recoveredCents: 100, waivedCents: 0, currency: 'EUR' } as const;

    // Act
    const first = outboundEvent('Dunning Closed', changed, '2026-11-23T09:00:00+01:00', detail);
    const redelivered = outboundEvent('Dunning Closed', changed, '2026-11-23T09:00:05+01:00', detail);
    const later = outboundEvent(
      'Dunning Closed',
      { ...changed, version: changed.version + 1 },
      '2026-11-23T09:01:00+01:00',
      detail,
    );

    // Assert
    expect(first.detail.eventKey).toBe('demo-1001#1#Dunning Closed');
    expect(redelivered.detail.eventKey).toBe(first.detail.eventKey);
    expect(later.detail.eventKey).not.toBe(first.detail.eventKey);
  });
});
