import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { repositoryRoot } from '../../statemachines/asl.js';

const handlersDirectory = join(repositoryRoot, 'functions', 'handlers');
const JITLESS_IMPORT = "import './runtime/zod-jitless.js';";

function firstImportOf(source: string): string | undefined {
  return source.split('\n').find((line) => line.startsWith('import '));
}

describe('the Lambda handler modules', () => {
  it('import the zod setting first, so it holds before any schema is built', () => {
    // Arrange
    const handlers = readdirSync(handlersDirectory).filter((file) => file.endsWith('.ts'));

    // Act
    const late = handlers.filter(
      (file) => firstImportOf(readFileSync(join(handlersDirectory, file), 'utf8')) !== JITLESS_IMPORT,
    );

    // Assert
    expect(handlers.length).toBeGreaterThan(10);
    expect(late).toEqual([]);
  });

  it('make zod interpret its parsers once the setting is loaded', async () => {
    // Arrange
    const before = z.config().jitless;

    // Act
    await import('../../functions/handlers/runtime/zod-jitless.js');

    // Assert
    expect(before).not.toBe(true);
    expect(z.config().jitless).toBe(true);
  });
});
