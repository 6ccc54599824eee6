import { Temporal } from 'temporal-polyfill';
import { defaultPolicy } from '../config/index.js';
import { executionNameFor } from '../functions/adapters/executions.js';
import { BERLIN, berlinDateOf, businessCalendar } from '../functions/domain/calendar.js';
import { decodeMessageTag } from '../functions/workflow/message-tags.js';
import type { AcceptedEmail } from './emulators/ses.js';

/** What a burst run found: the figures of `npm run bench:burst`. */
export interface BurstReport {
  invoices: number;
  firstRemindersMailed: number;
  failedExecutions: number;
  /** Failed executions by the error of the step that failed, as record-failure put it on the case timeline. */
  failedBy: Record<string, number>;
  lostInvoices: number;
  duplicateMails: number;
  restarts: number;
  runningExecutions: number;
  deadLetters: number;
  sesThrottled: number;
  lambdaRefused: number;
  peakLambdaConcurrency: number;
  peakRssBytes: number;
  wallSeconds: number;
  /** Business times (Berlin) of the first and the last execution start and first reminder. */
  startsBetween?: [string, string];
  firstRemindersBetween?: [string, string];
  /** First reminders mailed outside the sending window or not on a business day. */
  outsideSendingWindow: number;
  deadlineReached: boolean;
}

export interface ExecutionSummary {
  name: string;
  status: string;
  startDate: Date;
}

/** The policy's sending window (Berlin wall-clock time on a business day): every first reminder goes out inside it. */
export const SENDING_WINDOW = defaultPolicy.sendingWindow;

const firstLevelId = defaultPolicy.levels[0]?.id ?? 'reminder-1';
const calendar = businessCalendar(defaultPolicy.state);

/**
 * Counts mails as SES accepts them, per invoice and level (from the mail's tags), and when each first reminder
 * went out in business time; it keeps no mail, so the mailbox can be emptied meanwhile.
 */
export function mailTally() {
  const perInvoiceAndLevel = new Map<string, number>();
  const firstReminderAt = new Map<string, number>();
  return {
    add(email: AcceptedEmail, businessMs: number) {
      // The mailer encodes its tags reversibly (SES allows only [A-Za-z0-9_-] in a tag value).
      const tag = (name: string) => {
        const value = email.tags[name];
        return value === undefined ? undefined : decodeMessageTag(value);
      };
      const invoiceId = tag('invoiceId') ?? email.to.join(',');
      const levelId = tag('levelId');
      const key = `${invoiceId}|${levelId ?? email.subject}`;
      perInvoiceAndLevel.set(key, (perInvoiceAndLevel.get(key) ?? 0) + 1);
      if (levelId === firstLevelId && !firstReminderAt.has(invoiceId)) {
        firstReminderAt.set(invoiceId, businessMs);
      }
    },
    firstReminded: () => firstReminderAt.size,
    hasFirstReminder: (invoiceId: string) => firstReminderAt.has(invoiceId),
    firstReminderTimes: () => [...firstReminderAt.values()],
    duplicates: () => [...perInvoiceAndLevel.values()].reduce((sum, count) => sum + count - 1, 0),
  };
}

export type MailTally = ReturnType<typeof mailTally>;

/**
 * Finds the invoice of an execution by its name: inv-<id>, or inv-<id>-<suffix> for a continuation, an
 * installment plan or a restart.
 */
export function invoiceOfExecution(
  invoiceIds: readonly string[],
): (executionName: string) => string | undefined {
  const invoiceByName = new Map(invoiceIds.map((invoiceId) => [executionNameFor(invoiceId), invoiceId]));
  return (executionName) => {
    for (
      let name = executionName;
      name.length > 0;
      name = name.slice(0, Math.max(0, name.lastIndexOf('-')))
    ) {
      const invoiceId = invoiceByName.get(name);
      if (invoiceId !== undefined) return invoiceId;
    }
    return undefined;
  };
}

const isFailed = (execution: ExecutionSummary) =>
  ['FAILED', 'TIMED_OUT', 'ABORTED'].includes(execution.status);

function invoicesWith(
  executions: readonly ExecutionSummary[],
  invoiceOf: (executionName: string) => string | undefined,
  status: (execution: ExecutionSummary) => boolean,
): Set<string> {
  const found = new Set<string>();
  for (const execution of executions) {
    const invoiceId = status(execution) ? invoiceOf(execution.name) : undefined;
    if (invoiceId !== undefined) found.add(invoiceId);
  }
  return found;
}

export const invoicesWithFailedExecution = (
  executions: readonly ExecutionSummary[],
  invoiceOf: (executionName: string) => string | undefined,
) => invoicesWith(executions, invoiceOf, isFailed);

/** Invoices without a first reminder that still have a running execution which may send it. */
export function awaitingFirstReminder(
  invoiceIds: readonly string[],
  executions: readonly ExecutionSummary[],
  mail: MailTally,
  invoiceOf: (executionName: string) => string | undefined,
): string[] {
  const running = invoicesWith(executions, invoiceOf, (execution) => execution.status === 'RUNNING');
  return invoiceIds.filter((invoiceId) => !mail.hasFirstReminder(invoiceId) && running.has(invoiceId));
}

export function withinSendingWindow(businessMs: number): boolean {
  const instant = Temporal.Instant.fromEpochMilliseconds(businessMs);
  const time = instant.toZonedDateTimeISO(BERLIN).toPlainTime();
  return (
    calendar.isBusinessDay(berlinDateOf(instant.toString())) &&
    Temporal.PlainTime.compare(time, SENDING_WINDOW.from) >= 0 &&
    Temporal.PlainTime.compare(time, SENDING_WINDOW.to) < 0
  );
}

/** Berlin wall-clock time, minute precision. */
export function berlinTime(businessMs: number): string {
  return Temporal.Instant.fromEpochMilliseconds(businessMs)
    .toZonedDateTimeISO(BERLIN)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' })
    .replace('T', ' ');
}

function span(values: readonly number[]): [string, string] | undefined {
  if (values.length === 0) return undefined;
  return [berlinTime(Math.min(...values)), berlinTime(Math.max(...values))];
}

export interface BurstObservations {
  invoiceIds: readonly string[];
  executions: readonly ExecutionSummary[];
  mail: MailTally;
  failedBy: Record<string, number>;
  deadLetters: number;
  sesThrottled: number;
  lambda: { refused: number; peak: number };
  wallSeconds: number;
  toBusiness: (engineMs: number) => number;
}

export function burstReport(seen: BurstObservations): BurstReport {
  const invoiceOf = invoiceOfExecution(seen.invoiceIds);
  const running = invoicesWith(seen.executions, invoiceOf, (execution) => execution.status === 'RUNNING');
  const firstTimes = seen.mail.firstReminderTimes();
  return {
    invoices: seen.invoiceIds.length,
    firstRemindersMailed: seen.mail.firstReminded(),
    failedExecutions: seen.executions.filter(isFailed).length,
    failedBy: seen.failedBy,
    lostInvoices: seen.invoiceIds.filter(
      (invoiceId) => !seen.mail.hasFirstReminder(invoiceId) && !running.has(invoiceId),
    ).length,
    duplicateMails: seen.mail.duplicates(),
    restarts: seen.executions.filter((execution) => /-r\d+$/.test(execution.name)).length,
    runningExecutions: seen.executions.filter((execution) => execution.status === 'RUNNING').length,
    deadLetters: seen.deadLetters,
    sesThrottled: seen.sesThrottled,
    lambdaRefused: seen.lambda.refused,
    peakLambdaConcurrency: seen.lambda.peak,
    peakRssBytes: process.resourceUsage().maxRSS * 1_024,
    wallSeconds: seen.wallSeconds,
    startsBetween: span(seen.executions.map((execution) => seen.toBusiness(execution.startDate.getTime()))),
    firstRemindersBetween: span(firstTimes),
    outsideSendingWindow: firstTimes.filter((at) => !withinSendingWindow(at)).length,
    deadlineReached: awaitingFirstReminder(seen.invoiceIds, seen.executions, seen.mail, invoiceOf).length > 0,
  };
}
