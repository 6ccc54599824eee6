import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import policyJson from '../../config/policy.json' with { type: 'json' };
import { parsePolicy } from '../../functions/domain/policy.js';
import { type ContextKey, loadDeploymentConfig } from '../../infra/deployment-config.js';
import { DEFAULT_INBOUND_SOURCES } from '../../infra/event-rules.js';
import { cdkJsonContext } from './synthesize.js';

const defaults = cdkJsonContext();
const lookupWith =
  (overrides: Partial<Record<ContextKey, unknown>>) =>
  (key: ContextKey): unknown =>
    key in overrides ? overrides[key] : defaults[key];

const temporaryDirectories: string[] = [];
afterAll(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

function writeTemporaryJson(name: string, content: unknown): string {
  const directory = mkdtempSync(join(tmpdir(), 'mahnwesen-config-'));
  temporaryDirectories.push(directory);
  const file = join(directory, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the deployment configuration', () => {
  it('accepts the cdk.json defaults and derives the SES identity from the sender domain', () => {
    // Arrange
    const lookup = lookupWith({});

    // Act
    const config = loadDeploymentConfig(lookup);

    // Assert
    expect(config.senderAddress).toBe('mahnung@example.com');
    expect(config.sesIdentity).toBe('example.com');
    expect(config.eventBusName).toBe('dunning');
    expect(config.alarmEmail).toBeUndefined();
    expect(config.replyToAddress).toBeUndefined();
    expect(config.policy).toEqual(parsePolicy(policyJson));
  });

  it('reads booleans and recipient lists given as strings on the command line', () => {
    // Arrange
    const lookup = lookupWith({
      createSesIdentity: 'false',
      sandboxRecipients: 'a@example.com, b@example.com',
      alarmEmail: 'ops@example.com',
    });

    // Act
    const config = loadDeploymentConfig(lookup);

    // Assert
    expect(config.createSesIdentity).toBe(false);
    expect(config.sandboxRecipients).toEqual(['a@example.com', 'b@example.com']);
    expect(config.alarmEmail).toBe('ops@example.com');
  });

  it('serves the page on its CloudFront name with no other sign-in URLs by default', () => {
    // Arrange
    const lookup = lookupWith({});

    // Act
    const config = loadDeploymentConfig(lookup);

    // Assert
    expect(config.webDomainName).toBeUndefined();
    expect(config.webCertificateArn).toBeUndefined();
    expect(config.callbackUrls).toEqual([]);
    expect(config.logoutUrls).toEqual([]);
  });

  it('reads the custom domain and extra sign-in URLs, given as comma-separated strings on the command line', () => {
    // Arrange
    const lookup = lookupWith({
      webDomainName: 'Mahnwesen.Example.com',
      webCertificateArn:
        'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-123456789abc',
      callbackUrls: 'http://localhost:5173/app/, https://callers.example.com/app/',
      logoutUrls: ['http://localhost:5173/app/'],
    });

    // Act
    const config = loadDeploymentConfig(lookup);

    // Assert
    expect(config.webDomainName).toBe('mahnwesen.example.com');
    expect(config.callbackUrls).toEqual(['http://localhost:5173/app/', 'https://callers.example.com/app/']);
    expect(config.logoutUrls).toEqual(['http://localhost:5173/app/']);
  });

  it('caps queue consumers at 5 batches and email senders at 10 invocations unless configured', () => {
    // Arrange
    const unset = lookupWith({ queueMaxConcurrency: undefined, sendingConcurrency: '' });

    // Act
    const config = loadDeploymentConfig(unset);

    // Assert
    expect(config.queueMaxConcurrency).toBe(5);
    expect(config.sendingConcurrency).toBe(10);
  });

  it('reads the concurrency caps given as numbers in cdk.json or as strings on the command line', () => {
    // Arrange
    const lookup = lookupWith({ queueMaxConcurrency: '2', sendingConcurrency: 1 });

    // Act
    const config = loadDeploymentConfig(lookup);

    // Assert
    expect(config.queueMaxConcurrency).toBe(2);
    expect(config.sendingConcurrency).toBe(1);
  });

  it('accepts inbound events from the documented ERP source unless configured, as cdk.json says', () => {
    // Arrange
    const unset = lookupWith({ inboundSources: '' });

    // Act
    const config = loadDeploymentConfig(unset);

    // Assert
    expect(config.inboundSources).toEqual(['erp.accounting']);
    expect(defaults.inboundSources).toEqual(DEFAULT_INBOUND_SOURCES);
  });

  it('reads inbound sources as a list in cdk.json or comma-separated on the command line', () => {
    // Arrange
    const fromCdkJson = lookupWith({ inboundSources: ['erp.sap', 'bank.camt'] });
    const fromCommandLine = lookupWith({ inboundSources: 'erp.sap, bank.camt' });

    // Act
    const configs = [fromCdkJson, fromCommandLine].map(loadDeploymentConfig);

    // Assert
    expect(configs.map((config) => config.inboundSources)).toEqual([
      ['erp.sap', 'bank.camt'],
      ['erp.sap', 'bank.camt'],
    ]);
  });

  it.each([
    [[], /inboundSources: must name at least one source/],
    ['erp.sap,aws.ses', /inboundSources\[1\]: must not start with aws\./],
    [['mahnwesen.dunning'], /inboundSources\[0\]: must not be mahnwesen\.dunning: the product publishes/],
    ['erp sap', /inboundSources\[0\]: must be 1-256 letters/],
    [['x'.repeat(257)], /inboundSources\[0\]: must be 1-256 letters/],
    ['erp.sap,,bank.camt', /inboundSources\[1\]: must be 1-256 letters/],
    ['erp.sap,erp.sap', /inboundSources: must name each source once/],
  ])('refuses the inbound sources %o, saying why', (inboundSources, message) => {
    // Arrange
    const lookup = lookupWith({ inboundSources });

    // Act
    const load = () => loadDeploymentConfig(lookup);

    // Assert
    expect(load).toThrow(message);
  });

  it('lets the Bundesland override the state of the policy file', () => {
    // Arrange
    const lookup = lookupWith({ bundesland: 'BY' });

    // Act
    const config = loadDeploymentConfig(lookup);

    // Assert
    expect(config.policy.state).toBe('BY');
  });

  it.each([
    [{ senderAddress: 'not-an-address' }, 'senderAddress'],
    [{ alarmEmail: 'ops' }, 'alarmEmail'],
    [{ replyToAddress: 'reply@' }, 'replyToAddress'],
    [{ eventBusName: 'default' }, 'eventBusName'],
    [{ eventBusName: 'has spaces' }, 'eventBusName'],
    [{ bundesland: 'XX' }, 'bundesland'],
    [{ createSesIdentity: 'yes' }, 'createSesIdentity'],
    [{ sandboxRecipients: 'a@example.com,nobody' }, 'sandboxRecipients'],
    [{ sesIdentity: 'other.example' }, 'sesIdentity'],
    [{ policyFile: 'config/missing.json' }, 'policyFile'],
    [{ callbackUrls: 'http://callers.example.com/app/' }, 'callbackUrls'],
    [{ logoutUrls: ['not a url'] }, 'logoutUrls'],
    // SQS event sources take a maximum concurrency of 2 to 1000.
    [{ queueMaxConcurrency: '1' }, 'queueMaxConcurrency'],
    [{ queueMaxConcurrency: 'many' }, 'queueMaxConcurrency'],
    [{ sendingConcurrency: 0 }, 'sendingConcurrency'],
    [{ sendingConcurrency: 2.5 }, 'sendingConcurrency'],
    [{ webDomainName: 'mahnwesen.example.com' }, 'webCertificateArn'],
    [{ webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }, 'webDomainName'],
    [
      {
        webDomainName: 'mahnwesen.example.com',
        webCertificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc',
      },
      'webCertificateArn',
    ],
    [{ apiDomainName: 'api.mahnwesen.example.com' }, 'apiCertificateArn'],
    [{ apiCertificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/abc' }, 'apiDomainName'],
    [
      { apiDomainName: 'api.mahnwesen.example.com', apiCertificateArn: 'arn:aws:iam::123456789012:role/x' },
      'apiCertificateArn',
    ],
  ] as const)('fails synth with a message naming the wrong value %o', (overrides, key) => {
    // Arrange
    const lookup = lookupWith(overrides);

    // Act
    const load = () => loadDeploymentConfig(lookup);

    // Assert
    expect(load).toThrow(new RegExp(`${key}[\\[.:]`));
  });

  it('names the policy file and the field when the policy does not validate', () => {
    // Arrange
    const broken = { ...policyJson, paymentPeriodDays: 0 };
    const policyFile = writeTemporaryJson('policy.json', broken);

    // Act
    const load = () => loadDeploymentConfig(lookupWith({ policyFile }));

    // Assert
    expect(load).toThrow(/policyFile .*policy\.json[\s\S]*paymentPeriodDays/);
  });

  it('names the base-rate file and the field when the table does not validate', () => {
    // Arrange
    const baseRatesFile = writeTemporaryJson('rates.json', {
      source: 'test',
      rates: [{ validFrom: '2026-02-01', percent: '1.27' }],
    });

    // Act
    const load = () => loadDeploymentConfig(lookupWith({ baseRatesFile }));

    // Assert
    expect(load).toThrow(/baseRatesFile .*rates\.json[\s\S]*rates\[0\]\.validFrom/);
  });

  it('refuses a policy too large for the 4 KB Lambda environment', () => {
    // Arrange
    // Every field within its own bounds, together beyond the budget: eight managing directors of 100 characters.
    const policyFile = writeTemporaryJson('policy.json', {
      ...policyJson,
      creditor: {
        ...policyJson.creditor,
        letterhead: {
          ...policyJson.creditor.letterhead,
          managingDirectors: Array.from({ length: 8 }, (_, index) =>
            `${index} ${'Geschäftsführerin '.repeat(5)}`.trim(),
          ),
        },
      },
    });

    // Act
    const load = () => loadDeploymentConfig(lookupWith({ policyFile }));

    // Assert
    expect(load).toThrow(/policyFile: .* bytes/);
  });

  it('passes a policy the functions accept again at cold start', () => {
    // Arrange
    const config = loadDeploymentConfig(lookupWith({ bundesland: 'HH' }));

    // Act
    const atColdStart = parsePolicy(JSON.parse(JSON.stringify(config.policy)), 'DUNNING_POLICY');

    // Assert
    expect(atColdStart).toEqual(config.policy);
  });
});
