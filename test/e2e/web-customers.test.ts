import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import type { Customer } from '../../functions/domain/events.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel } from '../api/support.js';
import { normalSpaces, openTask, SLOW, screenshot, TODAY, useWebPage } from './support-web.js';

const web = useWebPage();

const GRAF: Customer = {
  id: 'cust-web-graf',
  name: 'Gräf & Söhne Metallbau GmbH',
  contactName: 'Herr Tobias Gräf',
  email: 'buchhaltung@graf-metallbau.example',
  phone: '+49 211 555 4242',
  language: 'de',
  segment: 'regular',
  consumer: false,
  state: 'NW',
  creditRating: 3,
};

let callTask: Task;

beforeAll(async () => {
  callTask = await caseAtCallLevel('web-graf-1', TODAY, { customer: GRAF, invoiceNumber: 'RE-2026-8801' });
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  const { service } = workflowInstance();
  for (const [invoiceId, daysAgo] of [
    ['web-graf-2', 25],
    ['web-graf-3', 12],
    ['web-graf-4', 50],
  ] as const) {
    await service.open({
      ...template,
      invoiceId,
      invoiceNumber: `RE-2026-88${invoiceId.slice(-1)}${invoiceId.slice(-1)}`,
      customer: GRAF,
      issueDate: addDays(TODAY, -daysAgo - 14),
      dueDate: addDays(TODAY, -daysAgo),
    });
  }
  await service.change('web-graf-4', () => ({ event: { type: 'invoice-cancelled', on: TODAY } }));
}, 60_000);

describe('finding a customer and reading the customer page', () => {
  it(
    'finds a supervisor the customer by a name typed without umlauts and opens the customer page',
    async () => {
      // Arrange
      const page = await web.signIn('supervisor', 'Sabine Supervisor');
      await page.getByRole('link', { name: 'Fälle' }).click();

      // Act
      await page.getByLabel('Suchbegriff').fill('graef & so');
      await page.getByRole('button', { name: 'Suchen', exact: true }).click();
      const results = page.getByTestId('search-results');
      await results.waitFor();
      await screenshot(page, '30-search-results');
      const rows = await results.locator('tbody tr').count();
      const caption = normalSpaces(await results.locator('caption').textContent());
      await results.getByRole('link', { name: GRAF.name }).first().click();
      await page.getByRole('heading', { name: `Kunde ${GRAF.name}` }).waitFor();
      await page.getByTestId('contacts').waitFor();
      await screenshot(page, '31-customer-page');

      // Assert
      expect(rows).toBe(4);
      expect(caption).toBe('Treffer nach Kundenname');
      const open = page.getByTestId('open-cases');
      expect(await open.locator('tbody tr').count()).toBe(3);
      expect(normalSpaces(await page.getByTestId('closed-cases').textContent())).toContain('storniert');
      expect(normalSpaces(await page.getByTestId('customer-exposure').textContent())).toContain(
        'Offene Rechnungen3',
      );
      expect(normalSpaces(await page.getByTestId('contacts').textContent())).toContain('Mahnanruf');
      expect(await page.getByText(GRAF.email).count()).toBe(1);
    },
    SLOW,
  );

  it(
    'takes a caller from a task to the customer page, with the phone and without the email',
    async () => {
      // Arrange
      const page = await web.signIn('caller', 'Carla Caller');
      await openTask(page, callTask.taskId);

      // Act
      await page.getByRole('link', { name: 'Kundenseite' }).click();
      await page.getByRole('heading', { name: `Kunde ${GRAF.name}` }).waitFor();
      await page.getByTestId('open-cases').waitFor();
      await screenshot(page, '32-customer-page-caller');

      // Assert
      expect(await page.getByText(GRAF.phone ?? '').count()).toBe(1);
      expect(await page.getByText(GRAF.email).count()).toBe(0);
      // Callers read the invoices but open no case page.
      expect(await page.getByTestId('open-cases').getByRole('link').count()).toBe(0);
    },
    SLOW,
  );

  it(
    'finds a caller an invoice by its number and says when nothing is found',
    async () => {
      // Arrange
      const page = await web.signIn('caller', 'Carla Caller');
      await page.getByRole('link', { name: 'Fälle' }).click();

      // Act
      await page.getByLabel('Suchbegriff').fill('re 2026 8801');
      await page.getByRole('button', { name: 'Suchen', exact: true }).click();
      const results = page.getByTestId('search-results');
      await results.waitFor();
      const found = normalSpaces(await results.locator('tbody').textContent());
      await page.getByLabel('Suchbegriff').fill('zz-niemand');
      await page.getByRole('button', { name: 'Suchen', exact: true }).click();
      await page.getByTestId('search-empty').waitFor();

      // Assert
      expect(found).toContain('RE-2026-8801');
      expect(found).toContain(GRAF.name);
      expect(normalSpaces(await page.getByTestId('search-empty').textContent())).toBe('Nichts gefunden.');
    },
    SLOW,
  );
});
