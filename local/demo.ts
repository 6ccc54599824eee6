import { z } from 'zod';
import { executionNameFor } from '../functions/adapters/executions.js';
import { addDays, compareDates, type IsoDate } from '../functions/domain/calendar.js';
import { isTerminal } from '../functions/domain/case.js';
import { type InvoiceIssued, invoiceIssuedSchema } from '../functions/domain/events.js';
import type { TaskOutcome } from '../functions/domain/outcomes.js';
import { statementOn } from '../functions/domain/statement.js';
import { workflowInstance } from '../functions/handlers/runtime/container.js';
import { encodeMessageTag } from '../functions/workflow/message-tags.js';
import { accountingSystem } from './accounting-system.js';
import { issueLocalToken } from './api-gateway.js';
import { demoInvoices, severalOverdueInvoices, stahlbauNordInvoices } from './demo-invoices.js';
import type { WorkflowStack } from './workflow-stack.js';

/** How a demo customer answers: each one walks a different branch of the workflow. */
export const behaviours = [
  'pays-early',
  'pays-after-first-reminder',
  'promise-kept',
  'promise-broken',
  'installments',
  'installment-missed',
  'dispute-upheld',
  'dispute-rejected',
  'not-reachable',
  'bounce',
  'partial-payment',
  'cancelled',
  // Several invoices of one customer (Stahlbau Nord GmbH): one combined reminder a day, then each is paid.
  'combined-reminder',
] as const;
export type Behaviour = (typeof behaviours)[number];

/** The end each behaviour should reach, for the status line and the end-to-end test. */
export const expectedEnd: Record<Behaviour, string> = {
  'pays-early': 'paid',
  'pays-after-first-reminder': 'paid',
  'promise-kept': 'paid',
  'promise-broken': 'handed-over',
  installments: 'paid',
  'installment-missed': 'handed-over',
  'dispute-upheld': 'cancelled',
  'dispute-rejected': 'paid',
  'not-reachable': 'paid',
  bounce: 'paid',
  'partial-payment': 'paid',
  cancelled: 'cancelled',
  'combined-reminder': 'paid',
};

export interface DemoScenario {
  behaviour: Behaviour;
  invoice: InvoiceIssued;
}

/**
 * A dozen invoices, due around `today`, one per behaviour, and three of Stahlbau Nord GmbH that are reminded
 * together. Addresses use the reserved .example domain.
 */
export function demoScenarios(today: IsoDate): DemoScenario[] {
  const combined = stahlbauNordInvoices(today, 2000 + behaviours.length).map((invoice) => ({
    behaviour: 'combined-reminder' as const,
    invoice,
  }));
  return [...singleInvoiceScenarios(today), ...combined];
}

function singleInvoiceScenarios(today: IsoDate): DemoScenario[] {
  const templates = demoInvoices(today);
  const single = behaviours.filter((behaviour) => behaviour !== 'combined-reminder');
  return single.map((behaviour, index) => {
    const template = templates[index % templates.length];
    if (!template) throw new Error('demo templates missing');
    const number = 2001 + index;
    const invoice: InvoiceIssued = {
      ...template,
      invoiceId: `demo-${number}`,
      invoiceNumber: `RE-2026-${number}`,
      orderNumber: template.orderNumber ?? `PO-${number}`,
      orderDate: addDays(today, -30),
      issueDate: addDays(today, -20),
      dueDate: addDays(today, behaviour === 'pays-early' ? 3 : -1),
      // Installments need rates of at least the policy's minimum; the other amounts stay as in the templates.
      amount:
        behaviour === 'installments' || behaviour === 'installment-missed'
          ? { cents: 180_000, currency: 'EUR' }
          : template.amount,
      customer: {
        ...template.customer,
        id: `${template.customer.id}-${number}`,
        email: `ap-${number}@${template.customer.email.split('@')[1]}`,
      },
    };
    return { behaviour, invoice: invoiceIssuedSchema.parse(invoice) };
  });
}

const taskListSchema = z.object({
  tasks: z.array(
    z.object({
      taskId: z.string(),
      kind: z.string(),
      invoiceId: z.string(),
      claimedBy: z.string().nullable(),
    }),
  ),
});

/**
 * Plays the demo: sends the invoices, then plays the customers (paying, bouncing, being cancelled by the ERP)
 * and, unless interactive, the callers and supervisors (through the real HTTP API with real tokens).
 */
export async function startDemo(stack: WorkflowStack, options: { interactive: boolean; tickMs?: number }) {
  const today = stack.clock.businessToday();
  const scenarios = demoScenarios(today);
  const byInvoice = new Map(scenarios.map((scenario) => [scenario.invoice.invoiceId, scenario]));
  const { cases, service } = workflowInstance();
  const erp = accountingSystem(stack);
  const put = erp.put;
  const done = new Set<string>();
  /** Each customer reaction happens once. */
  const once = async (key: string, action: () => Promise<void>) => {
    if (done.has(key)) return;
    done.add(key);
    await action();
  };
  const openAmount = async (invoiceId: string) => {
    const stored = await cases.get(invoiceId);
    if (!stored || isTerminal(stored.case.status)) return 0;
    return statementOn(stored.case, stack.clock.businessToday(), service.context).totalCents;
  };
  let paymentCounter = 0;
  const pay = async (invoiceId: string, cents: number) => {
    if (cents <= 0) return;
    paymentCounter += 1;
    await put('Payment Received', {
      paymentId: `demo-pay-${paymentCounter}-${invoiceId}`,
      invoiceId,
      amount: { cents, currency: 'EUR' },
      receivedOn: stack.clock.businessToday(),
    });
  };
  const payInFull = async (invoiceId: string) => pay(invoiceId, await openAmount(invoiceId));

  for (const { invoice } of scenarios) await put('Invoice Issued', invoice);
  // One customer with several overdue invoices for a person to find and read on the customer page. Nobody
  // plays it, and its five executions would slow the stand-in callers of the scripted run: interactive only.
  if (options.interactive) {
    for (const invoice of severalOverdueInvoices(today)) await put('Invoice Issued', invoice);
  }

  const callerToken = await issueLocalToken('caller', { subject: 'demo-caller', name: 'Demo Caller' });
  const supervisorToken = await issueLocalToken('supervisor', {
    subject: 'demo-supervisor',
    name: 'Demo Supervisor',
  });
  const api = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${stack.endpoints.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.text()) || '{}' };
  };

  const outcomeFor = (scenario: DemoScenario, kind: string, attempt: number): TaskOutcome | undefined => {
    const inDays = (days: number) => addDays(stack.clock.businessToday(), days);
    const open = scenario.invoice.amount.cents;
    if (kind === 'approval') return { type: 'approval', decision: 'approve' };
    if (kind === 'dispute') {
      return {
        type: 'resolution',
        resolution: scenario.behaviour === 'dispute-upheld' ? 'upheld' : 'rejected',
      };
    }
    switch (scenario.behaviour) {
      case 'promise-kept':
      case 'promise-broken':
      case 'bounce':
        return {
          type: 'promise',
          promisedOn: inDays(3),
          cents: open,
          reason: 'liquidity',
          dissatisfied: false,
        };
      case 'installments':
      case 'installment-missed':
        return {
          type: 'installments',
          reason: 'liquidity',
          dissatisfied: false,
          rates: [0, 1, 2].map((rate) => ({
            dueDate: inDays(7 * (rate + 1)),
            cents: rate < 2 ? 61_000 : 70_000,
          })),
        };
      case 'dispute-upheld':
        return {
          type: 'dispute',
          disputeReason: 'Lieferung unvollständig, Teil fehlt',
          reason: 'disputed-delivery',
          dissatisfied: true,
        };
      case 'dispute-rejected':
        return attempt === 1 && !done.has(`${scenario.invoice.invoiceId}:disputed`)
          ? {
              type: 'dispute',
              disputeReason: 'Rechnung angeblich doppelt gestellt',
              reason: 'quality-complaint',
              dissatisfied: true,
            }
          : {
              type: 'promise',
              promisedOn: inDays(2),
              cents: open,
              reason: 'approval-pending',
              dissatisfied: false,
            };
      default:
        return { type: 'not-reached' };
    }
  };

  /** Callers and supervisors: claim every open task and answer it the way the scenario's customer would. */
  const workTasks = async () => {
    for (const token of [callerToken, supervisorToken]) {
      const listed = await api(token, 'GET', '/tasks?limit=50');
      if (listed.status !== 200) continue;
      for (const task of taskListSchema.parse(JSON.parse(listed.body)).tasks) {
        const scenario = byInvoice.get(task.invoiceId);
        if (!scenario || task.claimedBy) continue;
        const attempt = done.has(`${task.invoiceId}:called`) ? 2 : 1;
        const outcome = outcomeFor(scenario, task.kind, attempt);
        if (!outcome) continue;
        if ((await api(token, 'POST', `/tasks/${task.taskId}/claim`)).status !== 200) continue;
        const answered = await api(token, 'POST', `/tasks/${task.taskId}/outcome`, { outcome });
        if (answered.status === 200) {
          if (outcome.type === 'dispute') done.add(`${task.invoiceId}:disputed`);
          if (task.kind === 'call') done.add(`${task.invoiceId}:called`);
        } else {
          await api(token, 'POST', `/tasks/${task.taskId}/release`);
        }
      }
    }
  };

  /** Customers and the ERP: react to reminders, promises and plans. */
  const playCustomers = async () => {
    const mails = await stack.ses.listEmails();
    for (const scenario of scenarios) {
      const { invoiceId, invoiceNumber } = scenario.invoice;
      const stored = await cases.get(invoiceId);
      if (!stored || isTerminal(stored.case.status)) continue;
      const received = mails.filter((mail) => mail.subject.includes(invoiceNumber));
      const remindersReceived = stored.case.reminders.length;
      const todayNow = stack.clock.businessToday();
      const promise = stored.case.promises.at(-1);
      const promiseDue = promise?.status === 'pending' && compareDates(promise.promisedOn, todayNow) <= 0;
      switch (scenario.behaviour) {
        case 'pays-early':
          await once(`${invoiceId}:paid`, () => payInFull(invoiceId));
          break;
        case 'pays-after-first-reminder':
          if (received.length > 0) await once(`${invoiceId}:paid`, () => payInFull(invoiceId));
          break;
        case 'combined-reminder':
          // The combined mail names each invoice in its body, not in its subject.
          if (mails.some((mail) => mail.body.text?.includes(invoiceNumber)))
            await once(`${invoiceId}:paid`, () => payInFull(invoiceId));
          break;
        case 'promise-kept':
        case 'bounce':
        case 'dispute-rejected':
          if (scenario.behaviour === 'bounce' && received.length > 0) {
            await once(`${invoiceId}:bounced`, () =>
              put(
                'Email Bounced',
                {
                  eventType: 'Bounce',
                  mail: {
                    messageId: received[0]?.messageId ?? 'unknown',
                    tags: { invoiceId: [encodeMessageTag(invoiceId) ?? ''] },
                  },
                  bounce: { bounceType: 'Permanent' },
                },
                'default',
                'aws.ses',
              ),
            );
          }
          if (promiseDue) await once(`${invoiceId}:paid`, () => payInFull(invoiceId));
          break;
        case 'not-reachable':
          if (stored.case.reminders.some((reminder) => reminder.kind === 'final')) {
            await once(`${invoiceId}:paid`, () => payInFull(invoiceId));
          }
          break;
        case 'partial-payment':
          if (remindersReceived >= 1)
            await once(`${invoiceId}:half`, () =>
              pay(invoiceId, Math.round(scenario.invoice.amount.cents / 2)),
            );
          if (remindersReceived >= 2) await once(`${invoiceId}:rest`, () => payInFull(invoiceId));
          break;
        case 'cancelled':
          if (remindersReceived >= 2) {
            await once(`${invoiceId}:cancelled`, () =>
              put('Invoice Cancelled', {
                invoiceId,
                kind: 'credit-note',
                documentNumber: `GS-${invoiceNumber}`,
                effectiveOn: todayNow,
              }),
            );
          }
          break;
        case 'installments':
        case 'installment-missed':
          for (const [index, rate] of (stored.case.installmentPlan?.rates ?? []).entries()) {
            const skip = scenario.behaviour === 'installment-missed' && index > 0;
            if (!skip && compareDates(rate.dueDate, todayNow) <= 0) {
              await once(`${invoiceId}:rate-${index}`, () => pay(invoiceId, rate.cents));
            }
          }
          break;
        default:
          break;
      }
    }
  };

  let stopped = false;
  let errors = 0;
  let lastError: string | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await playCustomers();
        if (!options.interactive) await workTasks();
      } catch (error) {
        // A demo actor that hiccups (e.g. the stack is stopping) just tries again on the next tick.
        errors += 1;
        lastError = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, options.tickMs ?? 250));
    }
  })();

  return {
    scenarios,
    errors: () => ({ count: errors, last: lastError }),
    /** Status per invoice: case status, level, and the execution's state. */
    async status() {
      return Promise.all(
        scenarios.map(async ({ behaviour, invoice }) => {
          const stored = await cases.get(invoice.invoiceId);
          const executionArn = `${String(stack.stateMachineArns.DunningStateMachineArn).replace(':stateMachine:', ':execution:')}:${executionNameFor(invoice.invoiceId)}`;
          return {
            invoiceId: invoice.invoiceId,
            invoiceNumber: invoice.invoiceNumber,
            customer: invoice.customer.name,
            behaviour,
            expected: expectedEnd[behaviour],
            status: stored?.case.status ?? 'new',
            level:
              stored && !isTerminal(stored.case.status)
                ? (service.context.policy.levels[stored.case.nextLevelIndex]?.id ?? 'done')
                : '-',
            reminders: stored?.case.reminders.length ?? 0,
            execution: stack.stepFunctions.execution(executionArn)?.status ?? '-',
          };
        }),
      );
    },
    async stop() {
      stopped = true;
      await loop;
      erp.close();
    },
  };
}

export type Demo = Awaited<ReturnType<typeof startDemo>>;
