import { kindOfCursor, type SearchHit } from '../adapters/customer-repository.js';
import { InvalidCursorError } from '../adapters/task-keys.js';
import { levelName } from '../domain/level-names.js';
import type { Locale } from '../domain/money.js';
import { isSearchableName, NAME_PREFIX_LENGTH, type SearchKind } from '../domain/search-terms.js';
import type { Task } from '../domain/task.js';
import type * as z from '../domain/zod.js';
import { EXPOSURE_LIST_LIMIT } from '../workflow/reports/compute-reports.js';
import type {
  contactViewSchema,
  customerDetailSchema,
  customerQuerySchema,
  searchQuerySchema,
  searchResultSchema,
} from './customer-schemas.js';
import type { CoreApiDeps } from './deps.js';
import { exposureFigures } from './exposure.js';
import { isSupervisor, type Principal, queuesOf } from './principal.js';
import { notFound, ProblemError } from './problems.js';
import { customerView } from './views.js';

type Out<S extends z.ZodMiniType> = z.infer<S>;

/** The customer page lists this many closed cases a page, and the customer's newest this many tasks. */
const CLOSED_PAGE = 20;
const CONTACTS = 20;

/** Without a kind, a search tries the exact numbers first: a hit there is what the person meant. */
const AUTO_ORDER: readonly SearchKind[] = ['invoice', 'customer', 'name'];

const invalid = (path: string, message: string) =>
  new ProblemError(400, 'Invalid request', `${path}: ${message}`, [{ path, message }]);

/**
 * The search and the customer page, for supervisors and callers. A caller sees a customer only if the
 * customer has a task in one of the caller's queues (as a caller sees only those tasks): a customer page of
 * anyone else is reported as missing, and search results of other customers are left out.
 */
export class CustomersResource {
  constructor(private readonly deps: CoreApiDeps) {}

  async search(
    principal: Principal,
    query: Out<typeof searchQuerySchema>,
  ): Promise<Out<typeof searchResultSchema>> {
    if (query.kind === 'name' && !isSearchableName(query.q)) {
      throw invalid('query.q', `must have at least ${NAME_PREFIX_LENGTH} letters or digits`);
    }
    const visible = this.visibility(principal);
    const kinds = this.kindsOf(query);
    let answer: Out<typeof searchResultSchema> = { kind: null, results: [], nextCursor: null };
    for (const kind of kinds) {
      if (kind === 'name' && !isSearchableName(query.q)) continue;
      const page = await this.withCursor(() =>
        this.deps.customers.search(kind, query.q, query.limit, query.cursor),
      );
      const results = (await visible(page.items)).map((hit) => ({ ...hit, currency: 'EUR' as const }));
      answer = { kind, results, nextCursor: page.nextCursor };
      if (results.length > 0 || page.nextCursor) break;
    }
    return answer.results.length > 0 || answer.nextCursor ? answer : { ...answer, kind: null };
  }

  async get(
    principal: Principal,
    customerId: string,
    query: Out<typeof customerQuerySchema>,
  ): Promise<Out<typeof customerDetailSchema>> {
    const queues = queuesOf(principal, this.deps.context.policy);
    if (!isSupervisor(principal) && !(await this.deps.customers.hasTaskIn(customerId, queues))) {
      // Like a task of another queue: its existence is not the caller's business.
      throw notFound(`customer ${customerId}`);
    }
    const [open, closed, taskIds] = await Promise.all([
      this.deps.customers.openCases(customerId, EXPOSURE_LIST_LIMIT),
      this.withCursor(
        () => this.deps.customers.closedCases(customerId, CLOSED_PAGE, query.closedCursor),
        'query.closedCursor',
      ),
      this.deps.customers.recentTaskIds(customerId, queues, CONTACTS),
    ]);
    const latest = open.cases.at(-1) ?? closed.items[0];
    const dunningCase = latest ? await this.deps.service.find(latest.invoiceId) : undefined;
    if (!dunningCase) throw notFound(`customer ${customerId}`);
    const [figures, tasks] = await Promise.all([
      exposureFigures(this.deps.reports, customerId, open),
      Promise.all(taskIds.map((taskId) => this.deps.tasks.get(taskId))),
    ]);
    const listed = [...open.cases, ...closed.items];
    const sum = (field: 'promisesKept' | 'promisesBroken' | 'promisesPending') =>
      listed.reduce((total, listedCase) => total + listedCase[field], 0);
    return {
      customer: customerView(dunningCase, principal),
      openCases: open.cases,
      exposure: { more: open.more, ...figures },
      closedCases: { cases: closed.items, nextCursor: closed.nextCursor },
      promises: {
        kept: sum('promisesKept'),
        broken: sum('promisesBroken'),
        pending: sum('promisesPending'),
        complete: !open.more && closed.nextCursor === null && query.closedCursor === undefined,
      },
      contacts: tasks.flatMap((task) => (task ? [this.contactView(task, query.lang)] : [])),
    };
  }

  private contactView(task: Task, locale: Locale): Out<typeof contactViewSchema> {
    return {
      taskId: task.taskId,
      invoiceId: task.invoiceId,
      invoiceNumber: task.invoiceNumber,
      kind: task.kind,
      levelName: levelName(this.deps.context.policy, task.levelId, locale),
      queue: task.queue,
      status: task.status,
      openedAt: task.createdAt,
      endedAt: task.status === 'open' ? null : task.updatedAt,
      outcome: task.outcome,
      recordedBy: task.recordedBy?.name ?? null,
    };
  }

  /** The kinds a search tries: the one asked for, the one its cursor continues, or all in AUTO_ORDER. */
  private kindsOf(query: Out<typeof searchQuerySchema>): readonly SearchKind[] {
    if (!query.cursor) return query.kind ? [query.kind] : AUTO_ORDER;
    const kind = kindOfCursorIn(query.cursor);
    if (query.kind && query.kind !== kind)
      throw invalid('query.cursor', 'belongs to a search of another kind');
    return [kind];
  }

  /**
   * Which hits the principal may see: all for supervisors; for callers those of customers with a task in
   * their queues (one bounded check per customer on the page, at most `limit` of them).
   */
  private visibility(principal: Principal) {
    if (isSupervisor(principal)) return async (hits: SearchHit[]) => hits;
    const queues = queuesOf(principal, this.deps.context.policy);
    return async (hits: SearchHit[]) => {
      const customerIds = [...new Set(hits.map((hit) => hit.customerId))];
      const allowed = await Promise.all(
        customerIds.map(async (customerId) =>
          (await this.deps.customers.hasTaskIn(customerId, queues)) ? customerId : undefined,
        ),
      );
      return hits.filter((hit) => allowed.includes(hit.customerId));
    };
  }

  private async withCursor<T>(read: () => Promise<T>, path = 'query.cursor'): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw asCursorProblem(error, path);
    }
  }
}

/** A cursor the API did not issue (or for another search) is the request's fault: 400 naming the field. */
const asCursorProblem = (error: unknown, path: string) =>
  error instanceof InvalidCursorError ? invalid(path, error.message) : error;

function kindOfCursorIn(cursor: string): SearchKind {
  try {
    return kindOfCursor(cursor);
  } catch (error) {
    throw asCursorProblem(error, 'query.cursor');
  }
}
