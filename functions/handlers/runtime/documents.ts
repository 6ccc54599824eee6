import { CaseFileStore } from '../../adapters/case-file-documents.js';
import { s3Client } from '../../adapters/clients.js';
import { DocumentStore } from '../../adapters/document-store.js';
import type { HandlerConfig } from './config.js';

let store: DocumentStore | undefined;

/**
 * The document bucket, for the handlers whose functions have a document capability (infra/function-permissions.ts).
 * Only they import this module, so the S3 client stays out of every other bundle.
 */
export function documentStore(config: Pick<HandlerConfig, 'DOCUMENT_BUCKET'>): DocumentStore {
  if (!config.DOCUMENT_BUCKET) {
    throw new Error('DOCUMENT_BUCKET is not set: give this function a document capability');
  }
  store ??= new DocumentStore(s3Client(), config.DOCUMENT_BUCKET);
  return store;
}

/** The case file's documents, with links that say when the signing role session ends where the SDK knows. */
export function caseFileStore(config: Pick<HandlerConfig, 'DOCUMENT_BUCKET'>): CaseFileStore {
  const documents = documentStore(config);
  return new CaseFileStore(documents, async () => s3Client().credentials().expiration);
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetDocumentStore(): void {
  store = undefined;
}
