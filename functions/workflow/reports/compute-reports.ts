import { type Instant, instantSchema } from '../../domain/calendar.js';
import {
  addCall,
  addCase,
  emptyFigures,
  type ReportCall,
  type ReportCase,
  type ReportFigures,
  reportFiguresSchema,
} from '../../domain/report-figures.js';
import * as z from '../../domain/zod.js';

/** A caller's exposure lists this many of the customer's open cases; the job totals customers with more. */
export const EXPOSURE_LIST_LIMIT = 20;

/** Where a page of an index ends (its LastEvaluatedKey), opaque to the job. */
export const pageKeySchema = z.record(z.string(), z.string());
export type PageKey = z.infer<typeof pageKeySchema>;

export interface Page<T> {
  items: T[];
  after?: PageKey;
}

/** A customer's open cases in total, as of the pass that counted them. */
export interface ExposureTotals {
  openCaseCount: number;
  totalOpenCents: number;
  computedAt: Instant;
}

/** What the report job reads and writes (the report repository on AWS and locally). */
export interface ReportJobPorts {
  /** One page of an open-case shard, customer by customer. */
  openCasesPage(
    shard: number,
    limit: number,
    after?: PageKey,
  ): Promise<Page<ReportCase & { customerId: string }>>;
  /** One page of a closed-case shard. */
  closedCasesPage(shard: number, limit: number, after?: PageKey): Promise<Page<ReportCase>>;
  finishedCallsPage(queue: string, limit: number, after?: PageKey): Promise<Page<ReportCall>>;
  pass(): Promise<ReportPass | undefined>;
  savePass(pass: ReportPass | undefined): Promise<void>;
  saveSnapshot(computedAt: Instant, figures: ReportFigures): Promise<void>;
  saveExposure(customerId: string, totals: ExposureTotals): Promise<void>;
}

export interface ReportJobScope {
  ports: ReportJobPorts;
  /** The customer index's shards, each once with the open and once with the closed cases. */
  shards: number;
  queues: readonly string[];
  now(): Instant;
}

/** The customer whose open cases the walk is counting (a customer's cases may span pages and runs). */
const countingSchema = z.object({ customerId: z.string(), count: z.int(), cents: z.int() });
type Counting = z.infer<typeof countingSchema>;

/** A pass over every case and finished call, saved after every page so the next run continues it. */
export const reportPassSchema = z.object({
  startedAt: instantSchema,
  /** Index into the pass's sources: the open-case shards, the closed-case shards, the call queues. */
  source: z.int().check(z.gte(0)),
  after: z.optional(pageKeySchema),
  figures: reportFiguresSchema,
  counting: z.nullable(countingSchema),
});
export type ReportPass = z.infer<typeof reportPassSchema>;

type Source =
  | { type: 'open'; shard: number }
  | { type: 'closed'; shard: number }
  | { type: 'calls'; queue: string };

function sourcesOf(scope: ReportJobScope): Source[] {
  return [
    ...Array.from({ length: scope.shards }, (_, shard) => ({ type: 'open' as const, shard })),
    ...Array.from({ length: scope.shards }, (_, shard) => ({ type: 'closed' as const, shard })),
    ...scope.queues.map((queue) => ({ type: 'calls' as const, queue })),
  ];
}

export interface ReportRunOptions {
  pageSize: number;
  /** Pages per run: a run's reads are bounded; the next run continues the pass where this one stopped. */
  pages: number;
}

/**
 * Computes the report figures in bounded runs: a pass walks the open cases (customer by customer, totalling
 * the customers with more open cases than a caller's exposure lists), the closed cases and the finished
 * calls, a bounded number of pages per run; the pass that reaches the end replaces the snapshot the
 * reports read, with the time it started as `computedAt`. No case change writes anything for the reports.
 */
export async function computeReports(scope: ReportJobScope, options: ReportRunOptions) {
  const sources = sourcesOf(scope);
  let pass: ReportPass = (await scope.ports.pass()) ?? {
    startedAt: scope.now(),
    source: 0,
    figures: emptyFigures(),
    counting: null,
  };
  for (let page = 0; page < options.pages; page++) {
    const source = sources[pass.source];
    if (!source) {
      await scope.ports.saveSnapshot(pass.startedAt, pass.figures);
      await scope.ports.savePass(undefined);
      return { pages: page, complete: true, computedAt: pass.startedAt };
    }
    pass = await readPage(scope, source, pass, options.pageSize);
    await scope.ports.savePass(pass);
  }
  return { pages: options.pages, complete: false, computedAt: null };
}

async function readPage(scope: ReportJobScope, source: Source, pass: ReportPass, limit: number) {
  const { ports } = scope;
  const { figures } = pass;
  let { counting } = pass;
  let after: PageKey | undefined;
  if (source.type === 'open') {
    const page = await ports.openCasesPage(source.shard, limit, pass.after);
    for (const reported of page.items) {
      addCase(figures, reported);
      if (counting?.customerId !== reported.customerId) {
        await saveLargeExposure(scope, counting, pass.startedAt);
        counting = { customerId: reported.customerId, count: 0, cents: 0 };
      }
      counting.count += 1;
      counting.cents += reported.openCents;
    }
    after = page.after;
    // A shard ends with its last customer.
    if (!after) {
      await saveLargeExposure(scope, counting, pass.startedAt);
      counting = null;
    }
  } else if (source.type === 'closed') {
    const page = await ports.closedCasesPage(source.shard, limit, pass.after);
    for (const reported of page.items) addCase(figures, reported);
    after = page.after;
  } else {
    const page = await ports.finishedCallsPage(source.queue, limit, pass.after);
    for (const call of page.items) addCall(figures, call);
    after = page.after;
  }
  return { ...pass, figures, counting, after, source: after ? pass.source : pass.source + 1 };
}

async function saveLargeExposure(scope: ReportJobScope, counting: Counting | null, computedAt: Instant) {
  if (!counting || counting.count <= EXPOSURE_LIST_LIMIT) return;
  await scope.ports.saveExposure(counting.customerId, {
    openCaseCount: counting.count,
    totalOpenCents: counting.cents,
    computedAt,
  });
}
