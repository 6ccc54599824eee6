import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseAtCallLevel, waitFor } from '../api/support.js';
import { normalSpaces, SLOW, screenshot, TODAY, useWebPage } from './support-web.js';

const web = useWebPage();

async function openCase(page: Page, invoiceId: string): Promise<void> {
  await page.getByRole('link', { name: 'Fälle' }).click();
  await page.getByLabel('Rechnungs-ID').fill(invoiceId);
  await page.getByRole('button', { name: 'Öffnen' }).click();
  await page.locator('[data-case-actions]').waitFor();
}

const timelineLine = (page: Page, type: string) =>
  page.locator(`[data-testid="timeline"] tr[data-type="${type}"]`);

describe('a supervisor’s decisions on the case page', () => {
  it(
    'records a dispute with the customer’s objection and a note: the case is disputed and the dispute task opens',
    async () => {
      // Arrange
      await caseAtCallLevel('web-dispute', TODAY);
      const page = await web.signIn('supervisor', 'Dora Dispute');
      await openCase(page, 'web-dispute');

      // Act
      await page.getByLabel('Einwand des Kunden').fill('Ware beschädigt geliefert');
      await page.getByLabel('Notiz (optional)').fill('Brief vom 12.03.');
      await page.getByRole('button', { name: 'Einwand erfassen' }).click();
      await timelineLine(page, 'dispute-raised').waitFor();
      await screenshot(page, '21-supervisor-case-disputed');

      // Assert
      expect(normalSpaces(await timelineLine(page, 'dispute-raised').textContent())).toContain(
        'Forderung bestritten: Ware beschädigt geliefert (Notiz: Brief vom 12.03.) (von Dora Dispute)',
      );
      expect(await page.getByRole('button', { name: 'Einwand erfassen' }).count()).toBe(0);
      const { tasks } = workflowInstance();
      const disputeTask = await waitFor(async () =>
        (await tasks.tasksOfCase('web-dispute')).find(
          (task) => task.kind === 'dispute' && task.status === 'open',
        ),
      );
      expect(disputeTask.queue).toBe('disputes');
    },
    SLOW,
  );

  it(
    'sets the tone of the case’s next letters with a reason, and says which tone they will have',
    async () => {
      // Arrange
      await caseAtCallLevel('web-tone', TODAY);
      const page = await web.signIn('supervisor', 'Tina Ton');
      await openCase(page, 'web-tone');
      const before = normalSpaces(await page.getByTestId('tone-current').textContent());

      // Act
      await page.getByLabel('Tonfall', { exact: true }).selectOption('firm');
      await page.getByLabel('Grund für den Tonfall').fill('dritte Zusage gebrochen');
      await page.getByRole('button', { name: 'Tonfall speichern' }).click();
      await timelineLine(page, 'tone-overridden').waitFor();
      await screenshot(page, '22-supervisor-case-tone');

      // Assert
      expect(before).toBe('Die nächsten Schreiben: freundlich.');
      expect(normalSpaces(await page.getByTestId('tone-current').textContent())).toBe(
        'Die nächsten Schreiben: bestimmt.',
      );
      expect(normalSpaces(await timelineLine(page, 'tone-overridden').textContent())).toContain(
        'Tonfall für diesen Fall: bestimmt: dritte Zusage gebrochen (von Tina Ton)',
      );
      expect((await workflowInstance().cases.get('web-tone'))?.case.toneOverride).toBe('firm');
    },
    SLOW,
  );

  it(
    'refuses to write off the rest of a claim nothing was paid on, in German, then writes off the whole claim',
    async () => {
      // Arrange
      await caseAtCallLevel('web-write-off', TODAY);
      const page = await web.signIn('supervisor', 'Willi Wertberichtigung');
      await openCase(page, 'web-write-off');
      await page.getByLabel('Umfang').selectOption('rest');
      await page.getByLabel('Grund für die Abschreibung').fill('Schuldner insolvent');
      await page.getByRole('button', { name: 'Forderung abschreiben' }).click();
      const problem = page.locator('.case-actions-problem [data-testid="problem"]');
      await problem.waitFor();
      const refusal = normalSpaces(await problem.textContent());

      // Act
      await page.getByLabel('Umfang').selectOption('all');
      await page.getByRole('button', { name: 'Forderung abschreiben' }).click();
      await timelineLine(page, 'written-off').waitFor();
      await screenshot(page, '23-supervisor-case-written-off');

      // Assert
      expect(refusal).toBe(
        'Die Forderung wurde nicht abgeschrieben. Auf den Fall wurde nichts gezahlt: Schreiben Sie die ganze Forderung ab.',
      );
      expect(normalSpaces(await timelineLine(page, 'written-off').textContent())).toContain(
        'Forderung abgeschrieben: Schuldner insolvent (von Willi Wertberichtigung)',
      );
      expect(normalSpaces(await page.locator('[data-case-control]').textContent())).toContain(
        'Der Fall ist abgeschlossen.',
      );
      const published = web.stack.bus
        .events()
        .filter(({ event }) => event['detail-type'] === 'Claim Written Off')
        .map(({ event }) => event.detail);
      expect(published).toEqual([
        expect.objectContaining({
          invoiceId: 'web-write-off',
          scope: 'all',
          actorName: 'Willi Wertberichtigung',
        }),
      ]);
    },
    SLOW,
  );
});
