import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ApiEvent, type ApiResult, createApiHandler } from '../api/http.js';
import { createRecordsApi, recordsRoutes } from '../api/records-routes.js';
import { reconcileCase } from '../workflow/reconcile/reconcile-case.js';
import { caseFileStore, documentStore } from './runtime/documents.js';
import { observed } from './runtime/middlewares.js';
import { printQueue } from './runtime/print.js';
import { withRecordReads } from './runtime/records-workflow.js';
import { workflowInstance } from './runtime/workflow.js';

const { deps, service, cases, tasks, reports, executions, clock, config } = withRecordReads(
  workflowInstance(),
);
// Built on the first document request: the store refuses to exist without DOCUMENT_BUCKET.
const documents = () => documentStore(config);
const api = createRecordsApi({
  service,
  cases,
  tasks,
  reports,
  executions,
  restart: (invoiceId, reason, by) => reconcileCase(deps, invoiceId, { cause: 'supervisor', reason, by }),
  clock,
  context: service.context,
  documents: {
    list: (prefix) => documents().list(prefix),
    exists: (key) => documents().exists(key),
    presignedGetUrl: (key, seconds, downloadName) => documents().presignedGetUrl(key, seconds, downloadName),
  },
  caseFiles: {
    file: (invoiceId) => cases.caseFile(invoiceId),
    links: async (invoiceId) => {
      const store = caseFileStore(config);
      return (await store.hasPdf(invoiceId)) ? store.links(invoiceId) : undefined;
    },
  },
  print: printQueue(config),
});
const router = createApiHandler(api, recordsRoutes);

export const handler = middy<ApiEvent, ApiResult, Error, Context>()
  .use(observed())
  .handler((event, context) => router(event, context));
