import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../infra/function-definitions.js';

type HandlerModule = { handler: (event: never, context: Context) => Promise<unknown> };

/**
 * The handler modules the local stack runs in-process, one per entry of infra/function-definitions.ts
 * (a test checks both lists agree). Static imports keep them type-checked and bundler-friendly.
 */
export const handlerModules: Record<FunctionDefinition['handler'], () => Promise<HandlerModule>> = {
  'start-dunning': () => import('../functions/handlers/start-dunning.js'),
  'start-overdue': () => import('../functions/handlers/start-overdue.js'),
  'case-events': () => import('../functions/handlers/case-events.js'),
  'api-calls': () => import('../functions/handlers/api-calls.js'),
  'api-records': () => import('../functions/handlers/api-records.js'),
  prepare: () => import('../functions/handlers/prepare.js'),
  'check-open': () => import('../functions/handlers/check-open.js'),
  'send-reminder': () => import('../functions/handlers/send-reminder.js'),
  'open-task': () => import('../functions/handlers/open-task.js'),
  'record-outcome': () => import('../functions/handlers/record-outcome.js'),
  handover: () => import('../functions/handlers/handover.js'),
  'render-case-file': () => import('../functions/handlers/render-case-file.js'),
  close: () => import('../functions/handlers/close.js'),
  'record-failure': () => import('../functions/handlers/record-failure.js'),
  'installment-step': () => import('../functions/handlers/installment-step.js'),
  'reconcile-execution': () => import('../functions/handlers/reconcile-execution.js'),
  'sweep-cases': () => import('../functions/handlers/sweep-cases.js'),
  'compute-reports': () => import('../functions/handlers/compute-reports.js'),
  'render-letter': () => import('../functions/handlers/render-letter.js'),
  'render-print-batch': () => import('../functions/handlers/render-print-batch.js'),
  'letters-posted': () => import('../functions/handlers/letters-posted.js'),
};
