import { describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { apiClient, caseAtCallLevel, computeReports, waitFor } from '../api/support.js';
import {
  caseAwaitingApproval,
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

describe('the supervisor web page', () => {
  it(
    'approves an Inkasso handover from the supervisors queue and the case is handed over',
    async () => {
      // Arrange
      const approval = await caseAwaitingApproval('web-handover', TODAY);
      const page = await web.signIn('supervisor', 'Sabine Supervisor');
      await page.getByLabel('Warteschlange', { exact: true }).selectOption('supervisors');
      await taskRow(page, approval.taskId).waitFor();
      await openTask(page, approval.taskId);
      await claim(page);

      // Act
      await page.getByLabel('Übergabe an das Inkassobüro freigeben').check();
      await screenshot(page, '09-supervisor-approval');
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      await page.locator('#task-notice', { hasText: 'Ergebnis gespeichert' }).waitFor();
      await taskRow(page, approval.taskId).waitFor({ state: 'detached' });
      const handedOver = await waitFor(async () => {
        const stored = await workflowInstance().cases.get('web-handover');
        return stored?.case.status === 'handed-over' ? stored.case : undefined;
      }, 15_000);
      expect(handedOver.closed?.outcome).toBe('handed-over');
      expect((await workflowInstance().tasks.get(approval.taskId))?.outcome).toMatchObject({
        type: 'approval',
        decision: 'approve',
      });
    },
    SLOW,
  );

  it(
    'decides a dispute from the disputes queue and the upheld claim is cancelled',
    async () => {
      // Arrange
      const call = apiClient(web.stack);
      const disputed = await caseAtCallLevel('web-dispute', TODAY);
      await call('POST', `/tasks/${disputed.taskId}/claim`, { as: 'caller', subject: 'dispute-caller' });
      await call('POST', `/tasks/${disputed.taskId}/outcome`, {
        as: 'caller',
        subject: 'dispute-caller',
        body: {
          outcome: { type: 'dispute', disputeReason: 'Lieferung unvollständig', reason: 'disputed-delivery' },
        },
      });
      const resolution = await waitFor(async () =>
        (await workflowInstance().tasks.tasksOfCase('web-dispute')).find(
          (task) => task.kind === 'dispute' && task.status === 'open',
        ),
      );
      const page = await web.signIn('supervisor', 'Dora Dispute');
      await page.getByLabel('Warteschlange', { exact: true }).selectOption('disputes');
      await taskRow(page, resolution.taskId).waitFor();
      await openTask(page, resolution.taskId);
      await claim(page);

      // Act
      await page.getByLabel('Einwand berechtigt: Forderung wird storniert').check();
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      await page.locator('#task-notice', { hasText: 'Ergebnis gespeichert' }).waitFor();
      await taskRow(page, resolution.taskId).waitFor({ state: 'detached' });
      const cancelled = await waitFor(async () => {
        const stored = await workflowInstance().cases.get('web-dispute');
        return stored?.case.status === 'cancelled' ? stored.case : undefined;
      }, 15_000);
      expect(cancelled.closed?.outcome).toBe('cancelled');
    },
    SLOW,
  );

  it(
    "puts the case lookup's heading above its form",
    async () => {
      // Arrange
      const page = await web.signIn('supervisor', 'Lea Lookup');

      // Act
      await page.getByRole('link', { name: 'Fälle' }).click();
      const heading = page.getByRole('heading', { name: 'Fall öffnen', exact: true });
      await heading.waitFor();
      const headingBox = await heading.boundingBox();
      const formBox = await page.getByRole('search', { name: 'Fall öffnen' }).boundingBox();
      await screenshot(page, '13-supervisor-case-lookup');

      // Assert
      if (!headingBox || !formBox) throw new Error('heading or form not laid out');
      expect(headingBox.y + headingBox.height).toBeLessThanOrEqual(formBox.y);
      // The page opens on the search, which callers and supervisors use most.
      expect(await page.locator('#search-q:focus').count()).toBe(1);
    },
    SLOW,
  );

  it(
    'holds and resumes a case, with the reason on its timeline',
    async () => {
      // Arrange
      await caseAtCallLevel('web-hold', TODAY);
      const page = await web.signIn('supervisor', 'Hanna Hold');
      await page.getByRole('link', { name: 'Fälle' }).click();
      await page.getByLabel('Rechnungs-ID').fill('web-hold');
      await page.getByRole('button', { name: 'Öffnen' }).click();
      await page.locator('[data-case-control]').waitFor();

      // Act
      await page.getByLabel('Grund für das Anhalten').fill('Insolvenzprüfung läuft');
      await page.getByRole('button', { name: 'Mahnlauf anhalten' }).click();
      await page.getByRole('button', { name: 'Mahnlauf fortsetzen' }).waitFor();
      const held = normalSpaces(await page.locator('.case-view').textContent());
      await screenshot(page, '10-supervisor-case-on-hold');
      await page.getByRole('button', { name: 'Mahnlauf fortsetzen' }).click();

      // Assert
      expect(held).toContain('angehalten');
      expect(held).toContain('Insolvenzprüfung läuft');
      await page.getByRole('button', { name: 'Mahnlauf anhalten' }).waitFor();
      const timelineTypes = await page
        .locator('[data-testid="timeline"] tr')
        .evaluateAll((rows: { getAttribute(name: string): string | null }[]) =>
          rows.map((row) => row.getAttribute('data-type')),
        );
      expect(timelineTypes).toEqual(expect.arrayContaining(['hold-set', 'hold-released']));
      expect((await workflowInstance().cases.get('web-hold'))?.case.status).toBe('open');
    },
    SLOW,
  );

  it(
    'reads the reports as tables with charts: aging, reasons for non-payment, promises, recovered',
    async () => {
      // Arrange
      const call = apiClient(web.stack);
      const task = await caseAtCallLevel('web-report', TODAY);
      await call('POST', `/tasks/${task.taskId}/claim`, { as: 'caller', subject: 'report-caller' });
      await call('POST', `/tasks/${task.taskId}/outcome`, {
        as: 'caller',
        subject: 'report-caller',
        body: {
          outcome: {
            type: 'promise',
            promisedOn: addDays(TODAY, 5),
            cents: 5_000,
            reason: 'missing-po-number',
          },
        },
      });
      await waitFor(async () =>
        (await workflowInstance().tasks.get(task.taskId))?.status === 'done' ? true : undefined,
      );
      // The reports read the report job's snapshot, which the schedule would refresh on its own.
      await computeReports(web.stack);
      const page = await web.signIn('supervisor', 'Rita Reports');

      // Act
      await page.getByRole('link', { name: 'Berichte' }).click();
      await page.locator('[data-testid="report-aging"] table').waitFor();
      await page.getByLabel('Von', { exact: true }).fill('01.01.2025');
      await page.getByLabel('Bis', { exact: true }).fill(typedDate(TODAY));
      const rangeRequest = page.waitForRequest((request) => request.url().includes('/reports/aging?'));
      await page.getByRole('button', { name: 'Anzeigen' }).click();
      const asked = new URL((await rangeRequest).url()).searchParams;
      await page.locator('[data-testid="report-aging"] table').waitFor();

      // Assert
      expect([asked.get('from'), asked.get('to')]).toEqual(['2025-01-01', TODAY]);
      expect(await page.getByLabel('Von', { exact: true }).inputValue()).toBe('01.01.2025');
      const aging = normalSpaces(await page.locator('[data-testid="report-aging"]').textContent());
      expect(aging).toContain('31–60 Tage');
      expect(await page.locator('[data-testid="report-aging"] svg.bar').count()).toBe(5);
      const reasons = normalSpaces(await page.locator('[data-testid="report-reasons"]').textContent());
      expect(reasons).toContain('Bestellnummer fehlt');
      const promises = await call('GET', '/reports/promises', { as: 'supervisor' });
      const pending = (promises.body as { pending: number }).pending;
      expect(pending).toBeGreaterThan(0);
      const pendingRow = page.locator('[data-testid="report-promises"] tr', { hasText: 'offen' });
      expect(normalSpaces(await pendingRow.textContent())).toBe(`offen${pending}`);
      expect(await page.locator('[data-testid="report-promises"] svg.stacked rect').count()).toBe(4);
      expect(await page.locator('[data-testid="report-recovered"] table').count()).toBe(1);
      await screenshot(page, '11-supervisor-reports');
    },
    SLOW,
  );
});
