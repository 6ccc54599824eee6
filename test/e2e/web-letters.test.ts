import { describe, expect, it } from 'vitest';
import { caseWithFinalNotice } from '../api/support.js';
import { SLOW, screenshot, TODAY, useWebPage } from './support-web.js';

const web = useWebPage();

describe('letters on the case page', () => {
  it(
    'lists the posted final notice under "Schreiben" and opens its PDF from the link',
    async () => {
      // Arrange
      await caseWithFinalNotice('web-letter', TODAY);
      const page = await web.signIn('supervisor', 'Sabine Supervisor');
      await page.goto(web.appUrl('#/cases/web-letter'));
      const row = page.locator('tr[data-document-id="letter-final"]');
      await row.waitFor();
      await screenshot(page, '20-case-letters');
      const link = row.getByRole('link', { name: 'Letzte Mahnung als PDF öffnen' });
      const href = (await link.getAttribute('href')) ?? '';

      // Act
      const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
      const pdf = await page.request.get(href);

      // Assert
      expect(await page.getByRole('heading', { name: 'Schreiben' }).isVisible()).toBe(true);
      expect(await row.locator('td').nth(1).textContent()).toBe('Letzte Mahnung');
      expect(href.startsWith(web.stack.endpoints.s3)).toBe(true);
      expect(popup).toBeDefined();
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    },
    SLOW,
  );
});
