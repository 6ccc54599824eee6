/**
 * Where the product keeps its documents in the document bucket (S3). Every key starts with one of
 * DOCUMENT_KEY_PREFIXES, which IAM grants name; ids are URI-encoded, since an invoice id may hold `/`.
 *
 * - `cases/<invoiceId>/letters/<levelId>.pdf`: the posted letter of a `letter` level, one per case and level.
 * - `cases/<invoiceId>/case-file.json` and `.pdf`: the § 13a RDG case file handed to the Inkasso agency.
 * - `print-batches/<date>/<batchId>.{pdf,csv}`: a day's print batch and its manifest (README "Print hand-off").
 */
export const DOCUMENT_KEY_PREFIXES = ['cases/', 'print-batches/'] as const;

/** The folder of one case's documents (with the trailing slash, to list it without its neighbours). */
export function caseDocumentsPrefix(invoiceId: string): string {
  return `cases/${encodeURIComponent(invoiceId)}/`;
}

/** The posted letter of one level of a case. */
export function letterKey(invoiceId: string, levelId: string): string {
  return `${caseDocumentsPrefix(invoiceId)}letters/${encodeURIComponent(levelId)}.pdf`;
}

/** The level a letter key names, if it is one of `invoiceId`'s letters. */
export function levelIdOfLetterKey(invoiceId: string, key: string): string | undefined {
  const match = /^letters\/([^/]+)\.pdf$/.exec(key.slice(caseDocumentsPrefix(invoiceId).length));
  if (!key.startsWith(caseDocumentsPrefix(invoiceId)) || !match?.[1]) return undefined;
  return decodeURIComponent(match[1]);
}

/** The § 13a RDG case file of a handover, as JSON (the schema in docs/schemas/case-file.schema.json) and as PDF. */
export function caseFileKeys(invoiceId: string): { json: string; pdf: string } {
  const prefix = caseDocumentsPrefix(invoiceId);
  return { json: `${prefix}case-file.json`, pdf: `${prefix}case-file.pdf` };
}

/** The folder of one day's print batch: the merged PDF and its CSV manifest. */
export function printBatchPrefix(date: string): string {
  return `print-batches/${encodeURIComponent(date)}/`;
}

/** The two files of a print batch: `print-batches/<date>/<batchId>.pdf` and `.csv`. */
export function printBatchKeys(date: string, batchId: string): { pdf: string; manifest: string } {
  const base = `${printBatchPrefix(date)}${encodeURIComponent(batchId)}`;
  return { pdf: `${base}.pdf`, manifest: `${base}.csv` };
}
