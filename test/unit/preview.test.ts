import { describe, expect, it } from 'vitest';
import { renderPreview } from '../../local/preview.js';

describe('the policy preview behind npm start', () => {
  it('shows every demo invoice with its default basis, schedule, amounts and letters', () => {
    // Arrange
    const today = '2026-11-23';

    // Act
    const preview = renderPreview(today);

    // Assert
    for (const invoiceNumber of [
      'RE-2026-1001',
      'RE-2026-1002',
      'RE-2026-1003',
      'RE-2026-1004',
      'RE-2026-1005',
    ]) {
      expect(preview).toContain(invoiceNumber);
    }
    expect(preview).toContain('§ 286 Abs. 2 Nr. 1 BGB');
    expect(preview).toContain('§ 286 Abs. 1 BGB');
    expect(preview).toMatch(/reminder-1 +reminder by email, tone friendly/);
    expect(preview).toContain('Inkasso handover to Beispiel Inkasso GmbH');
    expect(preview).toMatch(/lump-sum 40,00\s€/);
    expect(preview).toContain('Zahlungserinnerung: Rechnung RE-2026-1001');
    expect(preview).toMatch(/Final reminder|final notice/i);
    expect(preview).not.toMatch(/\{\{|\}\}/);
  });

  it('warns loudly when the base-rate table does not cover the interest period', () => {
    // Arrange: the shipped table ends with the first half of 2026
    const today = '2026-11-23';

    // Act
    const preview = renderPreview(today);

    // Assert
    expect(preview).toContain('base-rate table in config/base-rates.json is stale');
  });

  it('shows no stale warning when every interest day lies inside the table', () => {
    // Arrange
    const today = '2026-04-30';

    // Act
    const preview = renderPreview(today);

    // Assert
    expect(preview).not.toContain('stale');
  });
});
