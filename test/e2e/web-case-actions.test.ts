import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { apiClient, caseAtCallLevel, waitFor } from '../api/support.js';
import { normalSpaces, SLOW, screenshot, TODAY, useWebPage } from './support-web.js';

const web = useWebPage();

/** A case whose automatic dunning ended by design (a rejected handover, say): open, and no execution works it. */
async function caseWhoseDunningEnded(invoiceId: string): Promise<void> {
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  const { service } = workflowInstance();
  await service.open({
    ...template,
    invoiceId,
    invoiceNumber: `RE-${invoiceId}`,
    issueDate: addDays(TODAY, -40),
    dueDate: addDays(TODAY, -10),
  });
  await service.change(invoiceId, () => ({
    event: { type: 'workflow-ended', on: TODAY, cause: 'workflow-done' },
  }));
}

/** An ERP dunning block as the inbound ERP event sets it. */
async function blockInErp(invoiceId: string, reason: string): Promise<void> {
  await workflowInstance().service.change(invoiceId, () => ({
    event: { type: 'hold-set', on: TODAY, reason, owner: 'erp' },
  }));
}

async function openCase(page: Page, invoiceId: string): Promise<void> {
  await page.getByRole('link', { name: 'Fälle' }).click();
  await page.getByLabel('Rechnungs-ID').fill(invoiceId);
  await page.getByRole('button', { name: 'Öffnen' }).click();
  await page.locator('[data-case-control]').waitFor();
}

const holdFlags = (page: Page) =>
  page
    .locator('.case-view .flags li[data-hold-owner]')
    .evaluateAll((items: { textContent: string | null }[]) => items.map((item) => item.textContent ?? ''));

const problemShown = async (page: Page) =>
  normalSpaces(await page.locator('.case-control-problem [data-testid="problem"]').textContent());

describe('restarting and holding a case on the supervisor web page', () => {
  it(
    'restarts a case whose automatic dunning ended, with the reason and the supervisor on its timeline',
    async () => {
      // Arrange
      await caseWhoseDunningEnded('web-ended');
      const page = await web.signIn('supervisor', 'Rita Restart');
      await openCase(page, 'web-ended');

      // Act
      await page.getByLabel('Grund für den Neustart').fill('Kunde zahlt doch nicht');
      await page.getByRole('button', { name: 'Mahnlauf neu starten' }).click();
      const restartLine = page.locator('[data-testid="timeline"] tr[data-type="workflow-restarted"]');
      await restartLine.waitFor();
      await screenshot(page, '17-supervisor-case-restarted');

      // Assert
      expect(normalSpaces(await restartLine.textContent())).toContain(
        'Mahnlauf neu gestartet (1. Neustart), durch die Teamleitung: Kunde zahlt doch nicht (von Rita Restart)',
      );
      expect(await page.locator('.case-control-problem [data-testid="problem"]').count()).toBe(0);
      const restarted = await waitFor(async () =>
        web.stack.stepFunctions.executions().find((execution) => execution.name === 'inv-web-ended-r1'),
      );
      expect(restarted.status).toBe('RUNNING');
    },
    SLOW,
  );

  it(
    'says in German why a case that a running execution works is not restarted',
    async () => {
      // Arrange
      await caseAtCallLevel('web-worked', TODAY);
      const page = await web.signIn('supervisor', 'Rita Restart');
      await openCase(page, 'web-worked');
      const refusal = page.waitForResponse((response) =>
        response.url().endsWith('/cases/web-worked/restart'),
      );

      // Act
      await page.getByLabel('Grund für den Neustart').fill('Kunde hat angerufen');
      await page.getByRole('button', { name: 'Mahnlauf neu starten' }).click();
      const problem = (await (await refusal).json()) as { detail: string };
      await page.locator('.case-control-problem [data-testid="problem"]').waitFor();
      await screenshot(page, '18-supervisor-restart-refused');

      // Assert
      expect(problem.detail).toBe('the case is being worked by a running execution');
      expect(await problemShown(page)).toBe(
        'Der Mahnlauf konnte nicht neu gestartet werden. Ein laufender Mahnlauf bearbeitet den Fall bereits; ein Neustart ist nicht nötig.',
      );
      expect(await page.locator('.case-control-problem .problem:focus').count()).toBe(1);
      const timelineTypes = await page
        .locator('[data-testid="timeline"] tr')
        .evaluateAll((rows: { getAttribute(name: string): string | null }[]) =>
          rows.map((row) => row.getAttribute('data-type')),
        );
      expect(timelineTypes).not.toContain('workflow-restarted');
    },
    SLOW,
  );

  it(
    'shows the ERP block and the supervisor’s hold each with its owner, and resume lifts only the supervisor’s',
    async () => {
      // Arrange
      await caseAtCallLevel('web-two-holds', TODAY);
      await blockInErp('web-two-holds', 'Reklamation in Prüfung');
      const page = await web.signIn('supervisor', 'Hanna Hold');
      await openCase(page, 'web-two-holds');
      const resumeOfferedForErpAlone = await page
        .getByRole('button', { name: 'Mahnlauf fortsetzen' })
        .count();
      await page.getByLabel('Grund für das Anhalten').fill('Insolvenzprüfung läuft');
      await page.getByRole('button', { name: 'Mahnlauf anhalten' }).click();
      await page.getByRole('button', { name: 'Mahnlauf fortsetzen' }).waitFor();
      const bothHolds = await holdFlags(page);
      await screenshot(page, '19-supervisor-case-two-holds');

      // Act
      await page.getByRole('button', { name: 'Mahnlauf fortsetzen' }).click();
      await page.getByRole('button', { name: 'Mahnlauf anhalten' }).waitFor();
      await screenshot(page, '20-supervisor-case-erp-block-only');

      // Assert
      const day = '16.03.2026';
      expect(resumeOfferedForErpAlone).toBe(0);
      expect(bothHolds).toEqual([
        `Angehalten (Mahnsperre im ERP) seit ${day}: Reklamation in Prüfung`,
        `Angehalten (Teamleitung, von Hanna Hold) seit ${day}: Insolvenzprüfung läuft`,
      ]);
      expect(await holdFlags(page)).toEqual([
        `Angehalten (Mahnsperre im ERP) seit ${day}: Reklamation in Prüfung`,
      ]);
      expect(await page.getByRole('button', { name: 'Mahnlauf fortsetzen' }).count()).toBe(0);
      expect(normalSpaces(await page.locator('[data-case-control]').textContent())).toContain(
        'Eine Mahnsperre im ERP hält den Fall an; aufheben kann sie nur das ERP.',
      );
      const stored = (await workflowInstance().cases.get('web-two-holds'))?.case;
      expect(stored?.status).toBe('on-hold');
      expect(stored?.hold?.holders.map((holder) => holder.owner)).toEqual(['erp']);
    },
    SLOW,
  );

  it(
    'says in German that the case is not held by the supervisor when another one resumed it meanwhile',
    async () => {
      // Arrange
      const call = apiClient(web.stack);
      await caseAtCallLevel('web-resumed-meanwhile', TODAY);
      await blockInErp('web-resumed-meanwhile', 'Reklamation in Prüfung');
      await call('POST', '/cases/web-resumed-meanwhile/hold', {
        as: 'supervisor',
        body: { reason: 'Vertrieb verhandelt' },
      });
      const page = await web.signIn('supervisor', 'Hanna Hold');
      await openCase(page, 'web-resumed-meanwhile');
      await call('POST', '/cases/web-resumed-meanwhile/resume', { as: 'supervisor' });

      // Act
      await page.getByRole('button', { name: 'Mahnlauf fortsetzen' }).click();
      await page.locator('.case-control-problem [data-testid="problem"]').waitFor();

      // Assert
      expect(await problemShown(page)).toBe(
        'Der Mahnlauf konnte nicht fortgesetzt werden. Der Fall ist nicht (mehr) von der Teamleitung angehalten. Eine Mahnsperre im ERP hebt nur das ERP auf. Bitte laden Sie den Fall neu.',
      );
      expect((await workflowInstance().cases.get('web-resumed-meanwhile'))?.case.status).toBe('on-hold');
    },
    SLOW,
  );
});
