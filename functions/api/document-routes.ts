import {
  caseFileLinksViewSchema,
  caseFileQuerySchema,
  caseFileSchema,
  wantsPdf,
} from './case-file-resource.js';
import { caseDocumentsSchema, documentParamsSchema, documentRedirectSchema } from './case-schemas.js';
import {
  postedRequestSchema,
  printBatchDetailSchema,
  printBatchFileParamsSchema,
  printBatchFileRedirectSchema,
  printBatchListQuerySchema,
  printBatchListSchema,
  printBatchParamsSchema,
  printBatchViewSchema,
} from './print-schemas.js';
import type { RecordsApi } from './records-routes.js';
import { noParams, noQuery, type Route, route } from './route.js';
import { invoiceIdParamsSchema, languageQuerySchema } from './schemas.js';

/** The routes to files: a case's letters, its § 13a RDG case file, and the print batches. */
export const documentRoutes: readonly Route<RecordsApi>[] = [
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
    path: '/print-batches/{batchId}',
    summary:
      'One print batch, with fresh links (five minutes) to its PDF and CSV manifest once it is assembled',
    supervisorsOnly: true,
    params: printBatchParamsSchema,
    query: noQuery,
    response: printBatchDetailSchema,
    handle: (api, { principal, params }) => api.print.detail(principal, params.batchId),
  }),
  route({
    method: 'GET',
    path: '/print-batches/{batchId}/{file}',
    summary: "A print batch's PDF or CSV manifest: 303 to a fresh link valid for five minutes",
    supervisorsOnly: true,
    params: printBatchFileParamsSchema,
    query: noQuery,
    response: printBatchFileRedirectSchema,
    redirect: true,
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
