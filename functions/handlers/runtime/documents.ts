import { CaseFileStore } from '../../adapters/case-file-documents.js';
import { s3Client } from '../../adapters/clients.js';
import type { HandlerConfig } from './config.js';
import { documentStore } from './document-store.js';

export { documentStore, resetDocumentStore } from './document-store.js';

/** The case file's documents, with links that say when the signing role session ends where the SDK knows. */
export function caseFileStore(config: Pick<HandlerConfig, 'DOCUMENT_BUCKET'>): CaseFileStore {
  const documents = documentStore(config);
  return new CaseFileStore(documents, async () => s3Client().credentials().expiration);
}
