import { addSeconds } from 'date-fns';
import { caseDocumentsPrefix, letterKey, levelIdOfLetterKey } from '../domain/document-keys.js';
import { utcInstant } from '../domain/instant.js';
import { levelName } from '../domain/level-names.js';
import type { Locale } from '../domain/money.js';
import type * as z from '../domain/zod.js';
import type { caseDocumentSchema, caseDocumentsSchema, documentRedirectSchema } from './case-schemas.js';
import type { ApiDeps } from './deps.js';
import { isSupervisor, type Principal, queuesOf } from './principal.js';
import { notFound } from './problems.js';

type Out<S extends z.ZodMiniType> = z.infer<S>;

/** Download links live five minutes: long enough to open, short enough that a forwarded link soon dies. */
export const DOWNLOAD_LINK_SECONDS = 300;
/** The case's newest tasks that tell which queues work it (GET /tasks/{id} reads the same number). */
const TASKS_CONSIDERED = 20;

/**
 * A case's documents (posted letters): supervisors see every case's, callers those of a case one of their
 * queues has a task of; anyone else gets 404, as for a task of another queue.
 */
export class DocumentsResource {
  constructor(private readonly deps: ApiDeps) {}

  async list(
    principal: Principal,
    invoiceId: string,
    locale: Locale,
  ): Promise<Out<typeof caseDocumentsSchema>> {
    await this.requireAccess(principal, invoiceId);
    const [stored, timeline] = await Promise.all([
      this.deps.documents.list(caseDocumentsPrefix(invoiceId)),
      this.deps.cases.timeline(invoiceId),
    ]);
    // The timeline line of a letter knows its pages and when (business time) the letter was made.
    const renderedByKey = new Map(
      timeline
        .filter((line) => line.type === 'letter-rendered')
        .map((line) => [line.data?.key, line] as const),
    );
    const documents: Out<typeof caseDocumentSchema>[] = [];
    for (const document of stored) {
      const levelId = levelIdOfLetterKey(invoiceId, document.key);
      if (!levelId) continue;
      const link = await this.link(document.key);
      const line = renderedByKey.get(document.key);
      documents.push({
        documentId: `letter-${levelId}`,
        kind: 'letter',
        levelId,
        levelName: levelName(this.deps.context.policy, levelId, locale),
        createdAt: line?.recordedAt ?? document.lastModified,
        pages: Number(line?.data?.pages ?? 0),
        status: 'rendered',
        href: `/cases/${encodeURIComponent(invoiceId)}/documents/letter-${levelId}`,
        downloadUrl: link.location,
        expiresAt: link.expiresAt,
      });
    }
    return { invoiceId, documents };
  }

  async download(
    principal: Principal,
    invoiceId: string,
    documentId: string,
  ): Promise<Out<typeof documentRedirectSchema>> {
    await this.requireAccess(principal, invoiceId);
    const key = letterKey(invoiceId, documentId.replace(/^letter-/, ''));
    if (!(await this.deps.documents.exists(key)))
      throw notFound(`document ${documentId} of case ${invoiceId}`);
    return this.link(key);
  }

  private async link(key: string) {
    const expiresAt = utcInstant(addSeconds(Date.now(), DOWNLOAD_LINK_SECONDS));
    const location = await this.deps.documents.presignedGetUrl(key, DOWNLOAD_LINK_SECONDS);
    return { location, expiresAt };
  }

  private async requireAccess(principal: Principal, invoiceId: string): Promise<void> {
    const dunningCase = await this.deps.service.find(invoiceId);
    if (!dunningCase) throw notFound(`case ${invoiceId}`);
    if (isSupervisor(principal)) return;
    const queues = new Set(queuesOf(principal, this.deps.context.policy));
    const tasks = await this.deps.tasks.recentTasksOfCase(invoiceId, TASKS_CONSIDERED);
    if (!tasks.some((task) => queues.has(task.queue))) throw notFound(`case ${invoiceId}`);
  }
}
