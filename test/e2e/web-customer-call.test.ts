import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { caseAtCallLevel, waitFor } from '../api/support.js';
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

describe('a customer call on the caller web page', () => {
  it(
    'shows every invoice of the customer with the total and records a dispute of one invoice and a promise for the others',
    async () => {
      // Arrange: three invoices of Stahlbau Nord reach the call level: one call
      const [template] = demoInvoices(TODAY);
      if (!template) throw new Error('demo data missing');
      const customer = { ...template.customer, id: 'cust-web-call', name: 'Stahlbau Nord GmbH' };
      const tasks: Task[] = [];
      for (const [index, cents] of [420_000, 180_000, 95_000].entries()) {
        tasks.push(
          await caseAtCallLevel(`web-call-${index + 1}`, TODAY, {
            customer,
            amount: { cents, currency: 'EUR' },
            dueDate: addDays(TODAY, -70 + index),
          }),
        );
      }
      const [lead, disputed, promised] = tasks;
      if (!lead || !disputed || !promised) throw new Error('three tasks expected');
      // Each task is stored first and joins the call a moment later.
      await waitFor(async () => {
        const joined = await Promise.all(
          [disputed, promised].map((task) => workflowInstance().tasks.get(task.taskId)),
        );
        return joined.every((task) => task?.leadTaskId === lead.taskId) ? true : undefined;
      });
      const page = await web.signIn('caller', 'Carla Caller');
      await taskRow(page, lead.taskId).waitFor();
      const rowsOfCustomer = await page.locator('tbody tr', { hasText: 'Stahlbau Nord GmbH' }).count();
      await openTask(page, lead.taskId);
      await claim(page);
      const card = page.locator('[data-testid="customer-call"]');
      const cardText = normalSpaces(await card.textContent());

      // Act
      await page.getByLabel(`Ergebnis für Rechnung ${disputed.invoiceNumber}`).selectOption('dispute');
      await page
        .getByLabel(`Grund des Einwands zu Rechnung ${disputed.invoiceNumber}`)
        .fill('Lieferung unvollständig');
      await page.getByLabel('Zahlungszusage', { exact: true }).check();
      await page.getByLabel('Zahlung zugesagt bis').fill(typedDate(addDays(TODAY, 7)));
      await page.locator('[data-section="promise"]').getByLabel('Betrag in Euro').fill('1.000,00');
      await screenshot(page, '40-customer-call-outcome');
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assess
      expect(rowsOfCustomer).toBe(1);
      expect(cardText).toContain('3 offene Rechnungen');
      for (const task of tasks) expect(cardText).toContain(task.invoiceNumber);
      expect(cardText).toContain('Zusammen');
      await page.locator('#task-notice', { hasText: 'Ergebnis gespeichert' }).waitFor();
      const { tasks: repository } = workflowInstance();
      const outcomes = await waitFor(async () => {
        const found = await Promise.all(tasks.map((task) => repository.get(task.taskId)));
        return found.every((task) => task?.outcome) ? found.map((task) => task?.outcome?.type) : undefined;
      }, 15_000);
      expect(outcomes).toEqual(['promise', 'dispute', 'promise']);
      expect((await repository.get(disputed.taskId))?.outcome).toMatchObject({
        disputeReason: 'Lieferung unvollständig',
      });
      await screenshot(page, '41-customer-call-recorded');
    },
    SLOW,
  );
});
