import { type InkassoCaseFile, inkassoCaseFileSchema } from '../domain/case-file.js';
import { caseDocumentsPrefix, caseFileKeys, levelIdOfLetterKey } from '../domain/document-keys.js';
import type { CaseFileLinks } from '../domain/events.js';
import type { DocumentStore } from './document-store.js';

/** What the workflow's CaseFileDocuments port keeps (structurally the same; adapters do not import workflow). */
interface StoredCaseFile {
  file: InkassoCaseFile;
  caseVersion: number;
}

const CASE_VERSION = 'case-version';

/**
 * How long a presigned link to the case file is signed for. A link signed with a role session's temporary
 * credentials dies with that session whatever it was signed for, and AWS does not promise that Lambda's
 * execution-role sessions last as long as the role's maximum session duration: an hour keeps the promise
 * `linksExpireAt` makes honest in practice, and the API route signs fresh links at any time.
 */
export const CASE_FILE_LINK_SECONDS = 3600;

/** When the credentials that sign the links expire, if the SDK knows (undefined on Lambda: not in its env). */
export type CredentialExpiry = () => Promise<Date | undefined>;

export class CaseFileStore {
  constructor(
    private readonly documents: DocumentStore,
    private readonly credentialExpiry: CredentialExpiry = async () => undefined,
    private readonly wallNow: () => Date = () => new Date(),
  ) {}

  async letterKeys(invoiceId: string): Promise<Record<string, string>> {
    const stored = await this.documents.list(`${caseDocumentsPrefix(invoiceId)}letters/`);
    return Object.fromEntries(
      stored.flatMap(({ key }) => {
        const levelId = levelIdOfLetterKey(invoiceId, key);
        return levelId === undefined ? [] : [[levelId, key]];
      }),
    );
  }

  async stored(invoiceId: string): Promise<StoredCaseFile | undefined> {
    const document = await this.documents.get(caseFileKeys(invoiceId).json);
    if (!document) return undefined;
    return {
      file: inkassoCaseFileSchema.parse(JSON.parse(new TextDecoder().decode(document.bytes))),
      // A file stored without its version (by hand) never matches a case: the handover renders it again.
      caseVersion: Number(document.metadata[CASE_VERSION] ?? -1),
    };
  }

  async store(invoiceId: string, { file, caseVersion }: StoredCaseFile, pdf: Uint8Array): Promise<void> {
    const keys = caseFileKeys(invoiceId);
    const metadata = { 'created-at': file.createdAt, [CASE_VERSION]: String(caseVersion) };
    // The PDF first: the JSON is what the handover looks for, so it never finds a JSON without its PDF.
    await this.documents.put(keys.pdf, pdf, 'application/pdf', metadata);
    await this.documents.put(
      keys.json,
      new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`),
      'application/json',
      metadata,
    );
  }

  /** Whether the PDF of a handover is stored (cases handed over before PDFs existed have only the JSON). */
  hasPdf(invoiceId: string): Promise<boolean> {
    return this.documents.exists(caseFileKeys(invoiceId).pdf);
  }

  /** A fresh presigned link to the PDF or the JSON, and when it stops working at the latest. */
  async link(invoiceId: string, format: 'json' | 'pdf'): Promise<{ url: string; expiresAt: string }> {
    const signedAt = this.wallNow();
    const url = await this.documents.presignedGetUrl(
      caseFileKeys(invoiceId)[format],
      CASE_FILE_LINK_SECONDS,
      `forderungsakte-${invoiceId}.${format}`,
    );
    return { url, expiresAt: await this.expiryFrom(signedAt) };
  }

  async links(invoiceId: string): Promise<CaseFileLinks> {
    const [json, pdf] = await Promise.all([this.link(invoiceId, 'json'), this.link(invoiceId, 'pdf')]);
    return { jsonUrl: json.url, pdfUrl: pdf.url, linksExpireAt: json.expiresAt };
  }

  private async expiryFrom(signedAt: Date): Promise<string> {
    const signedFor = signedAt.getTime() + CASE_FILE_LINK_SECONDS * 1000;
    const sessionEnds = (await this.credentialExpiry())?.getTime() ?? Number.POSITIVE_INFINITY;
    // Whole seconds, as the signature counts them.
    return new Date(Math.floor(Math.min(signedFor, sessionEnds) / 1000) * 1000).toISOString();
  }
}
