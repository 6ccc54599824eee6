import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config } from 'zod/v4/core';
import { repositoryRoot } from '../../statemachines/asl.js';
import { importsOf, repositoryPath, sourceFiles } from './source-imports.js';

const ZOD_MODULE = 'functions/domain/zod.ts';
/** The zod package and every entry of it: classic ('zod', 'zod/v4'), 'zod/mini', 'zod/v4/core', locales. */
const zodPackage = /^zod(\/|$)/;

describe('the one zod module (functions/domain/zod.ts)', () => {
  it('is where every module of the functions and their configuration takes zod from, so its setting holds before any schema is built', async () => {
    // Arrange
    const files = [
      ...(await sourceFiles(join(repositoryRoot, 'functions'))),
      ...(await sourceFiles(join(repositoryRoot, 'config'))),
    ];

    // Act
    const direct = [];
    for (const file of files) {
      const path = repositoryPath(repositoryRoot, file);
      if (path === ZOD_MODULE) continue;
      for (const specifier of await importsOf(file)) {
        if (zodPackage.test(specifier)) direct.push(`${path} -> ${specifier}`);
      }
    }

    // Assert
    expect(files.length).toBeGreaterThan(100);
    expect(direct).toEqual([]);
  });

  it('makes zod interpret its parsers and speak English once it is loaded', async () => {
    // Arrange
    const before = { ...config() };

    // Act
    const z = await import('../../functions/domain/zod.js');

    // Assert
    expect(before.jitless).not.toBe(true);
    expect(before.localeError).toBeUndefined();
    expect(config().jitless).toBe(true);
    expect(z.string().safeParse(1).error?.issues[0]?.message).toBe(
      'Invalid input: expected string, received number',
    );
  });
});
