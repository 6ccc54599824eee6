import { type CaseStatus, caseStatusSchema, isTerminal } from './case.js';
import type { Locale } from './money.js';

/** Every status a case can have. */
export const ALL_CASE_STATUSES: readonly CaseStatus[] = caseStatusSchema.options;

/** A case in one of these is still being dunned, or paused: money is still open on it. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ALL_CASE_STATUSES.filter(
  (status) => !isTerminal(status),
);

/**
 * The cases each report reads: the aging of open amounts only open cases; promises and recoveries every
 * case, because a closed case kept or broke its promises and recovered what it recovered.
 */
export const REPORT_STATUSES = {
  aging: OPEN_CASE_STATUSES,
  promises: ALL_CASE_STATUSES,
  recovered: ALL_CASE_STATUSES,
} as const satisfies Record<string, readonly CaseStatus[]>;

/** A status as a person reads it after "the case is …" / "der Fall ist …". */
const STATUS_NAMES: Record<Locale, Record<CaseStatus, string>> = {
  de: {
    open: 'offen',
    promise: 'mit Zahlungszusage',
    installments: 'in Ratenzahlung',
    disputed: 'bestritten',
    'on-hold': 'angehalten',
    paid: 'bezahlt',
    cancelled: 'storniert',
    'handed-over': 'an Inkasso übergeben',
    'written-off': 'abgeschrieben',
  },
  en: {
    open: 'open',
    promise: 'under a promise to pay',
    installments: 'in installments',
    disputed: 'disputed',
    'on-hold': 'on hold',
    paid: 'paid',
    cancelled: 'cancelled',
    'handed-over': 'handed over to Inkasso',
    'written-off': 'written off',
  },
};

export function caseStatusName(status: CaseStatus, locale: Locale): string {
  return STATUS_NAMES[locale][status];
}
