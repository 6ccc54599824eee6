import * as z from 'zod';
import { CasesResource } from './cases-resource.js';
import type { ApiDeps } from './deps.js';
import type { Principal } from './principal.js';
import { PrintBatchesResource } from './print-batches-resource.js';
import {
  postedRequestSchema,
  printBatchFileParamsSchema,
  printBatchListQuerySchema,
  printBatchListSchema,
  printBatchParamsSchema,
  printBatchViewSchema,
  seeOtherSchema,
} from './print-schemas.js';
import { invalidInput } from './problems.js';
import { ReportsResource } from './reports-resource.js';
import {
  agingReportSchema,
  caseDetailSchema,
  caseViewSchema,
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
  print: PrintBatchesResource;
}

export function createCallerApi(deps: ApiDeps): CallerApi {
  return {
    tasks: new TasksResource(deps),
    cases: new CasesResource(deps),
    reports: new ReportsResource(deps),
    print: new PrintBatchesResource(deps),
  };
}

const noParams = z.object({});
const noQuery = z.object({});

export interface RawRequest {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * One caller-API route: its schemas (validated on the way in, applied on the way out so nothing beyond the
 * documented fields can leave) and what it does. The router and the OpenAPI document are built from this list.
 */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  supervisorsOnly: boolean;
  params: z.ZodObject;
  query: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** The answer is a 303 See Other to `location` instead of a 200 with a body. */
  seeOther?: boolean;
  execute(api: CallerApi, principal: Principal, request: RawRequest): Promise<unknown>;
}

function parsed<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'path' | 'query' | 'body',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, where);
  return result.data;
}

function route<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, R extends z.ZodType>(spec: {
  method: Route['method'];
  path: string;
  summary: string;
  supervisorsOnly: boolean;
  params: P;
  query: Q;
  body?: B;
  response: R;
  seeOther?: boolean;
  handle: (
    api: CallerApi,
    input: { principal: Principal; params: z.output<P>; query: z.output<Q>; body: z.output<B> },
  ) => Promise<z.input<R>>;
}): Route {
  return {
    ...spec,
    async execute(api, principal, request) {
      const input = {
        principal,
        params: parsed(spec.params, request.params, 'path'),
        query: parsed(spec.query, request.query, 'query'),
        body: spec.body ? parsed(spec.body, request.body, 'body') : (undefined as z.output<B>),
      };
      // Parsing the result strips anything not in the response schema (a task token can never leak).
      return spec.response.parse(await spec.handle(api, input));
    },
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
  route({
    method: 'GET',
    path: '/print-batches',
    summary: 'The print batches, newest first: date, letters, pages, status',
    supervisorsOnly: true,
    params: noParams,
    query: printBatchListQuerySchema,
    response: printBatchListSchema,
    handle: (api, { principal, query }) => api.print.list(principal, query.limit),
  }),
  route({
    method: 'GET',
    path: '/print-batches/{batchId}/{file}',
    summary: "A print batch's PDF or CSV manifest: 303 to a fresh link valid for five minutes",
    supervisorsOnly: true,
    params: printBatchFileParamsSchema,
    query: noQuery,
    response: seeOtherSchema,
    seeOther: true,
    handle: (api, { principal, params }) => api.print.file(principal, params.batchId, params.file),
  }),
  route({
    method: 'POST',
    path: '/print-batches/{batchId}/posted',
    summary: 'Confirm that the print service posted a batch: its letters count as posted on their cases',
    supervisorsOnly: true,
    params: printBatchParamsSchema,
    query: noQuery,
    body: postedRequestSchema,
    response: printBatchViewSchema,
    handle: (api, { principal, params, body }) => api.print.posted(principal, params.batchId, body.postedOn),
  }),
];
