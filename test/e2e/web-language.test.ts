import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { caseAtCallLevel } from '../api/support.js';
import {
  claim,
  normalSpaces,
  openTask,
  SLOW,
  screenshot,
  TODAY,
  taskRow,
  typedDate,
  useWebPage,
} from './support-web.js';

const web = useWebPage();

describe('the page in its language', () => {
  it(
    'switches to English on the spot, talking points, timeline and level names included, formats money for it, and remembers the choice',
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-english', TODAY, {
        amount: { cents: 123_456, currency: 'EUR' },
      });
      const page = await web.signIn('caller', 'Eli English');
      await taskRow(page, task.taskId).waitFor();
      await openTask(page, task.taskId);
      await page.locator('.points li', { hasText: 'Heute offen:' }).waitFor();
      await page.locator('td', { hasText: 'Fall eröffnet für Rechnung' }).first().waitFor();
      const germanLevel = await taskRow(page, task.taskId).locator('.level').textContent();

      // Act
      await page.getByRole('button', { name: 'English' }).click();
      const taskHeadings = await page.locator('.task-view h3').allTextContents();
      await page.locator('.points li', { hasText: 'Open today: €' }).waitFor();
      await page.locator('td', { hasText: 'case opened for invoice' }).first().waitFor();
      await taskRow(page, task.taskId).locator('.level', { hasText: 'Collection call' }).waitFor();
      await page.reload();

      // Assert
      expect(taskHeadings).toEqual(expect.arrayContaining(['Before you dial', 'Amounts', 'Talking points']));
      await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(germanLevel).toBe('Mahnanruf');
      expect(normalSpaces(await taskRow(page, task.taskId).textContent())).toContain('€1,274.56');
      expect(await taskRow(page, task.taskId).locator('.level').textContent()).toBe('Collection call');
      expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
      await screenshot(page, '12-english-queue');
    },
    SLOW,
  );

  it(
    "says in German why the API refused a promise beyond the policy's 30 days, without the API's English words",
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-far-promise', TODAY);
      const page = await web.signIn('caller', 'Paul Promise');
      await openTask(page, task.taskId);
      await claim(page);
      await page.getByLabel('Zahlungszusage', { exact: true }).check();
      await page.getByLabel('Zahlung zugesagt bis').fill(typedDate(addDays(TODAY, 120)));
      await page.locator('[data-section="promise"]').getByLabel('Betrag in Euro').fill('100');
      const answer = page.waitForResponse((response) => response.url().endsWith('/outcome'));

      // Act
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      const refusal = await answer;
      const problem = (await refusal.json()) as { title: string; detail: string };
      const box = page.locator('#outcome-problem [data-testid="problem"]');
      await box.waitFor();
      const shown = normalSpaces(await page.locator('.task-view').textContent());
      expect(refusal.status()).toBe(422);
      expect(normalSpaces(await box.textContent())).toContain(
        'Das Ergebnis wurde nicht gespeichert. Das Zahlungsdatum muss zwischen heute und höchstens 30 Tagen danach liegen.',
      );
      expect(shown).not.toContain(problem.title);
      expect(shown).not.toContain(problem.detail);
      expect(shown).not.toContain('body.outcome');
      expect(await page.locator('#outcome-promisedOn').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#outcome-promisedOn-error').textContent()).toContain('höchstens 30 Tagen');
      expect(await page.locator('#outcome-form').count()).toBe(1);
      expect((await workflowInstance().tasks.get(task.taskId))?.outcome).toBeNull();
      await screenshot(page, '05-caller-refused-by-api');
    },
    SLOW,
  );

  it(
    "tells a supervisor in the page's language that no case has the invoice id asked for",
    async () => {
      // Arrange
      const page = await web.signIn('supervisor', 'Nora Nowhere');
      const answer = page.waitForResponse((response) => response.url().includes('/cases/no-such-invoice'));

      // Act
      await page.getByRole('link', { name: 'Fälle' }).click();
      await page.getByLabel('Rechnungs-ID').fill('no-such-invoice');
      await page.getByRole('button', { name: 'Öffnen' }).click();
      const refusal = await answer;
      const problem = (await refusal.json()) as { title: string; detail: string };
      const box = page.locator('.case-view [data-testid="problem"]');
      await box.waitFor();
      const german = normalSpaces(await box.textContent());
      await screenshot(page, '14-supervisor-case-not-found');
      await page.getByRole('button', { name: 'English' }).click();
      await box.filter({ hasText: 'There is no case' }).waitFor();
      const english = normalSpaces(await box.textContent());

      // Assert
      expect(refusal.status()).toBe(404);
      expect(german).toBe(
        'Der Fall konnte nicht geöffnet werden. Zu dieser Rechnungs-ID gibt es keinen Fall.',
      );
      expect(english).toBe('The case could not be opened. There is no case for this invoice id.');
      expect(german).not.toContain(problem.detail);
      expect(english).not.toContain(problem.detail);
    },
    SLOW,
  );

  it(
    'shows and takes dates as the language writes them: 23.03.2026 in German, 23 Mar 2026 and 23/03/2026 in English',
    async () => {
      // Arrange
      const promised = await caseAtCallLevel('web-dates-promise', TODAY);
      const callback = await caseAtCallLevel('web-dates-callback', TODAY);
      const page = await web.signIn('caller', 'Dana Dates');
      await openTask(page, promised.taskId);
      await claim(page);
      await page.getByLabel('Zahlungszusage', { exact: true }).check();
      const promiseDate = page.getByLabel('Zahlung zugesagt bis');
      const germanPlaceholder = await promiseDate.getAttribute('placeholder');

      // Act
      await promiseDate.fill('31.02.2026');
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();
      const impossibleDate = normalSpaces(await page.locator('#outcome-promisedOn-error').textContent());
      await promiseDate.fill(typedDate(addDays(TODAY, 7)));
      const understood = normalSpaces(await page.locator('#outcome-promisedOn-hint').textContent());
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();
      const promises = page.locator('[data-testid="promises"]');
      await promises.waitFor({ timeout: 15_000 });
      const germanPromises = normalSpaces(await promises.textContent());
      await page.getByRole('button', { name: 'English' }).click();
      await promises.filter({ hasText: 'Promised for' }).waitFor();
      const englishPromises = normalSpaces(await promises.textContent());
      await openTask(page, callback.taskId);
      await claim(page, 'Claim');
      await page.getByLabel('Callback agreed', { exact: true }).check();
      const englishPlaceholder = await page.getByLabel('Call back on').getAttribute('placeholder');
      await page.getByLabel('Call back on').fill(typedDate(addDays(TODAY, 1), 'en'));
      await page.getByLabel('Time', { exact: true }).fill('14:30');
      await screenshot(page, '16-english-callback');
      await page.getByRole('button', { name: 'Save outcome' }).click();
      await page.locator('#task-notice', { hasText: 'Outcome saved' }).waitFor();

      // Assert
      expect(germanPlaceholder).toBe('TT.MM.JJJJ');
      expect(impossibleDate).toBe('Bitte ein Datum wie 23.03.2026 eingeben.');
      expect(understood).toBe('Montag, 23. März 2026');
      expect(germanPromises).toContain('23.03.2026');
      expect(englishPromises).toContain('23 Mar 2026');
      expect(englishPlaceholder).toBe('DD/MM/YYYY');
      expect((await workflowInstance().tasks.get(promised.taskId))?.outcome).toMatchObject({
        type: 'promise',
        promisedOn: '2026-03-23',
      });
      expect((await workflowInstance().tasks.get(callback.taskId))?.outcome).toMatchObject({
        type: 'callback',
        callbackAt: '2026-03-17T14:30:00+01:00',
      });
    },
    SLOW,
  );
});
