import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
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

describe('the caller web page', () => {
  it(
    'lets a caller claim the top task, record a promise, and see it leave the queue and reach the case timeline',
    async () => {
      // Arrange
      const [template] = demoInvoices(TODAY);
      if (!template) throw new Error('demo data missing');
      const markupName = 'Müller & <img src=x onerror=alert(1)> Söhne';
      const task = await caseAtCallLevel('web-promise', TODAY, {
        amount: { cents: 9_500_000, currency: 'EUR' },
        customer: { ...template.customer, id: 'cust-web-markup', name: markupName },
      });
      const page = await web.signIn('caller', 'Clara Caller', { screenshot: '00-sign-in' });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await taskRow(page, task.taskId).waitFor();
      const topTaskId = await page.locator('tbody tr').first().getAttribute('data-task-id');
      await screenshot(page, '01-caller-queue');
      await openTask(page, task.taskId);
      const facts = normalSpaces(await page.locator('.task-view').textContent());

      // Act
      await claim(page);
      await page.getByLabel('Zahlungszusage', { exact: true }).check();
      await page.getByLabel('Zahlung zugesagt bis').fill(typedDate(addDays(TODAY, 7)));
      await page.locator('[data-section="promise"]').getByLabel('Betrag in Euro').fill('1.000,00');
      await page.getByLabel('Grund der Nichtzahlung').selectOption('liquidity');
      await screenshot(page, '02-caller-outcome-form');
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      expect(topTaskId).toBe(task.taskId);
      expect(facts).toContain('+49 211 555 0199');
      expect(facts).toContain('PO-77812');
      expect(facts).toContain('Klasse 2');
      expect(facts).toContain('Verzugszinsen bis heute');
      expect(facts).toContain('RE-web-promise');
      await page.locator('#task-notice', { hasText: 'Ergebnis gespeichert' }).waitFor();
      await taskRow(page, task.taskId).waitFor({ state: 'detached' });
      const promiseLine = page.locator('[data-testid="timeline"] tr[data-type="promise-recorded"]');
      await promiseLine.waitFor({ timeout: 15_000 });
      // Who recorded it reads on the timeline line and with the recorded outcome.
      expect(normalSpaces(await promiseLine.textContent())).toContain('(von Clara Caller)');
      expect(normalSpaces(await page.locator('[data-testid="recorded-outcome"]').textContent())).toMatch(
        /Erfasst von\s*Clara Caller/,
      );
      expect(normalSpaces(await page.locator('[data-testid="promises"]').textContent())).toContain(
        '1.000,00 €',
      );
      expect(normalSpaces(await page.locator('#detail-heading').textContent())).toBe(markupName);
      expect(await page.locator('main img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect((await workflowInstance().tasks.get(task.taskId))?.outcome).toMatchObject({
        type: 'promise',
        promisedOn: addDays(TODAY, 7),
        cents: 100_000,
        reason: 'liquidity',
      });
      await screenshot(page, '03-caller-promise-recorded');
    },
    SLOW,
  );

  it(
    "checks an outcome with the API's own schema before sending it and names each field",
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-validation', TODAY);
      const page = await web.signIn('caller', 'Vera Validation');
      const outcomeRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/outcome')) outcomeRequests.push(request.url());
      });
      await openTask(page, task.taskId);
      await claim(page);
      await page.getByLabel('Ratenzahlung', { exact: true }).check();
      await page.getByRole('button', { name: 'Rate 2 entfernen' }).click();
      await page.locator('#outcome-rates-0-cents').fill('zwölf');

      // Act
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      const summary = normalSpaces(await page.locator('#outcome-summary').textContent());
      expect(summary).toContain('Ein Ratenplan braucht mindestens 2 Raten.');
      expect(summary).toContain('Bitte ausfüllen.');
      expect(summary).toContain('Bitte einen Betrag wie 1.234,56 eingeben.');
      expect(await page.locator('#outcome-rates-0-dueDate').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#outcome-rates-0-cents').getAttribute('aria-invalid')).toBe('true');
      expect(outcomeRequests).toEqual([]);
      await screenshot(page, '04-caller-validation');
    },
    SLOW,
  );

  it(
    'agrees an installment plan with dates typed as a German clerk types them',
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-installments', TODAY, {
        amount: { cents: 60_000, currency: 'EUR' },
      });
      const page = await web.signIn('caller', 'Ina Installments');
      await openTask(page, task.taskId);
      await claim(page);
      await page.getByLabel('Ratenzahlung', { exact: true }).check();
      // The rates must add up to what is open today (interest included), as the page shows it.
      const openText = await page.locator('.amounts tr.total td').textContent();
      const openCents = Number((openText ?? '').replace(/\D/g, ''));
      const firstCents = Math.floor(openCents / 2);
      const asTyped = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

      // Act
      await page.locator('#outcome-rates-0-dueDate').fill('1.4.26');
      await page.locator('#outcome-rates-0-cents').fill(asTyped(firstCents));
      await page.locator('#outcome-rates-1-dueDate').fill('04.05.2026');
      await page.locator('#outcome-rates-1-cents').fill(asTyped(openCents - firstCents));
      const understood = normalSpaces(await page.locator('#outcome-rates-0-dueDate-hint').textContent());
      const writtenOut = await page.locator('#outcome-rates-0-dueDate').inputValue();
      await screenshot(page, '15-caller-installments');
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      expect(understood).toBe('Mittwoch, 1. April 2026');
      expect(writtenOut).toBe('01.04.2026');
      await page.locator('#task-notice', { hasText: 'Ergebnis gespeichert' }).waitFor();
      const outcome = (await workflowInstance().tasks.get(task.taskId))?.outcome;
      expect(outcome).toMatchObject({
        type: 'installments',
        rates: [{ dueDate: '2026-04-01' }, { dueDate: '2026-05-04' }],
      });
    },
    SLOW,
  );
});
