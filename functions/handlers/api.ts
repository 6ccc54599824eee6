import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ApiEvent, type ApiResult, createApiHandler } from '../api/http.js';
import { createCallerApi } from '../api/routes.js';
import { reconcileCase } from '../workflow/reconcile/reconcile-case.js';
import { workflowInstance } from './runtime/container.js';
import { documentStore } from './runtime/documents.js';
import { observed } from './runtime/middlewares.js';
import { printQueue } from './runtime/print.js';

const { deps, service, cases, tasks, reports, executions, clock, config } = workflowInstance();
const api = createCallerApi({
  service,
  cases,
  tasks,
  reports,
  executions,
  restart: (invoiceId, reason, by) => reconcileCase(deps, invoiceId, { cause: 'supervisor', reason, by }),
  clock,
  context: service.context,
  print: { queue: printQueue(config), documents: documentStore(config) },
});
const router = createApiHandler(api);

export const handler = middy<ApiEvent, ApiResult, Error, Context>()
  .use(observed())
  .handler((event, context) => router(event, context));
