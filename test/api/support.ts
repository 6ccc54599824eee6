import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { addDays, type IsoDate } from '../../functions/domain/calendar.js';
import type { CaseEvent } from '../../functions/domain/case.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import type { Task } from '../../functions/domain/task.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { issueLocalToken, type LocalRole } from '../../local/api-gateway.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import {
  startWorkflowStack,
  type WorkflowStack,
  type WorkflowStackOptions,
} from '../../local/workflow-stack.js';

/** The business day the API tests run on; the clock runs in real time, so no task times out during a test. */
export const TODAY = '2026-03-16';

export const problemShape = z.object({ type: z.string(), title: z.string(), status: z.number() });

/**
 * Starts the local stack once for the tests of a file and stops it after them: `call` sends requests to its
 * API (with a local token for the role), `stack()` is the stack itself. `print: 'manual'` leaves the print
 * hand-off (the daily batch and the stand-in print service) to the test.
 */
export function useApiStack(options: Pick<WorkflowStackOptions, 'print'> = {}) {
  let started: { stack: WorkflowStack; call: ApiCall } | undefined;
  beforeAll(async () => {
    const stack = await startWorkflowStack({
      clockScale: 1,
      businessStart: `${TODAY}T10:00:00+01:00`,
      logLevel: 'ERROR',
      ...options,
    });
    started = { stack, call: apiClient(stack) };
  }, 30_000);
  afterAll(async () => {
    await started?.stack.stop();
  });
  const running = () => {
    if (!started) throw new Error('the stack has not started');
    return started;
  };
  const call: ApiCall = (...request) => running().call(...request);
  return { call, stack: () => running().stack };
}

/** Runs the report job until its pass is complete, as the schedule would over several runs. */
export async function computeReports(stack: WorkflowStack): Promise<void> {
  const runSchema = z.object({ complete: z.boolean() });
  for (let run = 0; run < 100; run++) {
    if (runSchema.parse(await stack.invoke('compute-reports', { pages: 50, pageSize: 100 })).complete) return;
  }
  throw new Error('the report job did not complete a pass in 100 runs');
}

/** The ARN of the dunning execution of an invoice. */
export function executionArnOf(stack: WorkflowStack, invoiceId: string): string {
  const machine = String(stack.stateMachineArns.DunningStateMachineArn);
  return `${machine.replace(':stateMachine:', ':execution:')}:inv-${invoiceId}`;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A case whose earlier levels happened weeks ago (as `history` says), started in the real workflow: its
 * execution reaches the next level at once and opens that level's task. The test only skips the waiting.
 */
export async function caseWithHistory(
  invoiceId: string,
  today: IsoDate,
  history: readonly CaseEvent[],
  openTask: (task: Task) => boolean,
  patch: Partial<InvoiceIssued> = {},
): Promise<Task> {
  await startCaseWithHistory(invoiceId, today, history, patch);
  const { tasks } = workflowInstance();
  return waitFor(async () =>
    (await tasks.tasksOfCase(invoiceId)).find((task) => task.status === 'open' && openTask(task)),
  );
}

/** Opens the case of a demo invoice overdue for ten weeks, applies `history` and starts its execution. */
async function startCaseWithHistory(
  invoiceId: string,
  today: IsoDate,
  history: readonly CaseEvent[],
  patch: Partial<InvoiceIssued> = {},
): Promise<void> {
  const [template] = demoInvoices(today);
  if (!template) throw new Error('demo data missing');
  const { service, executions, config } = workflowInstance();
  await service.open({
    ...template,
    invoiceId,
    invoiceNumber: `RE-${invoiceId}`,
    issueDate: addDays(today, -90),
    dueDate: addDays(today, -70),
    // Each case its own customer unless the test names one: a customer's cases at a call level share one call.
    customer: { ...template.customer, id: `cust-${invoiceId}` },
    ...patch,
  });
  for (const event of history) await service.change(invoiceId, () => ({ event }));
  await executions.start(config.DUNNING_STATE_MACHINE_ARN, `inv-${invoiceId}`, { invoiceId });
}

/** Both reminders went out weeks ago: the collection-call task opens at once. */
export function caseAtCallLevel(invoiceId: string, today: IsoDate, patch: Partial<InvoiceIssued> = {}) {
  return caseWithHistory(
    invoiceId,
    today,
    [
      { type: 'reminder-sent', levelIndex: 0, on: addDays(today, -65), channel: 'email' },
      { type: 'reminder-sent', levelIndex: 1, on: addDays(today, -58), channel: 'email' },
    ],
    (task) => task.kind === 'call',
    patch,
  );
}

export type ApiCall = ReturnType<typeof apiClient>;

export function apiClient(stack: WorkflowStack) {
  const tokens = new Map<string, string>();
  const tokenFor = async (role: LocalRole, subject = `local-${role}`) => {
    const key = `${role}:${subject}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const token = await issueLocalToken(role, { subject });
    tokens.set(key, token);
    return token;
  };
  return async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: {
      as?: LocalRole | 'nobody';
      subject?: string;
      body?: unknown;
      rawBody?: string;
      token?: string;
    } = {},
  ) => {
    const role = options.as ?? 'caller';
    const token = options.token ?? (role === 'nobody' ? undefined : await tokenFor(role, options.subject));
    const response = await fetch(`${stack.endpoints.api}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined || options.rawBody ? { 'content-type': 'application/json' } : {}),
      },
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      // A 303 (a download link) is an answer to look at, not to follow.
      redirect: 'manual',
    });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      location: response.headers.get('location'),
      body,
      text,
    };
  };
}

/**
 * Reminders and the call lie weeks behind the case: its execution posts the final notice at once, and the
 * render-letter function stores its PDF (waited for: the timeline links it).
 */
export async function caseWithFinalNotice(invoiceId: string, today: IsoDate): Promise<void> {
  await startCaseWithHistory(invoiceId, today, [
    { type: 'reminder-sent', levelIndex: 0, on: addDays(today, -65), channel: 'email' },
    { type: 'reminder-sent', levelIndex: 1, on: addDays(today, -58), channel: 'email' },
    { type: 'level-completed', levelIndex: 2, on: addDays(today, -50) },
  ]);
  const { cases } = workflowInstance();
  await waitFor(
    async () => (await cases.timeline(invoiceId)).find((line) => line.type === 'letter-rendered'),
    40_000,
  );
}
