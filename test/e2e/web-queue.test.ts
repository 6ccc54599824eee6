import { describe, expect, it } from 'vitest';
import { caseAtCallLevel } from '../api/support.js';
import { openTask, SLOW, screenshot, TABLET, TODAY, taskRow, useWebPage } from './support-web.js';

const web = useWebPage();

describe('the task queue', () => {
  it(
    'keeps the filter, the selection and the scroll position when the queue refreshes itself or on demand',
    async () => {
      // Arrange
      const seeded = [];
      for (let index = 0; index < 8; index += 1) {
        seeded.push(
          await caseAtCallLevel(`web-place-${index}`, TODAY, {
            amount: { cents: 8_000_000 - index * 100_000, currency: 'EUR' },
          }),
        );
      }
      const selected = seeded[5];
      if (!selected) throw new Error('seeding failed');
      const page = await web.signIn('caller', 'Petra Place', {
        viewport: { width: 1280, height: 560 },
        fakeClock: true,
      });
      await page.getByLabel('Art', { exact: true }).selectOption('call');
      await taskRow(page, selected.taskId).waitFor();
      await openTask(page, selected.taskId);
      const scroller = page.locator('#queue-scroll');
      await scroller.evaluate((element: { scrollTop: number }) => {
        element.scrollTop = 180;
      });
      const scrollBefore = await scroller.evaluate((element: { scrollTop: number }) => element.scrollTop);
      const bySchedule = await caseAtCallLevel('web-place-late-1', TODAY, {
        amount: { cents: 20_000, currency: 'EUR' },
      });

      // Act
      await page.clock.fastForward(21_000);
      await taskRow(page, bySchedule.taskId).waitFor();
      const onDemand = await caseAtCallLevel('web-place-late-2', TODAY, {
        amount: { cents: 10_000, currency: 'EUR' },
      });
      await page.getByRole('button', { name: 'Aktualisieren' }).click();
      await taskRow(page, onDemand.taskId).waitFor();

      // Assert
      expect(scrollBefore).toBeGreaterThan(0);
      expect(await scroller.evaluate((element: { scrollTop: number }) => element.scrollTop)).toBe(
        scrollBefore,
      );
      expect(await page.getByLabel('Art', { exact: true }).inputValue()).toBe('call');
      expect(await taskRow(page, selected.taskId).getAttribute('class')).toContain('selected');
      expect(await taskRow(page, selected.taskId).getByRole('link').getAttribute('aria-current')).toBe(
        'true',
      );
      expect(await page.locator('.task-view #detail-heading').count()).toBe(1);
      await screenshot(page, '06-caller-queue-after-refresh');
    },
    SLOW,
  );

  it(
    'can be worked with the keyboard: arrows through the queue, Enter opens, Escape returns to the row',
    async () => {
      // Arrange
      const first = await caseAtCallLevel('web-keys-1', TODAY, {
        amount: { cents: 9_900_000, currency: 'EUR' },
      });
      const second = await caseAtCallLevel('web-keys-2', TODAY, {
        amount: { cents: 9_800_000, currency: 'EUR' },
      });
      const page = await web.signIn('caller', 'Kai Keyboard');
      await taskRow(page, second.taskId).waitFor();
      await taskRow(page, first.taskId).getByRole('link').focus();

      // Act
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.task-view .claim-bar').waitFor();
      const openedHeading = await page.locator('#detail-heading:focus').count();
      await page.keyboard.press('Escape');

      // Assert
      expect(openedHeading).toBe(1);
      await page.locator(`tr[data-task-id="${second.taskId}"] a:focus`).waitFor();
      expect(await page.locator('.detail-empty').count()).toBe(1);
    },
    SLOW,
  );

  it(
    'shows a tablet one pane at a time with a way back to the queue',
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-tablet', TODAY, {
        amount: { cents: 9_700_000, currency: 'EUR' },
      });
      const page = await web.signIn('caller', 'Tanja Tablet', { viewport: TABLET });
      await taskRow(page, task.taskId).waitFor();
      await screenshot(page, '07-tablet-queue');

      // Act
      await openTask(page, task.taskId);
      const queueVisibleWithTask = await page.locator('.queue-pane').isVisible();
      await screenshot(page, '08-tablet-task');
      await page.getByRole('button', { name: 'Zurück zur Liste' }).click();

      // Assert
      expect(queueVisibleWithTask).toBe(false);
      await page.locator(`tr[data-task-id="${task.taskId}"] a:focus`).waitFor();
      expect(await page.locator('.detail-pane').isVisible()).toBe(false);
    },
    SLOW,
  );
});
