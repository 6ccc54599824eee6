import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoiceIssuedSchema } from '../../functions/domain/events.js';
import { contextKeys } from '../../infra/deployment-config.js';
import { DEFAULT_INBOUND_SOURCES } from '../../infra/event-rules.js';
import { repositoryRoot } from '../../statemachines/asl.js';
import { cdkJsonContext } from './synthesize.js';

/**
 * Context keys of the web stack whose defaults cdk.json does not carry yet: cdk.json was outside the change
 * that added them. Add `"webDomainName": "", "webCertificateArn": "", "callbackUrls": [], "logoutUrls": []`
 * to its "context", then empty this list (the test fails until you do, so it cannot go stale).
 */
const AWAITING_CDK_JSON_DEFAULT: string[] = [];

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

  it('sends the test invoice with a source the inbound rules accept by default', () => {
    // Arrange
    const section = deploySection();

    // Act
    const [, source] = /put-events --entries .*Source: "([^"]+)"/.exec(section) ?? [];

    // Assert
    expect(DEFAULT_INBOUND_SOURCES).toContain(source);
  });

  it('documents every context key, and cdk.json gives each a default', () => {
    // Arrange
    const section = deploySection();
    // A table row for the key, however a Markdown formatter pads the column.
    const documents = (key: string) => new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`, 'm').test(section);

    // Act
    const undocumented = contextKeys.filter((key) => !documents(key));
    const withoutDefault = contextKeys.filter((key) => !(key in cdkJsonContext()));

    // Assert
    expect(undocumented).toEqual([]);
    expect(withoutDefault).toEqual(AWAITING_CDK_JSON_DEFAULT);
  });

  it('shows how to add the first supervisor and callers to the user pool and names the outputs', () => {
    // Arrange
    const section = deploySection();

    // Act
    const mentions = [
      'aws cognito-idp admin-create-user',
      'aws cognito-idp admin-add-user-to-group',
      '--group-name supervisors',
      '--group-name callers',
      'npm run build:web',
      '`WebUrl`',
      '`ApiUrl`',
      '`UserPoolId`',
      '`UserPoolClientId`',
      '`HostedUiDomain`',
      'hosted UI',
    ].filter((text) => !section.includes(text));

    // Assert
    expect(mentions).toEqual([]);
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
