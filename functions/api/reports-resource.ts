import {
  agingOf,
  type DateRange,
  emptyFigures,
  promisesOf,
  type ReportFigures,
  reasonsOf,
  recoveredOf,
} from '../domain/report-figures.js';
import type * as z from '../domain/zod.js';
import type { CoreApiDeps } from './deps.js';
import { type Principal, requireSupervisor } from './principal.js';
import type {
  agingReportSchema,
  promisesReportSchema,
  reasonsReportSchema,
  recoveredReportSchema,
  reportQuerySchema,
} from './report-schemas.js';

type Out<S extends z.ZodMiniType> = z.infer<S>;
type Range = Out<typeof reportQuerySchema>;

/**
 * Reports for supervisors, each over the invoices due (the reasons: the calls finished) in the requested
 * range. They are computed from the report job's latest snapshot, one read whatever the number of cases,
 * and say as of when (`computedAt`, null before the job's first pass ended: then every figure is zero).
 */
export class ReportsResource {
  constructor(private readonly deps: Pick<CoreApiDeps, 'reports' | 'clock'>) {}

  private async figures(
    principal: Principal,
  ): Promise<{ figures: ReportFigures; computedAt: string | null }> {
    requireSupervisor(principal);
    const snapshot = await this.deps.reports.snapshot();
    return snapshot ?? { figures: emptyFigures(), computedAt: null };
  }

  async aging(principal: Principal, range: Range): Promise<Out<typeof agingReportSchema>> {
    const { figures, computedAt } = await this.figures(principal);
    const today = this.deps.clock.businessToday();
    return { asOf: today, computedAt, buckets: agingOf(figures, rangeOf(range), today) };
  }

  /** Reasons for non-payment and signs of dissatisfaction from finished call tasks (feedback to management). */
  async reasons(principal: Principal, range: Range): Promise<Out<typeof reasonsReportSchema>> {
    const { figures, computedAt } = await this.figures(principal);
    return { ...reasonsOf(figures, rangeOf(range)), computedAt };
  }

  async promises(principal: Principal, range: Range): Promise<Out<typeof promisesReportSchema>> {
    const { figures, computedAt } = await this.figures(principal);
    return { ...promisesOf(figures, rangeOf(range)), computedAt };
  }

  async recovered(principal: Principal, range: Range): Promise<Out<typeof recoveredReportSchema>> {
    const { figures, computedAt } = await this.figures(principal);
    return { ...recoveredOf(figures, rangeOf(range)), computedAt };
  }
}

const rangeOf = (range: Range): DateRange => ({
  ...(range.from ? { from: range.from } : {}),
  ...(range.to ? { to: range.to } : {}),
});
