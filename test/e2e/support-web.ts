import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { addDays, type IsoDate } from '../../functions/domain/calendar.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';
import { repositoryRoot } from '../../statemachines/asl.js';
import { caseWithHistory } from '../api/support.js';

export const ARTIFACTS = join(repositoryRoot, 'test-artifacts', 'web');
/** Business today of every browser test; the clock runs in real time so tasks do not time out meanwhile. */
export const TODAY = '2026-03-16';
export const DESKTOP = { width: 1280, height: 800 };
export const TABLET = { width: 820, height: 1180 };
export const SLOW = 60_000;

/**
 * Builds web/ with the same config as `npm run build:web`, into a folder of its own: test files run in
 * parallel, and one emptying web/dist while another serves it would make both flaky.
 */
async function buildWebPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'mahnwesen-web-'));
  await build({
    configFile: join(repositoryRoot, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Flags of the same kind the previous Debian set-up passed: no updates, sync or first-run work in tests. */
const QUIET_BROWSER = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The package's flags suit a serverless renderer with one page. Not here: one process for everything
 * (`--single-process`) takes the whole browser down when the first test closes its context, and the two
 * others let the page do what no person's browser lets it (cross-origin reads, mixed content), so a test
 * could pass that fails in real life.
 */
const NOT_FOR_TESTS = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

/**
 * Chromium from the npm package @sparticuz/chromium (installed by `npm ci`, nothing else to install), driven
 * by playwright-core. `CHROMIUM_PATH` names another browser to use instead, e.g. /usr/bin/chromium.
 */
export async function launchChromium(): Promise<Browser> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    return chromium.launch({
      executablePath: chosen,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', ...QUIET_BROWSER],
    });
  }
  return chromium.launch({
    executablePath: await inflatedChromium(),
    headless: true,
    args: [...sparticuz.args.filter((flag) => !NOT_FOR_TESTS.has(flag)), ...QUIET_BROWSER],
  });
}

/**
 * The package unpacks its browser into the temp directory on first use and takes an existing file there
 * as done. Test files run in parallel workers, so the first unpacking is done under a lock: another worker
 * would otherwise start a half-written binary. A lock left by a killed run is taken over after a minute.
 */
async function inflatedChromium(): Promise<string> {
  const lock = join(tmpdir(), 'mahnwesen-chromium.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await sparticuz.executablePath();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Everything a person would scroll to on the page, for looking at after the run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  // Queue and task scroll inside their panes, which a full-page shot leaves cut off: the viewport grows to
  // the taller pane for the shot, then returns to its size (the page keeps its scroll positions).
  const viewport = page.viewportSize();
  const contentHeight = await page.evaluate<number>(`Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('.queue-scroll, .detail-pane')].map(
      (pane) => pane.getBoundingClientRect().top + pane.scrollHeight))`);
  if (viewport) await page.setViewportSize({ ...viewport, height: Math.ceil(contentHeight) });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (viewport) await page.setViewportSize(viewport);
}

export interface WebPage {
  readonly stack: WorkflowStack;
  appUrl(hash?: string): string;
  openPage(options?: PageOptions): Promise<Page>;
  /** Local sign-in through the page itself (German labels): role, name, the button; the queue appears. */
  signIn(role: 'caller' | 'supervisor', name: string, options?: PageOptions): Promise<Page>;
}

interface PageOptions {
  viewport?: { width: number; height: number };
  fakeClock?: boolean;
  /** A screenshot of the filled-in sign-in form, under this name. */
  screenshot?: string;
}

/**
 * One browser test file's set-up: the browser, the built page and the whole local stack for the file's
 * tests; every test gets fresh browser contexts (closed after it) and fails on any script error in the page.
 */
export function useWebPage(): WebPage {
  let browser: Browser | undefined;
  let stack: WorkflowStack | undefined;
  let webRoot: string | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The browser first: without it nothing here can run.
    browser = await launchChromium();
    webRoot = await buildWebPage();
    stack = await startWorkflowStack({
      clockScale: 1,
      businessStart: `${TODAY}T10:00:00+01:00`,
      logLevel: 'ERROR',
      webRoot,
    });
  }, 120_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  const started = () => {
    if (!browser || !stack) throw new Error('the browser tests did not start');
    return { browser, stack };
  };
  const appUrl = (hash = '') => `${started().stack.endpoints.api}/app/${hash}`;
  const openPage = async (options: PageOptions = {}) => {
    const context = await started().browser.newContext({
      viewport: options.viewport ?? DESKTOP,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    if (options.fakeClock) await page.clock.install();
    return page;
  };
  return {
    get stack() {
      return started().stack;
    },
    appUrl,
    openPage,
    async signIn(role, name, options = {}) {
      const page = await openPage(options);
      await page.goto(appUrl());
      await page
        .getByLabel(role === 'caller' ? 'Forderungsmanagement' : 'Teamleitung', { exact: true })
        .check();
      await page.getByLabel('Name (optional)').fill(name);
      if (options.screenshot) await screenshot(page, options.screenshot);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Aufgaben', exact: true }).waitFor();
      return page;
    },
  };
}

export const normalSpaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
export const taskRow = (page: Page, taskId: string) => page.locator(`tr[data-task-id="${taskId}"]`);

export async function openTask(page: Page, taskId: string): Promise<void> {
  await taskRow(page, taskId).getByRole('link').click();
  await page.locator('.task-view .claim-bar').waitFor();
}

export async function claim(page: Page, buttonName = 'Übernehmen'): Promise<void> {
  await page.getByRole('button', { name: buttonName, exact: true }).click();
  await page.locator('#outcome-form').waitFor();
}

/** A calendar date as a person types it on the German page (23.03.2026) and on the English one (23/03/2026). */
export function typedDate(iso: IsoDate, language: 'de' | 'en' = 'de'): string {
  const [year, month, day] = iso.split('-');
  return language === 'de' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}

/**
 * A case that went through both reminders, an unanswered call and the final notice weeks ago, so its
 * execution reaches the handover level at once and opens the supervisors' approval task (the policy
 * requires approval). The real workflow opens the task; the test only skips the waiting.
 */
export function caseAwaitingApproval(invoiceId: string, today: IsoDate, patch: Partial<InvoiceIssued> = {}) {
  return caseWithHistory(
    invoiceId,
    today,
    [
      { type: 'reminder-sent', levelIndex: 0, on: addDays(today, -65), channel: 'email' },
      { type: 'reminder-sent', levelIndex: 1, on: addDays(today, -58), channel: 'email' },
      { type: 'level-completed', levelIndex: 2, on: addDays(today, -50) },
      { type: 'reminder-sent', levelIndex: 3, on: addDays(today, -35), channel: 'letter' },
      // The print service posted the final notice the next day: the handover counts from its receipt.
      { type: 'letter-posted', levelId: 'final', postedOn: addDays(today, -34), on: addDays(today, -34) },
    ],
    (task) => task.kind === 'approval',
    patch,
  );
}
