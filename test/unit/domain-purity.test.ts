import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const domainRoot = join(import.meta.dirname, '..', '..', 'functions', 'domain');
// The domain may use these libraries and nothing else: no AWS SDK, no Lambda tooling, no I/O.
const allowedPackages = new Set(['zod', 'date-holidays', 'temporal-polyfill']);

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(directory, entry.name))
        : Promise.resolve([join(directory, entry.name)]),
    ),
  );
  return nested.flat().filter((file) => file.endsWith('.ts'));
}

describe('the pure domain', () => {
  it('imports only its own modules and an allowlist of pure libraries', async () => {
    // Arrange
    const files = await sourceFiles(domainRoot);
    const importPattern = /(?:^|\n)\s*(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/g;

    // Act
    const forbidden = [];
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      for (const [, specifier = ''] of source.matchAll(importPattern)) {
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
