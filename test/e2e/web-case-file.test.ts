import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { apiClient, waitFor } from '../api/support.js';
import { caseAwaitingApproval, SLOW, screenshot, TODAY, useWebPage } from './support-web.js';

const web = useWebPage();

async function openCase(page: Page, invoiceId: string): Promise<void> {
  await page.getByRole('link', { name: 'Fälle' }).click();
  await page.getByLabel('Rechnungs-ID').fill(invoiceId);
  await page.getByRole('button', { name: 'Öffnen' }).click();
  await page.locator('[data-case-control]').waitFor();
}

/** The handover approved through the API: the real RenderCaseFile and Handover steps store the file. */
async function handedOver(invoiceId: string): Promise<void> {
  const approval = await caseAwaitingApproval(invoiceId, TODAY);
  const call = apiClient(web.stack);
  await call('POST', `/tasks/${approval.taskId}/claim`, { as: 'supervisor' });
  await call('POST', `/tasks/${approval.taskId}/outcome`, {
    as: 'supervisor',
    body: { outcome: { type: 'approval', decision: 'approve' } },
  });
  await waitFor(async () => {
    const stored = await workflowInstance().cases.get(invoiceId);
    return stored?.case.status === 'handed-over' ? true : undefined;
  }, 20_000);
}

describe('the case file on the supervisor web page', () => {
  it(
    'links the handed-over case file as PDF and JSON, and both links open the stored files',
    async () => {
      // Arrange
      await handedOver('web-case-file');
      const page = await web.signIn('supervisor', 'Sabine Supervisor');

      // Act
      await openCase(page, 'web-case-file');
      const pdfLink = page.getByRole('link', { name: 'Akte (PDF)' });
      await pdfLink.waitFor();
      await screenshot(page, '20-case-file-links');
      const pdfUrl = (await pdfLink.getAttribute('href')) ?? '';
      const jsonUrl = (await page.getByRole('link', { name: 'Akte (JSON)' }).getAttribute('href')) ?? '';

      // Assert
      const pdf = await fetch(pdfUrl);
      expect(pdf.status).toBe(200);
      expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
      const json = await (await fetch(jsonUrl)).json();
      expect(json).toMatchObject({
        invoiceId: 'web-case-file',
        claim: { invoiceNumber: 'RE-web-case-file' },
      });
      expect(await page.getByRole('heading', { name: 'Forderungsakte (§ 13a RDG)' }).isVisible()).toBe(true);
    },
    SLOW,
  );

  it(
    'shows no case file for a case that was not handed over',
    async () => {
      // Arrange
      await caseAwaitingApproval('web-no-case-file', TODAY);
      const page = await web.signIn('supervisor', 'Sabine Supervisor');

      // Act
      await openCase(page, 'web-no-case-file');

      // Assert
      expect(await page.getByRole('link', { name: 'Akte (PDF)' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Forderungsakte (§ 13a RDG)' }).count()).toBe(0);
    },
    SLOW,
  );
});
