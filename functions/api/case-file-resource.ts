import { type InkassoCaseFile, inkassoCaseFileSchema } from '../domain/case-file.js';
import { type CaseFileLinks, caseFileLinksSchema } from '../domain/events.js';
import * as z from '../domain/zod.js';
import type { ApiDeps } from './deps.js';
import { type Principal, requireSupervisor } from './principal.js';
import { notFound } from './problems.js';
import { SeeOther } from './see-other.js';

/** What GET /cases/{invoiceId}/case-file answers with: the file itself, or a 303 to its stored PDF. */
export const caseFileQuerySchema = z.object({
  format: z.optional(z.enum(['json', 'pdf'])).check(
    z.meta({
      description: 'json (the default) or pdf; `Accept: application/pdf` asks for the PDF too',
    }),
  ),
});

export const caseFileSchema = inkassoCaseFileSchema.check(z.meta({ id: 'InkassoCaseFile' }));
export const caseFileLinksViewSchema = caseFileLinksSchema.check(z.meta({ id: 'CaseFileLinks' }));

/** The case file documents the API reads: the file kept with the handover, and fresh links to the stored files. */
export interface CaseFileReads {
  /** The § 13a RDG file of the case's handover, or undefined before a handover. */
  file(invoiceId: string): Promise<InkassoCaseFile | undefined>;
  /** Fresh presigned links to the stored JSON and PDF, or undefined when the PDF is not stored. */
  links(invoiceId: string): Promise<CaseFileLinks | undefined>;
}

export function wantsPdf(format: 'json' | 'pdf' | undefined, accept: string | undefined): boolean {
  if (format) return format === 'pdf';
  return (accept ?? '').toLowerCase().includes('application/pdf');
}

/** The § 13a RDG case file for supervisors: readable as long as the document bucket keeps it (ten years). */
export class CaseFileResource {
  constructor(private readonly deps: ApiDeps) {}

  async get(principal: Principal, invoiceId: string, pdf: boolean): Promise<InkassoCaseFile | SeeOther> {
    requireSupervisor(principal);
    const file = await this.handedOver(invoiceId);
    if (!pdf) return file;
    return new SeeOther((await this.storedLinks(invoiceId)).pdfUrl);
  }

  async links(principal: Principal, invoiceId: string): Promise<CaseFileLinks> {
    requireSupervisor(principal);
    await this.handedOver(invoiceId);
    return this.storedLinks(invoiceId);
  }

  private async handedOver(invoiceId: string): Promise<InkassoCaseFile> {
    const file = await this.deps.caseFiles.file(invoiceId);
    if (file) return file;
    if (!(await this.deps.service.find(invoiceId))) throw notFound(`case ${invoiceId}`);
    throw notFound(`a case file of ${invoiceId} (the case has not been handed over)`);
  }

  private async storedLinks(invoiceId: string): Promise<CaseFileLinks> {
    const links = await this.deps.caseFiles.links(invoiceId);
    if (!links) throw notFound(`the PDF of the case file of ${invoiceId}`);
    return links;
  }
}
