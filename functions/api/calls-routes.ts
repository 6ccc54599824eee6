import {
  customerDetailSchema,
  customerIdParamsSchema,
  customerQuerySchema,
  searchQuerySchema,
  searchResultSchema,
} from './customer-schemas.js';
import { CustomersResource } from './customers-resource.js';
import type { CoreApiDeps } from './deps.js';
import { noParams, noQuery, type Route, route } from './route.js';
import { languageQuerySchema } from './schemas.js';
import {
  completionSchema,
  listTasksQuerySchema,
  outcomeRequestSchema,
  taskDetailSchema,
  taskIdParamsSchema,
  taskListSchema,
  taskSummarySchema,
} from './task-schemas.js';
import { TasksResource } from './tasks-resource.js';

/**
 * The callers' area of the API (the `api-calls` Lambda): the queue, a task with its talking points, claiming
 * and the outcome of a call, and the search and customer page a caller opens from a task. Its own Lambda so
 * it carries none of the records' code (documents, print batches, reports, supervisor actions).
 */
export interface CallsApi {
  tasks: TasksResource;
  customers: CustomersResource;
}

export function createCallsApi(deps: CoreApiDeps): CallsApi {
  return { tasks: new TasksResource(deps), customers: new CustomersResource(deps) };
}

export const callsRoutes: readonly Route<CallsApi>[] = [
  route({
    method: 'GET',
    path: '/tasks',
    summary: 'Open tasks of your queues, highest priority first, paginated',
    supervisorsOnly: false,
    params: noParams,
    query: listTasksQuerySchema,
    response: taskListSchema,
    handle: (api, { principal, query }) => api.tasks.list(principal, query),
  }),
  route({
    method: 'GET',
    path: '/tasks/{id}',
    summary: 'A task with its case, the customer exposure, the timeline and talking points',
    supervisorsOnly: false,
    params: taskIdParamsSchema,
    query: languageQuerySchema,
    response: taskDetailSchema,
    handle: (api, { principal, params, query }) => api.tasks.get(principal, params.id, query.lang),
  }),
  route({
    method: 'POST',
    path: '/tasks/{id}/claim',
    summary: 'Claim a task so no other caller works it',
    supervisorsOnly: false,
    params: taskIdParamsSchema,
    query: noQuery,
    response: taskSummarySchema,
    handle: (api, { principal, params }) => api.tasks.claim(principal, params.id),
  }),
  route({
    method: 'POST',
    path: '/tasks/{id}/release',
    summary: 'Give a claimed task back to the queue',
    supervisorsOnly: false,
    params: taskIdParamsSchema,
    query: noQuery,
    response: taskSummarySchema,
    handle: (api, { principal, params }) => api.tasks.release(principal, params.id),
  }),
  route({
    method: 'POST',
    path: '/tasks/{id}/outcome',
    summary: 'Record the outcome of a task and resume its dunning workflow',
    supervisorsOnly: false,
    params: taskIdParamsSchema,
    query: noQuery,
    body: outcomeRequestSchema,
    response: completionSchema,
    handle: (api, { principal, params, body }) => api.tasks.recordOutcome(principal, params.id, body),
  }),
  route({
    method: 'GET',
    path: '/search',
    summary:
      'Cases by customer name prefix, customer number or invoice number, paginated (callers: customers with a task in their queues)',
    supervisorsOnly: false,
    params: noParams,
    query: searchQuerySchema,
    response: searchResultSchema,
    handle: (api, { principal, query }) => api.customers.search(principal, query),
  }),
  route({
    method: 'GET',
    path: '/customers/{customerId}',
    summary:
      'A customer: open and closed cases, exposure, promises and contact history (callers: customers with a task in their queues)',
    supervisorsOnly: false,
    params: customerIdParamsSchema,
    query: customerQuerySchema,
    response: customerDetailSchema,
    handle: (api, { principal, params, query }) => api.customers.get(principal, params.customerId, query),
  }),
];
