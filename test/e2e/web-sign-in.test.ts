import { describe, expect, it } from 'vitest';
import { caseAtCallLevel } from '../api/support.js';
import { startFakeCognito } from './fake-cognito.js';
import { normalSpaces, SLOW, TODAY, taskRow, useWebPage } from './support-web.js';

const web = useWebPage();

describe('signing in on AWS', () => {
  it(
    'signs in through the Cognito hosted UI with an authorization code and PKCE, calls the API, and signs out',
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-cognito', TODAY, {
        amount: { cents: 9_600_000, currency: 'EUR' },
      });
      const cognito = await startFakeCognito({ name: 'Cora Cognito', role: 'caller' });
      const page = await web.openPage();
      // What the deployment writes next to index.html on AWS.
      await page.route('**/app/config.json', (route) =>
        route.fulfill({
          json: {
            auth: 'cognito',
            apiBaseUrl: web.stack.endpoints.api,
            cognito: { domain: cognito.origin, clientId: cognito.clientId },
          },
        }),
      );

      try {
        // Act
        await page.goto(web.appUrl());
        await page.getByRole('button', { name: 'Mit Firmenkonto anmelden' }).click();
        await taskRow(page, task.taskId).waitFor();
        const userText = normalSpaces(await page.getByTestId('user').textContent());
        const addressAfterSignIn = page.url();
        await page.getByRole('button', { name: 'Abmelden' }).click();
        await page.getByRole('button', { name: 'Mit Firmenkonto anmelden' }).waitFor();

        // Assert
        expect(userText).toContain('Cora Cognito');
        expect(addressAfterSignIn).not.toContain('code=');
        expect(cognito.requests.map((request) => request.path)).toEqual([
          '/oauth2/authorize',
          '/oauth2/token',
          '/logout',
        ]);
        const [authorize, token] = cognito.requests;
        expect(authorize?.params).toMatchObject({
          response_type: 'code',
          code_challenge_method: 'S256',
          redirect_uri: web.appUrl(),
          scope: 'openid email profile',
          lang: 'de',
        });
        expect(token?.params.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
        expect(token?.params.grant_type).toBe('authorization_code');
      } finally {
        await cognito.close();
      }
    },
    SLOW,
  );
});
