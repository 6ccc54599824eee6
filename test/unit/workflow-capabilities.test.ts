import { describe, expect, it } from 'vitest';
import type { InkassoCaseFile } from '../../functions/domain/case-file.js';
import { parseConfig } from '../../functions/handlers/runtime/config.js';
import { buildWorkflow, installCapability } from '../../functions/handlers/runtime/workflow.js';

const config = parseConfig({
  TABLE_NAME: 'dunning',
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
  EVENT_BUS_NAME: 'dunning',
  SENDER_ADDRESS: 'mahnung@example.com',
  DUNNING_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:123456789012:stateMachine:dunning',
  INSTALLMENTS_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:123456789012:stateMachine:installments',
  START_SCHEDULE_GROUP: 'dunning-starts',
});

// The steps hand the file through without looking into it.
const file = { invoiceId: 'inv-1' } as unknown as InkassoCaseFile;

describe('capabilities a few functions install', () => {
  it('refuses to store a case file in a function whose handler installed no case-file records, naming the capability', async () => {
    // Arrange
    const { deps } = buildWorkflow(config);

    // Act
    const storing = deps.storeCaseFile('inv-1', file);

    // Assert
    await expect(storing).rejects.toThrow(/no caseFiles capability/);
  });

  it('refuses to read the combined reminders in a function whose handler did not install them, naming the capability', async () => {
    // Arrange
    const { deps } = buildWorkflow(config);

    // Act
    const reading = deps.customerReminders.get('customer-1', '2026-12-07');

    // Assert
    await expect(reading).rejects.toThrow(/no customerReminders capability/);
  });

  it('refuses to page through the open cases in a function whose handler did not install the sweep, naming the capability', async () => {
    // Arrange
    const { deps } = buildWorkflow(config);

    // Act
    const paging = deps.openCases.page(100);

    // Assert
    await expect(paging).rejects.toThrow(/no openCases capability/);
  });

  it('builds an installed capability on its first use, once, whenever the handler installed it', async () => {
    // Arrange: the workflow exists before the handler that installs the capability is loaded
    const workflow = buildWorkflow(config);
    const stored: string[] = [];
    let built = 0;
    installCapability('caseFiles', () => {
      built += 1;
      return { put: async (invoiceId) => void stored.push(invoiceId) };
    });

    // Act
    await workflow.deps.storeCaseFile('inv-1', file);
    await workflow.deps.storeCaseFile('inv-2', file);

    // Assert
    expect(stored).toEqual(['inv-1', 'inv-2']);
    expect(built).toBe(1);
  });
});
