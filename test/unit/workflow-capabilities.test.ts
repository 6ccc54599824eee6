import { describe, expect, it } from 'vitest';
import type { InkassoCaseFile } from '../../functions/domain/case-file.js';
import { buildWorkflow, installCapability } from '../../functions/handlers/runtime/workflow.js';
import { handlerConfig } from './handler-config.js';

const config = handlerConfig;

// The steps hand the file through without looking into it.
const file = { invoiceId: 'inv-1' } as unknown as InkassoCaseFile;

describe('capabilities a few functions install', () => {
  type Deps = ReturnType<typeof buildWorkflow>['deps'];
  const uses: [string, (deps: Deps) => Promise<unknown>][] = [
    ['caseFiles', (deps) => deps.storeCaseFile('inv-1', file)],
    ['customerReminders', (deps) => deps.customerReminders.get('customer-1', '2026-12-07')],
    ['openCases', (deps) => deps.openCases.page(100)],
    ['customerBlocks', (deps) => deps.customerBlocks.active('customer-1')],
  ];

  it.each(uses)(
    'refuses to use %s in a function whose handler did not install it, naming the capability',
    async (name, use) => {
      // Arrange
      const { deps } = buildWorkflow(config);

      // Act
      const using = use(deps);

      // Assert
      await expect(using).rejects.toThrow(`no ${name} capability`);
    },
  );

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
