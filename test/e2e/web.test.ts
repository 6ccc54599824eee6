import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';
import { apiClient, caseAtCallLevel, waitFor } from '../api/support.js';
import {
  buildWebPage,
  caseAwaitingApproval,
  launchChromium,
  screenshot,
  startFakeCognito,
} from './support-web.js';

// Real time (scale 1): tasks must not time out while a browser works them.
const TODAY = '2026-03-16';
const DESKTOP = { width: 1280, height: 800 };
const TABLET = { width: 820, height: 1180 };
const SLOW = 60_000;

let browser: Browser;
let stack: WorkflowStack;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  // The browser first: without it nothing here can run, and the message says how to get it.
  browser = await launchChromium();
  await buildWebPage();
  stack = await startWorkflowStack({
    clockScale: 1,
    businessStart: `${TODAY}T10:00:00+01:00`,
    logLevel: 'ERROR',
  });
}, 120_000);

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  // Every test also checks that the page threw no script error while it ran.
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const appUrl = (hash = '') => `${stack.endpoints.api}/app/${hash}`;
const normalSpaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

async function openPage(viewport = DESKTOP, options: { fakeClock?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  if (options.fakeClock) await page.clock.install();
  return page;
}

/** Local sign-in through the page itself: role, name, the button; the queue appears. */
async function signIn(
  role: 'caller' | 'supervisor',
  name: string,
  viewport = DESKTOP,
  options: { fakeClock?: boolean; screenshot?: string } = {},
): Promise<Page> {
  const page = await openPage(viewport, options);
  await page.goto(appUrl());
  await page.getByLabel(role === 'caller' ? 'Forderungsmanagement' : 'Teamleitung', { exact: true }).check();
  await page.getByLabel('Name (optional)').fill(name);
  if (options.screenshot) await screenshot(page, options.screenshot);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Aufgaben', exact: true }).waitFor();
  return page;
}

const taskRow = (page: Page, taskId: string) => page.locator(`tr[data-task-id="${taskId}"]`);

async function openTask(page: Page, taskId: string): Promise<void> {
  await taskRow(page, taskId).getByRole('link').click();
  await page.locator('.task-view .claim-bar').waitFor();
}

async function claim(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await page.locator('#outcome-form').waitFor();
}

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
      const page = await signIn('caller', 'Clara Caller', DESKTOP, { screenshot: '00-sign-in' });
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
      await page.getByLabel('Zahlung zugesagt bis').fill(addDays(TODAY, 7));
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
      await page
        .locator('[data-testid="timeline"] tr[data-type="promise-recorded"]')
        .waitFor({ timeout: 15_000 });
      expect(normalSpaces(await page.locator('[data-testid="promises"]').textContent())).toContain(
        '1.000,00 €',
      );
      expect(normalSpaces(await page.locator('#detail-heading').textContent())).toBe(markupName);
      expect(await page.locator('main img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect((await workflowInstance().tasks.get(task.taskId))?.outcome).toMatchObject({
        type: 'promise',
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
      const page = await signIn('caller', 'Vera Validation');
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
    "shows the API's problem details when it refuses a promise beyond the policy's 30 days",
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-far-promise', TODAY);
      const page = await signIn('caller', 'Paul Promise');
      await openTask(page, task.taskId);
      await claim(page);
      await page.getByLabel('Zahlungszusage', { exact: true }).check();
      await page.getByLabel('Zahlung zugesagt bis').fill(addDays(TODAY, 120));
      await page.locator('[data-section="promise"]').getByLabel('Betrag in Euro').fill('100');

      // Act
      await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

      // Assert
      const problem = page.locator('#outcome-problem [data-testid="problem"]');
      await problem.waitFor();
      const text = normalSpaces(await problem.textContent());
      expect(text).toContain('Vom Server abgelehnt (422)');
      expect(text).toContain('Outcome does not fit the case');
      expect(text).toContain('30 days');
      expect(text).toContain('body.outcome');
      expect(await page.locator('#outcome-form').count()).toBe(1);
      expect(await taskRow(page, task.taskId).count()).toBe(1);
      expect((await workflowInstance().tasks.get(task.taskId))?.outcome).toBeNull();
      await screenshot(page, '05-caller-refused-by-api');
    },
    SLOW,
  );

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
      const page = await signIn('caller', 'Petra Place', { width: 1280, height: 560 }, { fakeClock: true });
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
      const page = await signIn('caller', 'Kai Keyboard');
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
    'switches to English on the spot, talking points and timeline included, formats money for it, and remembers the choice',
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-english', TODAY, {
        amount: { cents: 123_456, currency: 'EUR' },
      });
      const page = await signIn('caller', 'Eli English');
      await taskRow(page, task.taskId).waitFor();
      await openTask(page, task.taskId);
      await page.locator('.points li', { hasText: 'Heute offen:' }).waitFor();
      await page.locator('td', { hasText: 'Fall eröffnet für Rechnung' }).first().waitFor();

      // Act
      await page.getByRole('button', { name: 'English' }).click();
      const taskHeadings = await page.locator('.task-view h3').allTextContents();
      await page.locator('.points li', { hasText: 'Open today: €' }).waitFor();
      await page.locator('td', { hasText: 'case opened for invoice' }).first().waitFor();
      await page.reload();

      // Assert
      expect(taskHeadings).toEqual(expect.arrayContaining(['Before you dial', 'Amounts', 'Talking points']));
      await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(normalSpaces(await taskRow(page, task.taskId).textContent())).toContain('€1,274.56');
      expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
      await screenshot(page, '12-english-queue');
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
      const page = await signIn('caller', 'Tanja Tablet', TABLET);
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

describe('the supervisor web page', () => {
  it(
    'approves an Inkasso handover from the supervisors queue and the case is handed over',
    async () => {
      // Arrange
      const approval = await caseAwaitingApproval('web-handover', TODAY);
      const page = await signIn('supervisor', 'Sabine Supervisor');
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
      const call = apiClient(stack);
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
      const page = await signIn('supervisor', 'Dora Dispute');
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
    'holds and resumes a case, with the reason on its timeline',
    async () => {
      // Arrange
      await caseAtCallLevel('web-hold', TODAY);
      const page = await signIn('supervisor', 'Hanna Hold');
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
      const call = apiClient(stack);
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
      const page = await signIn('supervisor', 'Rita Reports');

      // Act
      await page.getByRole('link', { name: 'Berichte' }).click();
      await page.locator('[data-testid="report-aging"] table').waitFor();

      // Assert
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

describe('signing in on AWS', () => {
  it(
    'signs in through the Cognito hosted UI with an authorization code and PKCE, calls the API, and signs out',
    async () => {
      // Arrange
      const task = await caseAtCallLevel('web-cognito', TODAY, {
        amount: { cents: 9_600_000, currency: 'EUR' },
      });
      const cognito = await startFakeCognito({ name: 'Cora Cognito', role: 'caller' });
      const page = await openPage();
      // What the deployment writes next to index.html on AWS.
      await page.route('**/app/config.json', (route) =>
        route.fulfill({
          json: {
            auth: 'cognito',
            apiBaseUrl: stack.endpoints.api,
            cognito: { domain: cognito.origin, clientId: cognito.clientId },
          },
        }),
      );

      try {
        // Act
        await page.goto(appUrl());
        await page.getByRole('button', { name: 'Mit Firmenkonto anmelden' }).click();
        await taskRow(page, task.taskId).waitFor();
        const userText = normalSpaces(await page.getByTestId('user').textContent());
        const addressAfterSignIn = page.url();
        await page.getByRole('button', { name: 'Abmelden' }).click();
        await page.getByRole('button', { name: 'Mit Firmenkonto anmelden' }).waitFor();

        // Assert
        expect(userText).toContain('Cora Cognito');
        expect(addressAfterSignIn).not.toContain('code=');
        expect(cognito.requests.map((request) => request.path)).toEqual([
          '/oauth2/authorize',
          '/oauth2/token',
          '/logout',
        ]);
        const [authorize, token] = cognito.requests;
        expect(authorize?.params).toMatchObject({
          response_type: 'code',
          code_challenge_method: 'S256',
          redirect_uri: appUrl(),
          scope: 'openid email profile',
          lang: 'de',
        });
        expect(token?.params.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
        expect(token?.params.grant_type).toBe('authorization_code');
      } finally {
        await cognito.close();
      }
    },
    SLOW,
  );
});
