import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoiceIssuedSchema } from '../../functions/domain/events.js';
import { contextKeys, repositoryRoot } from '../../infra/deployment-config.js';
import { cdkJsonContext } from './synthesize.js';

function deploySection(): string {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Deploy\n');
  if (start < 0) throw new Error('README.md has no "## Deploy" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('the Deploy section of the README', () => {
  it('shows a test invoice that start-dunning accepts', () => {
    // Arrange
    const [, json = ''] = /```json\n([\s\S]*?)```/.exec(deploySection()) ?? [];

    // Act
    const parsed = invoiceIssuedSchema.safeParse(JSON.parse(json));

    // Assert
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('documents every context key, and cdk.json gives each a default', () => {
    // Arrange
    const section = deploySection();

    // Act
    const undocumented = contextKeys.filter((key) => !section.includes(`| \`${key}\` |`));
    const withoutDefault = contextKeys.filter((key) => !(key in cdkJsonContext()));

    // Assert
    expect(undocumented).toEqual([]);
    expect(withoutDefault).toEqual([]);
  });

  it('explains CDK_DISABLE_VERSION_CHECK and links the generated diagram', () => {
    // Arrange
    const section = deploySection();

    // Act
    const mentions = [
      section.includes('CDK_DISABLE_VERSION_CHECK=1'),
      section.includes('(docs/state-machine.md)'),
    ];

    // Assert
    expect(mentions).toEqual([true, true]);
  });
});
