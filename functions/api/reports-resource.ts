import type * as z from 'zod';
import { daysBetween } from '../domain/calendar.js';
import { type CaseStatus, openCents } from '../domain/case.js';
import { REPORT_STATUSES } from '../domain/case-statuses.js';
import type { ApiDeps } from './deps.js';
import { type Principal, requireSupervisor } from './principal.js';
import type {
  agingReportSchema,
  promisesReportSchema,
  reasonsReportSchema,
  recoveredReportSchema,
  reportQuerySchema,
} from './schemas.js';

type Out<S extends z.ZodType> = z.infer<S>;
type Range = Out<typeof reportQuerySchema>;

/** Reports for supervisors, each over the invoices due in the requested range. */
export class ReportsResource {
  constructor(private readonly deps: ApiDeps) {}

  private async casesIn(statuses: readonly CaseStatus[], range: Range) {
    const cases = (await Promise.all(statuses.map((status) => this.deps.cases.casesInStatus(status)))).flat();
    return cases.filter(
      (dunningCase) =>
        (!range.from || dunningCase.invoice.dueDate >= range.from) &&
        (!range.to || dunningCase.invoice.dueDate <= range.to),
    );
  }

  async aging(principal: Principal, range: Range): Promise<Out<typeof agingReportSchema>> {
    requireSupervisor(principal);
    const today = this.deps.clock.businessToday();
    const buckets = [
      { label: 'not yet due', min: Number.NEGATIVE_INFINITY, max: 0 },
      { label: '1-30 days', min: 1, max: 30 },
      { label: '31-60 days', min: 31, max: 60 },
      { label: '61-90 days', min: 61, max: 90 },
      { label: 'over 90 days', min: 91, max: Number.POSITIVE_INFINITY },
    ].map((bucket) => ({ ...bucket, count: 0, openCents: 0 }));
    for (const dunningCase of await this.casesIn(REPORT_STATUSES.aging, range)) {
      const overdue = daysBetween(dunningCase.invoice.dueDate, today);
      const bucket = buckets.find((candidate) => overdue >= candidate.min && overdue <= candidate.max);
      if (!bucket) continue;
      bucket.count += 1;
      bucket.openCents += openCents(dunningCase);
    }
    return {
      asOf: today,
      buckets: buckets.map(({ label, count, openCents: cents }) => ({ label, count, openCents: cents })),
    };
  }

  /** Reasons for non-payment and signs of dissatisfaction from finished call tasks (feedback to management). */
  async reasons(principal: Principal, range: Range): Promise<Out<typeof reasonsReportSchema>> {
    requireSupervisor(principal);
    const counts = new Map<string, number>();
    let dissatisfied = 0;
    let calls = 0;
    for (const queue of Object.keys(this.deps.context.policy.queueAccess)) {
      let cursor: string | undefined;
      do {
        const page = await this.deps.tasks.listQueues([queue], {
          limit: 100,
          cursor,
          kind: 'call',
          status: 'done',
        });
        for (const task of page.tasks) {
          const day = task.updatedAt.slice(0, 10);
          if ((range.from && day < range.from) || (range.to && day > range.to) || !task.outcome) continue;
          calls += 1;
          if ('reason' in task.outcome && task.outcome.reason) {
            counts.set(task.outcome.reason, (counts.get(task.outcome.reason) ?? 0) + 1);
          }
          if ('dissatisfied' in task.outcome && task.outcome.dissatisfied) dissatisfied += 1;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    const reasons = [...counts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count);
    return { reasons, dissatisfied, calls };
  }

  async promises(principal: Principal, range: Range): Promise<Out<typeof promisesReportSchema>> {
    requireSupervisor(principal);
    const promises = (await this.casesIn(REPORT_STATUSES.promises, range)).flatMap(
      (dunningCase) => dunningCase.promises,
    );
    const kept = promises.filter((promise) => promise.status === 'kept').length;
    const broken = promises.filter((promise) => promise.status === 'broken').length;
    const pending = promises.filter((promise) => promise.status === 'pending').length;
    return {
      kept,
      broken,
      pending,
      keptRate: kept + broken === 0 ? 0 : Math.round((kept / (kept + broken)) * 1000) / 1000,
    };
  }

  async recovered(principal: Principal, range: Range): Promise<Out<typeof recoveredReportSchema>> {
    requireSupervisor(principal);
    const byOutcome = new Map<string, { cases: number; recoveredCents: number }>();
    let waivedCents = 0;
    for (const dunningCase of await this.casesIn(REPORT_STATUSES.recovered, range)) {
      const outcome = dunningCase.closed?.outcome ?? 'open';
      const entry = byOutcome.get(outcome) ?? { cases: 0, recoveredCents: 0 };
      entry.cases += 1;
      entry.recoveredCents += dunningCase.paidCents;
      byOutcome.set(outcome, entry);
      waivedCents += dunningCase.closed?.waivedCents ?? 0;
    }
    const rows = [...byOutcome].map(([outcome, entry]) => ({ outcome, ...entry }));
    return {
      byOutcome: rows,
      recoveredCents: rows.reduce((sum, row) => sum + row.recoveredCents, 0),
      waivedCents,
    };
  }
}
