import { CaseFileResource } from './case-file-resource.js';
import {
  caseDetailSchema,
  disputeRequestSchema,
  holdRequestSchema,
  toneRequestSchema,
  writeOffRequestSchema,
} from './case-schemas.js';
import { CasesResource } from './cases-resource.js';
import type { ApiDeps } from './deps.js';
import { documentRoutes } from './document-routes.js';
import { DocumentsResource } from './documents-resource.js';
import { PrintBatchesResource } from './print-batches-resource.js';
import {
  agingReportSchema,
  promisesReportSchema,
  reasonsReportSchema,
  recoveredReportSchema,
  reportQuerySchema,
} from './report-schemas.js';
import { ReportsResource } from './reports-resource.js';
import { noParams, noQuery, type Route, route } from './route.js';
import { caseViewSchema, invoiceIdParamsSchema, languageQuerySchema } from './schemas.js';

/**
 * The records' area of the API (the `api-records` Lambda): cases and the supervisors' actions on them, their
 * documents and case files, the print batches and the reports. Its own Lambda so the callers' one carries no
 * S3 client and none of this code.
 */
export interface RecordsApi {
  cases: CasesResource;
  reports: ReportsResource;
  documents: DocumentsResource;
  caseFiles: CaseFileResource;
  print: PrintBatchesResource;
}

export function createRecordsApi(deps: ApiDeps): RecordsApi {
  return {
    cases: new CasesResource(deps),
    reports: new ReportsResource(deps),
    documents: new DocumentsResource(deps),
    caseFiles: new CaseFileResource(deps),
    print: new PrintBatchesResource(deps),
  };
}

export const recordsRoutes: readonly Route<RecordsApi>[] = [
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
