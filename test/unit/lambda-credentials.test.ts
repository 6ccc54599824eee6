import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../functions/adapters/lambda-credentials.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the credentials of the Lambda bundles', () => {
  it('are the execution role credentials Lambda puts in the environment', async () => {
    // Arrange
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session');

    // Act
    const credentials = await defaultProvider()();

    // Assert
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('fail at once, naming the cause, when the environment has none', async () => {
    // Arrange
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');

    // Act
    const resolve = defaultProvider();

    // Assert
    await expect(resolve()).rejects.toThrow(/environment/i);
  });
});
