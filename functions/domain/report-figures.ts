import { daysBetween, type IsoDate, instantSchema, isoDateSchema } from './calendar.js';
import { isTerminal } from './case.js';
import type { ReportCase } from './report-case.js';
import * as z from './zod.js';

export { type ReportCase, reportCaseOf, reportCaseSchema } from './report-case.js';

/*
 * The supervisors' reports as figures that add up: the report job adds every case and every finished call
 * into them once per pass, and each report is then computed from the figures of the days in its range, so
 * a report request reads one snapshot instead of every case.
 */

/** What the reasons report needs of a finished call. */
export const reportCallSchema = z.object({
  updatedAt: instantSchema,
  outcomeReason: z.nullable(z.string()),
  outcomeDissatisfied: z.boolean(),
});
export type ReportCall = z.infer<typeof reportCallSchema>;

const count = z.int().check(z.gte(0));

/** The cases due on one day. `open*` counts only cases still open (aging); the rest counts every case. */
const dueDayFiguresSchema = z.object({
  openCount: count,
  openCents: z.int(),
  promisesKept: count,
  promisesBroken: count,
  promisesPending: count,
  /** By closing outcome, `open` for cases not closed. */
  recovered: z.record(z.string(), z.object({ cases: count, recoveredCents: z.int() })),
  waivedCents: z.int(),
});
type DueDayFigures = z.infer<typeof dueDayFiguresSchema>;

/** The calls finished on one day (UTC date of their last change, as the reasons report always counted). */
const callDayFiguresSchema = z.object({
  calls: count,
  dissatisfied: count,
  reasons: z.record(z.string(), count),
});
type CallDayFigures = z.infer<typeof callDayFiguresSchema>;

export const reportFiguresSchema = z.object({
  byDueDate: z.record(isoDateSchema, dueDayFiguresSchema),
  callsByDay: z.record(isoDateSchema, callDayFiguresSchema),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

export interface DateRange {
  from?: IsoDate;
  to?: IsoDate;
}

export const emptyFigures = (): ReportFigures => ({ byDueDate: {}, callsByDay: {} });

export function addCase(figures: ReportFigures, reported: ReportCase): void {
  const day: DueDayFigures = figures.byDueDate[reported.dueDate] ?? {
    openCount: 0,
    openCents: 0,
    promisesKept: 0,
    promisesBroken: 0,
    promisesPending: 0,
    recovered: {},
    waivedCents: 0,
  };
  if (!isTerminal(reported.status)) {
    day.openCount += 1;
    day.openCents += reported.openCents;
  }
  day.promisesKept += reported.promisesKept;
  day.promisesBroken += reported.promisesBroken;
  day.promisesPending += reported.promisesPending;
  const outcome = reported.closedOutcome ?? 'open';
  const recovered = day.recovered[outcome] ?? { cases: 0, recoveredCents: 0 };
  day.recovered[outcome] = {
    cases: recovered.cases + 1,
    recoveredCents: recovered.recoveredCents + reported.paidCents,
  };
  day.waivedCents += reported.waivedCents;
  figures.byDueDate[reported.dueDate] = day;
}

export function addCall(figures: ReportFigures, call: ReportCall): void {
  const on = isoDateSchema.parse(call.updatedAt.slice(0, 10));
  const day: CallDayFigures = figures.callsByDay[on] ?? { calls: 0, dissatisfied: 0, reasons: {} };
  day.calls += 1;
  if (call.outcomeDissatisfied) day.dissatisfied += 1;
  if (call.outcomeReason) day.reasons[call.outcomeReason] = (day.reasons[call.outcomeReason] ?? 0) + 1;
  figures.callsByDay[on] = day;
}

const inRange = (day: string, range: DateRange) =>
  (!range.from || day >= range.from) && (!range.to || day <= range.to);

function daysIn<T>(byDay: Record<string, T>, range: DateRange): [IsoDate, T][] {
  return Object.entries(byDay).filter(([day]) => inRange(day, range));
}

const AGING_BUCKETS = [
  { label: 'not yet due', min: Number.NEGATIVE_INFINITY, max: 0 },
  { label: '1-30 days', min: 1, max: 30 },
  { label: '31-60 days', min: 31, max: 60 },
  { label: '61-90 days', min: 61, max: 90 },
  { label: 'over 90 days', min: 91, max: Number.POSITIVE_INFINITY },
] as const;

/** Open cases and amounts by days overdue as of `today`, of the invoices due in the range. */
export function agingOf(figures: ReportFigures, range: DateRange, today: IsoDate) {
  const buckets = AGING_BUCKETS.map((bucket) => ({ ...bucket, count: 0, openCents: 0 }));
  for (const [dueDate, day] of daysIn(figures.byDueDate, range)) {
    const overdue = daysBetween(dueDate, today);
    const bucket = buckets.find((candidate) => overdue >= candidate.min && overdue <= candidate.max);
    if (!bucket || day.openCount === 0) continue;
    bucket.count += day.openCount;
    bucket.openCents += day.openCents;
  }
  return buckets.map(({ label, count: cases, openCents: cents }) => ({
    label,
    count: cases,
    openCents: cents,
  }));
}

/** Reasons for non-payment and signs of dissatisfaction of the calls finished in the range. */
export function reasonsOf(figures: ReportFigures, range: DateRange) {
  const counts = new Map<string, number>();
  let dissatisfied = 0;
  let calls = 0;
  for (const [, day] of daysIn(figures.callsByDay, range)) {
    calls += day.calls;
    dissatisfied += day.dissatisfied;
    for (const [reason, times] of Object.entries(day.reasons)) {
      counts.set(reason, (counts.get(reason) ?? 0) + times);
    }
  }
  const reasons = [...counts]
    .map(([reason, times]) => ({ reason, count: times }))
    .sort((a, b) => b.count - a.count);
  return { reasons, dissatisfied, calls };
}

export function promisesOf(figures: ReportFigures, range: DateRange) {
  let kept = 0;
  let broken = 0;
  let pending = 0;
  for (const [, day] of daysIn(figures.byDueDate, range)) {
    kept += day.promisesKept;
    broken += day.promisesBroken;
    pending += day.promisesPending;
  }
  return {
    kept,
    broken,
    pending,
    keptRate: kept + broken === 0 ? 0 : Math.round((kept / (kept + broken)) * 1000) / 1000,
  };
}

export function recoveredOf(figures: ReportFigures, range: DateRange) {
  const byOutcome = new Map<string, { cases: number; recoveredCents: number }>();
  let waivedCents = 0;
  for (const [, day] of daysIn(figures.byDueDate, range)) {
    waivedCents += day.waivedCents;
    for (const [outcome, entry] of Object.entries(day.recovered)) {
      const sum = byOutcome.get(outcome) ?? { cases: 0, recoveredCents: 0 };
      byOutcome.set(outcome, {
        cases: sum.cases + entry.cases,
        recoveredCents: sum.recoveredCents + entry.recoveredCents,
      });
    }
  }
  const rows = [...byOutcome].map(([outcome, entry]) => ({ outcome, ...entry }));
  return {
    byOutcome: rows,
    recoveredCents: rows.reduce((sum, row) => sum + row.recoveredCents, 0),
    waivedCents,
  };
}
