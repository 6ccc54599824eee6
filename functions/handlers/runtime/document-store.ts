import { s3Client } from '../../adapters/clients.js';
import { DocumentStore } from '../../adapters/document-store.js';
import type { HandlerConfig } from './config.js';

let store: DocumentStore | undefined;

/**
 * The document bucket, for the handlers whose functions have a document capability (infra/function-permissions.ts).
 * Only they import this module, so the S3 client stays out of every other bundle; the case file's documents
 * (./documents.js) are apart, so the letter and print functions do not build the case-file schema.
 */
export function documentStore(config: Pick<HandlerConfig, 'DOCUMENT_BUCKET'>): DocumentStore {
  if (!config.DOCUMENT_BUCKET) {
    throw new Error('DOCUMENT_BUCKET is not set: give this function a document capability');
  }
  store ??= new DocumentStore(s3Client(), config.DOCUMENT_BUCKET);
  return store;
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetDocumentStore(): void {
  store = undefined;
}
