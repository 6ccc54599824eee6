import * as z from 'zod';
import { CaseFileResource } from './case-file-resource.js';
import { CasesResource } from './cases-resource.js';
import {
  customerDetailSchema,
  customerIdParamsSchema,
  customerQuerySchema,
  searchQuerySchema,
  searchResultSchema,
} from './customer-schemas.js';
import { CustomersResource } from './customers-resource.js';
import type { ApiDeps } from './deps.js';
import { documentRoutes } from './document-routes.js';
import { DocumentsResource } from './documents-resource.js';
import { PrintBatchesResource } from './print-batches-resource.js';
import { ReportsResource } from './reports-resource.js';
import { noParams, noQuery, type Route, route } from './route.js';
import {
  agingReportSchema,
  caseDetailSchema,
  caseViewSchema,
  disputeRequestSchema,
  holdRequestSchema,
  invoiceIdParamsSchema,
  languageQuerySchema,
  listTasksQuerySchema,
  outcomeRequestSchema,
  promisesReportSchema,
  reasonsReportSchema,
  recoveredReportSchema,
  reportQuerySchema,
  taskDetailSchema,
  taskIdParamsSchema,
  taskListSchema,
  taskSummarySchema,
  toneRequestSchema,
  writeOffRequestSchema,
} from './schemas.js';
import { TasksResource } from './tasks-resource.js';

/**
 * The caller API's behaviour by resource, independent of HTTP: every method takes the verified principal and
 * returns a response body or throws a ProblemError. The routes below map it to HTTP.
 */
export interface CallerApi {
  tasks: TasksResource;
  cases: CasesResource;
  reports: ReportsResource;
  customers: CustomersResource;
  documents: DocumentsResource;
  caseFiles: CaseFileResource;
  print: PrintBatchesResource;
}

export function createCallerApi(deps: ApiDeps): CallerApi {
  return {
    tasks: new TasksResource(deps),
    cases: new CasesResource(deps),
    reports: new ReportsResource(deps),
    customers: new CustomersResource(deps),
    documents: new DocumentsResource(deps),
    caseFiles: new CaseFileResource(deps),
    print: new PrintBatchesResource(deps),
  };
}

const completedSchema = z
  .object({ taskId: z.string(), status: z.literal('completed') })
  .meta({ id: 'Completion' });

export const routes: readonly Route[] = [
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
    response: completedSchema,
    handle: (api, { principal, params, body }) => api.tasks.recordOutcome(principal, params.id, body.outcome),
  }),
  route({
    method: 'GET',
    path: '/cases/{invoiceId}',
    summary: 'A case with its timeline',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: languageQuerySchema,
    response: caseDetailSchema,
    handle: (api, { principal, params, query }) => api.cases.get(principal, params.invoiceId, query.lang),
  }),
  route({
    method: 'POST',
    path: '/cases/{invoiceId}/hold',
    summary: 'Pause dunning for a case',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    body: holdRequestSchema,
    response: caseViewSchema,
    handle: (api, { principal, params, body }) => api.cases.hold(principal, params.invoiceId, body.reason),
  }),
  route({
    method: 'POST',
    path: '/cases/{invoiceId}/resume',
    summary: 'Resume dunning for a held case',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    response: caseViewSchema,
    handle: (api, { principal, params }) => api.cases.resume(principal, params.invoiceId),
  }),
  route({
    method: 'POST',
    path: '/cases/{invoiceId}/restart',
    summary: 'Restart dunning for a case that no execution works, with the reason on its timeline',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    body: holdRequestSchema,
    response: caseViewSchema,
    handle: (api, { principal, params, body }) => api.cases.restart(principal, params.invoiceId, body.reason),
  }),
  route({
    method: 'POST',
    path: '/cases/{invoiceId}/dispute',
    summary: 'Dispute the claim outside a call: the case waits for the decision of the dispute task',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    body: disputeRequestSchema,
    response: caseViewSchema,
    handle: (api, { principal, params, body }) => api.cases.dispute(principal, params.invoiceId, body),
  }),
  route({
    method: 'POST',
    path: '/cases/{invoiceId}/write-off',
    summary: 'Write off the claim (all of it, or the rest after payments); publishes Claim Written Off',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    body: writeOffRequestSchema,
    response: caseViewSchema,
    handle: (api, { principal, params, body }) => api.cases.writeOff(principal, params.invoiceId, body),
  }),
  route({
    method: 'PUT',
    path: '/cases/{invoiceId}/tone',
    summary: "Set the tone of the case's next letters, or clear it with null",
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    body: toneRequestSchema,
    response: caseViewSchema,
    handle: (api, { principal, params, body }) => api.cases.tone(principal, params.invoiceId, body),
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
  route({
    method: 'GET',
    path: '/reports/aging',
    summary: 'Open amounts by days overdue',
    supervisorsOnly: true,
    params: noParams,
    query: reportQuerySchema,
    response: agingReportSchema,
    handle: (api, { principal, query }) => api.reports.aging(principal, query),
  }),
  route({
    method: 'GET',
    path: '/reports/reasons',
    summary: 'Reasons for non-payment and dissatisfaction from calls',
    supervisorsOnly: true,
    params: noParams,
    query: reportQuerySchema,
    response: reasonsReportSchema,
    handle: (api, { principal, query }) => api.reports.reasons(principal, query),
  }),
  route({
    method: 'GET',
    path: '/reports/promises',
    summary: 'Promises to pay kept and broken',
    supervisorsOnly: true,
    params: noParams,
    query: reportQuerySchema,
    response: promisesReportSchema,
    handle: (api, { principal, query }) => api.reports.promises(principal, query),
  }),
  route({
    method: 'GET',
    path: '/reports/recovered',
    summary: 'Amounts recovered by outcome',
    supervisorsOnly: true,
    params: noParams,
    query: reportQuerySchema,
    response: recoveredReportSchema,
    handle: (api, { principal, query }) => api.reports.recovered(principal, query),
  }),
  ...documentRoutes,
];
