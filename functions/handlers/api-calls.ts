import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { callsRoutes, createCallsApi } from '../api/calls-routes.js';
import { type ApiEvent, type ApiResult, createApiHandler } from '../api/http.js';
import { withCallerReads } from './runtime/caller-workflow.js';
import { observed } from './runtime/middlewares.js';
import { workflowInstance } from './runtime/workflow.js';

const { service, cases, tasks, reports, customers, executions, clock } = withCallerReads(workflowInstance());
const api = createCallsApi({
  service,
  cases,
  tasks,
  reports,
  customers,
  executions,
  clock,
  context: service.context,
});
const router = createApiHandler(api, callsRoutes);

export const handler = middy<ApiEvent, ApiResult, Error, Context>()
  .use(observed())
  .handler((event, context) => router(event, context));
