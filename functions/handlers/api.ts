import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { CallerApi } from '../api/caller-api.js';
import { type ApiEvent, type ApiResult, createApiHandler } from '../api/http.js';
import { workflowInstance } from './runtime/container.js';
import { logger } from './runtime/observability.js';

const { service, cases, tasks, executions, clock } = workflowInstance();
const api = new CallerApi({ service, cases, tasks, executions, clock, context: service.context });
const router = createApiHandler(api);

export const handler = middy<ApiEvent, ApiResult, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event, context) => router(event, context));
