import type { z } from 'zod';
import type { caseDetailSchema, caseDocumentsSchema } from '../../functions/api/case-schemas.js';
import type { customerDetailSchema, searchResultSchema } from '../../functions/api/customer-schemas.js';
import type {
  printBatchDetailSchema,
  printBatchListSchema,
  printBatchViewSchema,
} from '../../functions/api/print-schemas.js';
import type {
  agingReportSchema,
  promisesReportSchema,
  reasonsReportSchema,
  recoveredReportSchema,
} from '../../functions/api/report-schemas.js';
import type { caseViewSchema } from '../../functions/api/schemas.js';
import type {
  taskDetailSchema,
  taskListSchema,
  taskSummarySchema,
} from '../../functions/api/task-schemas.js';
import type { CaseFileLinks } from '../../functions/domain/events.js';
import type { TaskKind, TaskOutcome } from '../../functions/domain/outcomes.js';
import type { SearchKind } from '../../functions/domain/search-terms.js';
import type { Lang } from './i18n.js';
import type { CallOutcomeBody } from './views/call-card.js';

/*
 * The API's message types come from the very zod schemas the API validates and builds its answers with
 * (type-only imports: nothing of the server is bundled), so the page cannot drift from the contract.
 */
export type TaskSummary = z.infer<typeof taskSummarySchema>;
export type TaskList = z.infer<typeof taskListSchema>;
export type TaskDetail = z.infer<typeof taskDetailSchema>;
export type CaseView = z.infer<typeof caseViewSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type CaseDocuments = z.infer<typeof caseDocumentsSchema>;
export type AgingReport = z.infer<typeof agingReportSchema>;
export type ReasonsReport = z.infer<typeof reasonsReportSchema>;
export type PromisesReport = z.infer<typeof promisesReportSchema>;
export type RecoveredReport = z.infer<typeof recoveredReportSchema>;
export type SearchResult = z.infer<typeof searchResultSchema>;
export type CustomerDetail = z.infer<typeof customerDetailSchema>;
export type PrintBatch = z.infer<typeof printBatchViewSchema>;
export type PrintBatchList = z.infer<typeof printBatchListSchema>;
export type PrintBatchDetail = z.infer<typeof printBatchDetailSchema>;

export interface ProblemField {
  path: string;
  message: string;
}

/**
 * An RFC 9457 problem the API answered with, or a stand-in when the network failed (status 0). Its title and
 * detail are the API's English words: the page shows its own text for it (views/problem.ts) and leaves
 * these to the browser console.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: ProblemField[],
    /** The problem type URI, e.g. https://mahnwesen.dev/problems/outcome-does-not-fit-the-case. */
    readonly type = '',
  ) {
    super(detail ?? title);
  }
}

function asProblem(status: number, body: unknown, fallbackTitle: string): ApiProblem {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(record.errors)
    ? record.errors.flatMap((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return [];
        const { path, message } = entry as Record<string, unknown>;
        return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
      })
    : [];
  return new ApiProblem(
    status,
    typeof record.title === 'string' ? record.title : fallbackTitle,
    typeof record.detail === 'string' ? record.detail : undefined,
    errors,
    typeof record.type === 'string' ? record.type : '',
  );
}

export interface ApiOptions {
  baseUrl: string;
  token: () => Promise<string | undefined>;
  /** Called when the API refuses the token: the page asks the person to sign in again. */
  onUnauthorized: () => void;
}

export class Api {
  constructor(private readonly options: ApiOptions) {}

  private async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const token = await this.options.token();
    if (!token) {
      this.options.onUnauthorized();
      throw new ApiProblem(401, 'Unauthorized', 'please sign in again', []);
    }
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json, application/problem+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiProblem(0, 'Network error', String(error), []);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status === 401) this.options.onUnauthorized();
    if (!response.ok) {
      const problem = asProblem(response.status, parsed, response.statusText || 'Error');
      // For support: the API's own words, which the page does not show (it says it in the page's language).
      console.warn(
        `${method} ${path}: ${problem.status} ${problem.title}`,
        problem.detail ?? '',
        problem.errors,
      );
      throw problem;
    }
    return parsed as T;
  }

  /** Level names come in the language the caller reads the page in. */
  listTasks(
    query: { queue?: string; kind?: TaskKind; limit?: number; cursor?: string },
    language: Lang,
  ): Promise<TaskList> {
    const params = new URLSearchParams({ lang: language });
    if (query.queue) params.set('queue', query.queue);
    if (query.kind) params.set('kind', query.kind);
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    return this.request('GET', `/tasks?${params}`);
  }

  /** The talking points and the timeline come in the language the caller reads the page in. */
  getTask(taskId: string, language: Lang): Promise<TaskDetail> {
    return this.request('GET', `/tasks/${encodeURIComponent(taskId)}?lang=${language}`);
  }

  claim(taskId: string): Promise<TaskSummary> {
    return this.request('POST', `/tasks/${encodeURIComponent(taskId)}/claim`);
  }

  release(taskId: string): Promise<TaskSummary> {
    return this.request('POST', `/tasks/${encodeURIComponent(taskId)}/release`);
  }

  recordOutcome(taskId: string, outcome: TaskOutcome): Promise<{ taskId: string; status: 'completed' }> {
    return this.request('POST', `/tasks/${encodeURIComponent(taskId)}/outcome`, { outcome });
  }

  /** A customer call: one outcome for the whole account, or one per invoice (`parts`). */
  recordCallOutcome(taskId: string, body: CallOutcomeBody): Promise<{ taskId: string; status: 'completed' }> {
    return this.request('POST', `/tasks/${encodeURIComponent(taskId)}/outcome`, body);
  }

  getCase(invoiceId: string, language: Lang): Promise<CaseDetail> {
    return this.request('GET', `/cases/${encodeURIComponent(invoiceId)}?lang=${language}`);
  }

  /** Posted letters with download links that work without the token for a few minutes. */
  getDocuments(invoiceId: string, language: Lang): Promise<CaseDocuments> {
    return this.request('GET', `/cases/${encodeURIComponent(invoiceId)}/documents?lang=${language}`);
  }

  /** Fresh links to the handed-over case file (JSON and PDF), valid for an hour at most; 404 before a handover. */
  caseFileLinks(invoiceId: string): Promise<CaseFileLinks> {
    return this.request('GET', `/cases/${encodeURIComponent(invoiceId)}/case-file/links`);
  }

  hold(invoiceId: string, reason: string): Promise<CaseView> {
    return this.request('POST', `/cases/${encodeURIComponent(invoiceId)}/hold`, { reason });
  }

  resume(invoiceId: string): Promise<CaseView> {
    return this.request('POST', `/cases/${encodeURIComponent(invoiceId)}/resume`);
  }

  /** Refused (409) while a running execution works the case, and for a closed case. */
  restart(invoiceId: string, reason: string): Promise<CaseView> {
    return this.request('POST', `/cases/${encodeURIComponent(invoiceId)}/restart`, { reason });
  }

  /** Without a kind the API tries the invoice number, then the customer number, then the name. */
  search(query: { q: string; kind?: SearchKind; cursor?: string; limit?: number }): Promise<SearchResult> {
    const params = new URLSearchParams({ q: query.q });
    if (query.kind) params.set('kind', query.kind);
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit) params.set('limit', String(query.limit));
    return this.request('GET', `/search?${params}`);
  }

  /** The contact history's level names come in the language the page is read in. */
  getCustomer(customerId: string, language: Lang, closedCursor?: string): Promise<CustomerDetail> {
    const params = new URLSearchParams({ lang: language });
    if (closedCursor) params.set('closedCursor', closedCursor);
    return this.request('GET', `/customers/${encodeURIComponent(customerId)}?${params}`);
  }

  /** Refused (409) for a closed case and for one disputed already. */
  dispute(invoiceId: string, request: { reason: string; note?: string }): Promise<CaseView> {
    return this.request('POST', `/cases/${encodeURIComponent(invoiceId)}/dispute`, request);
  }

  /** `all` only when nothing was paid, `rest` only after payments: the other is refused (409). */
  writeOff(invoiceId: string, request: { scope: 'all' | 'rest'; reason: string }): Promise<CaseView> {
    return this.request('POST', `/cases/${encodeURIComponent(invoiceId)}/write-off`, request);
  }

  /** null returns the case to its segment's tone. */
  setTone(invoiceId: string, request: { tone: CaseView['tone'] | null; reason: string }): Promise<CaseView> {
    return this.request('PUT', `/cases/${encodeURIComponent(invoiceId)}/tone`, request);
  }

  private report<T>(name: string, range: { from?: string; to?: string }): Promise<T> {
    const params = new URLSearchParams();
    if (range.from) params.set('from', range.from);
    if (range.to) params.set('to', range.to);
    const search = params.size > 0 ? `?${params}` : '';
    return this.request('GET', `/reports/${name}${search}`);
  }

  agingReport(range: { from?: string; to?: string }) {
    return this.report<AgingReport>('aging', range);
  }
  reasonsReport(range: { from?: string; to?: string }) {
    return this.report<ReasonsReport>('reasons', range);
  }
  promisesReport(range: { from?: string; to?: string }) {
    return this.report<PromisesReport>('promises', range);
  }
  recoveredReport(range: { from?: string; to?: string }) {
    return this.report<RecoveredReport>('recovered', range);
  }

  /** Newest first. */
  listPrintBatches(limit = 30): Promise<PrintBatchList> {
    return this.request('GET', `/print-batches?limit=${limit}`);
  }

  /** The batch with fresh links (five minutes) to its PDF and manifest, once it is assembled. */
  getPrintBatch(batchId: string): Promise<PrintBatchDetail> {
    return this.request('GET', `/print-batches/${encodeURIComponent(batchId)}`);
  }

  /** 422 naming postedOn before the batch date or after today, 409 while the batch is assembled. */
  confirmPosted(batchId: string, postedOn: string): Promise<PrintBatch> {
    return this.request('POST', `/print-batches/${encodeURIComponent(batchId)}/posted`, { postedOn });
  }
}
