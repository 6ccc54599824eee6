import * as z from 'zod';
import {
  CaseFileResource,
  caseFileLinksViewSchema,
  caseFileQuerySchema,
  caseFileSchema,
  SeeOther,
  wantsPdf,
} from './case-file-resource.js';
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
import { DocumentsResource } from './documents-resource.js';
import type { Principal } from './principal.js';
import { invalidInput } from './problems.js';
import { ReportsResource } from './reports-resource.js';
import {
  agingReportSchema,
  caseDetailSchema,
  caseDocumentsSchema,
  caseViewSchema,
  completionSchema,
  disputeRequestSchema,
  documentParamsSchema,
  documentRedirectSchema,
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
}

export function createCallerApi(deps: ApiDeps): CallerApi {
  return {
    tasks: new TasksResource(deps),
    cases: new CasesResource(deps),
    reports: new ReportsResource(deps),
    customers: new CustomersResource(deps),
    documents: new DocumentsResource(deps),
    caseFiles: new CaseFileResource(deps),
  };
}

const noParams = z.object({});
const noQuery = z.object({});

export interface RawRequest {
  params: unknown;
  query: unknown;
  body: unknown;
  /** Request headers, names in lower case (content negotiation: `accept`). */
  headers?: Readonly<Record<string, string | undefined>>;
}

/**
 * One caller-API route: its schemas (validated on the way in, applied on the way out so nothing beyond the
 * documented fields can leave) and what it does. The router and the OpenAPI document are built from this list.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  summary: string;
  supervisorsOnly: boolean;
  params: z.ZodObject;
  query: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** The route answers 303 See Other to the `location` of its result instead of a JSON body. */
  redirect?: true;
  /** What a 303 See Other of the route leads to, if it answers with one (OpenAPI). */
  seeOther?: string;
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
  redirect?: true;
  seeOther?: string;
  handle: (
    api: CallerApi,
    input: {
      principal: Principal;
      params: z.output<P>;
      query: z.output<Q>;
      body: z.output<B>;
      headers: Readonly<Record<string, string | undefined>>;
    },
  ) => Promise<z.input<R> | SeeOther>;
}): Route {
  return {
    ...spec,
    async execute(api, principal, request) {
      const input = {
        principal,
        params: parsed(spec.params, request.params, 'path'),
        query: parsed(spec.query, request.query, 'query'),
        body: spec.body ? parsed(spec.body, request.body, 'body') : (undefined as z.output<B>),
        headers: request.headers ?? {},
      };
      const result = await spec.handle(api, input);
      if (result instanceof SeeOther) return result;
      // Parsing the result strips anything not in the response schema (a task token can never leak).
      return spec.response.parse(result);
    },
  };
}

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
    response: completionSchema,
    handle: (api, { principal, params, body }) => api.tasks.recordOutcome(principal, params.id, body),
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
    method: 'GET',
    path: '/cases/{invoiceId}/documents',
    summary: "A case's documents (posted letters), each with a short-lived download link",
    supervisorsOnly: false,
    params: invoiceIdParamsSchema,
    query: languageQuerySchema,
    response: caseDocumentsSchema,
    handle: (api, { principal, params, query }) =>
      api.documents.list(principal, params.invoiceId, query.lang),
  }),
  route({
    method: 'GET',
    path: '/cases/{invoiceId}/documents/{documentId}',
    summary: 'One document of a case: 303 See Other to a download link valid for five minutes',
    supervisorsOnly: false,
    params: documentParamsSchema,
    query: noQuery,
    response: documentRedirectSchema,
    redirect: true,
    handle: (api, { principal, params }) =>
      api.documents.download(principal, params.invoiceId, params.documentId),
  }),
  route({
    method: 'GET',
    path: '/cases/{invoiceId}/case-file',
    summary:
      'The § 13a RDG case file of a handed-over case as JSON; with ?format=pdf or Accept: application/pdf a 303 to its PDF',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: caseFileQuerySchema,
    response: caseFileSchema,
    seeOther: 'A presigned link to the stored PDF, valid for an hour at most',
    handle: (api, { principal, params, query, headers }) =>
      api.caseFiles.get(principal, params.invoiceId, wantsPdf(query.format, headers.accept)),
  }),
  route({
    method: 'GET',
    path: '/cases/{invoiceId}/case-file/links',
    summary: 'Fresh presigned links to the stored case file (JSON and PDF) of a handed-over case',
    supervisorsOnly: true,
    params: invoiceIdParamsSchema,
    query: noQuery,
    response: caseFileLinksViewSchema,
    handle: (api, { principal, params }) => api.caseFiles.links(principal, params.invoiceId),
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
];
