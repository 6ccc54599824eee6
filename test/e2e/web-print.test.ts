import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../../functions/domain/calendar.js';
import { caseWithFinalNotice, waitFor } from '../api/support.js';
import { normalSpaces, SLOW, screenshot, TODAY, typedDate, useWebPage } from './support-web.js';

// The test runs the day's print job itself, and nobody but the supervisor on the page confirms the posting.
const web = useWebPage({ print: 'manual' });
const batchId = `print-${TODAY}`;

/** A final notice rendered by the real workflow, then the day's print batch assembled by the real job. */
async function readyPrintBatch(): Promise<void> {
  await caseWithFinalNotice('web-print', TODAY);
  await waitFor(async () => {
    const run = z.object({ outcome: z.string() }).parse(await web.stack.invoke('render-print-batch', {}));
    return run.outcome === 'ready' ? true : undefined;
  }, 20_000);
}

const batchRow = (page: Page) => page.locator(`tr[data-batch-id="${batchId}"]`);
const statusOf = async (page: Page) => normalSpaces(await batchRow(page).locator('td').nth(4).textContent());

describe('the page "Druck"', () => {
  it(
    'shows the ready batch to a supervisor, opens its PDF, refuses a posting date in the future naming the field, and confirms the posting',
    async () => {
      // Arrange: the page believes it is Thursday, three business days after the batch
      await readyPrintBatch();
      const page = await web.signIn('supervisor', 'Sabine Supervisor');
      await page.clock.setFixedTime(new Date(`${addDays(TODAY, 3)}T12:00:00+01:00`));
      await page.getByRole('link', { name: 'Druck', exact: true }).click();
      await batchRow(page).waitFor();
      await screenshot(page, '30-print-ready');
      const row = batchRow(page);
      const ready = await statusOf(page);
      const dateField = row.getByLabel('Zur Post gegeben am');
      const defaultDate = await dateField.inputValue();

      // Act 1: open the PDF; the new tab loads a fresh link to the stored file
      const fileRequest = page
        .context()
        .waitForEvent('request', (request) => request.url().startsWith(web.stack.endpoints.s3));
      await row.getByRole('button', { name: `Druckstapel vom 16.03.2026 als PDF öffnen` }).click();
      const pdf = await page.request.get((await fileRequest).url());

      // Act 2: confirm with the default date (the page's today, a day the server has not reached)
      await row.getByRole('button', { name: /als versendet bestätigen/i }).click();
      const refusal = row.getByTestId('problem');
      await refusal.waitFor();
      const refusalText = normalSpaces(await refusal.textContent());
      await screenshot(page, '31-print-refused');

      // Act 3: the day it really went to the post
      await dateField.fill(typedDate(TODAY));
      await row.getByRole('button', { name: /als versendet bestätigen/i }).click();
      await row.getByText('versendet am', { exact: false }).waitFor();
      await screenshot(page, '32-print-posted');

      // Assert
      expect(normalSpaces(await row.locator('td').nth(0).textContent())).toBe('16.03.2026');
      expect(normalSpaces(await row.locator('td').nth(2).textContent())).toBe('1');
      expect(ready).toBe('bereit zum Druck Versand nicht bestätigt (Bestätigung war bis 18.03.2026 fällig)');
      expect(defaultDate).toBe(typedDate(addDays(TODAY, 3)));
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(refusalText).toBe(
        'Der Versand wurde nicht bestätigt. „Zur Post gegeben am“ darf nicht in der Zukunft liegen.',
      );
      expect(await statusOf(page)).toBe('versendet am 16.03.2026 (von Sabine Supervisor)');
      expect(await row.getByRole('button', { name: /als versendet bestätigen/i }).count()).toBe(0);
      expect(await row.getByRole('button', { name: 'Versandliste (CSV)', exact: false }).count()).toBe(1);
    },
    SLOW * 2,
  );

  it(
    'offers callers no "Druck" and shows them their tasks at its address',
    async () => {
      // Arrange
      const page = await web.signIn('caller', 'Carla Caller');

      // Act
      await page.goto(web.appUrl('#/print'));
      await page.getByRole('heading', { name: 'Aufgaben', exact: true }).waitFor();

      // Assert
      expect(await page.getByRole('link', { name: 'Druck', exact: true }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Druck und Versand' }).count()).toBe(0);
    },
    SLOW,
  );
});
