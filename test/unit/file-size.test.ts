import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../statemachines/asl.js';
import { repositoryPath, sourceFiles } from './source-imports.js';

/** About 400 lines: a module a person holds in their head. The emulators are small products of their own. */
const MAX_LINES = 420;
const EXEMPT = ['local/emulators/'];

describe('the size of the source files', () => {
  it(`keeps every TypeScript file outside the emulators at ${MAX_LINES} lines or fewer`, async () => {
    // Arrange
    const files = (await sourceFiles(repositoryRoot))
      .map((file) => ({ file, path: repositoryPath(repositoryRoot, file) }))
      .filter(({ path }) => !EXEMPT.some((exempt) => path.startsWith(exempt)));

    // Act
    const oversized = [];
    for (const { file, path } of files) {
      const lines = (await readFile(file, 'utf8')).split('\n').length;
      if (lines > MAX_LINES) oversized.push(`${path}: ${lines} lines`);
    }

    // Assert
    expect(files.length).toBeGreaterThan(100);
    expect(oversized).toEqual([]);
  });
});
