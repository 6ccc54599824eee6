import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../statemachines/asl.js';
import { importsOf, sourceFiles } from './source-imports.js';

const domainRoot = join(repositoryRoot, 'functions', 'domain');
// The domain may use these libraries and nothing else: no AWS SDK, no Lambda tooling, no I/O. Zod comes in
// through functions/domain/zod.ts alone (zod/mini with its English messages).
const allowedPackages = new Set(['zod/mini', 'zod/v4/locales/en.js', 'date-fns', '@date-fns/tz']);

describe('the pure domain', () => {
  it('imports only its own modules and an allowlist of pure libraries', async () => {
    // Arrange
    const files = await sourceFiles(domainRoot);

    // Act
    const forbidden = [];
    for (const file of files) {
      for (const specifier of await importsOf(file)) {
        const isRelative = specifier.startsWith('.');
        const leavesDomain = isRelative && !join(file, '..', specifier).startsWith(domainRoot);
        if (leavesDomain || (!isRelative && !allowedPackages.has(specifier))) {
          forbidden.push(`${relative(domainRoot, file)} -> ${specifier}`);
        }
      }
    }

    // Assert
    expect(files.length).toBeGreaterThan(10);
    expect(forbidden).toEqual([]);
  });
});
