import '../local/quiet-logs.js';
import { parseArgs } from 'node:util';
import { type BurstReport, firstReminderDay, runBurst, SENDING_WINDOW } from '../local/burst.js';

/**
 * `npm run bench:burst`: 2,000 invoices due the same day on the local stack (the real ASL, handlers and
 * adapters on emulators, in this one process, on loopback only), SES limited to a sending rate far below what
 * the first reminders ask for, and a Lambda concurrency cap. Prints what must stay zero and when the first
 * reminders went out in business time.
 *
 * The clock scale: one business minute per engine second (a business day is 1,440 s). Whatever this machine
 * does at its own pace lasts k times longer in business time, so a coarse scale distorts a burst:
 * - The accounting system's nightly run (22:00) issues every invoice at once; this process starts 2,000
 *   executions in about ten seconds, ten business minutes here. At 5 s per business day they took days.
 * - SES at 20 mails per engine second is 1,200 per business hour: far below the 2,000 first reminders due at
 *   09:00 at once, yet the 08:00–18:00 window holds 12,000, so keeping to the window is possible.
 * - Retry delays scale with the clock (runBurst), so the throttling budget is about two and a half business
 *   hours at most, as on AWS (with full jitter, about half of that on average).
 * What runs on engine time is still stretched 60-fold: a Lambda invocation's CPU time and the SES client's own
 * retries (up to about two seconds) hold a concurrency slot for business minutes, so a cap bites harder than
 * the same cap on AWS. A finer scale would make the night before the reminders last hours of wall time; at
 * this one it takes eleven minutes.
 */
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '2000' },
    'ses-rate': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '50' },
    'day-seconds': { type: 'string', default: '1440' },
    'deadline-seconds': { type: 'string', default: '1500' },
  },
});

const positive = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return value;
};

const options = {
  invoices: Math.round(positive('invoices')),
  sesRate: positive('ses-rate'),
  concurrency: Math.round(positive('concurrency')),
  daySeconds: positive('day-seconds'),
  deadlineSeconds: positive('deadline-seconds'),
};

console.log(
  `burst: ${options.invoices} invoices issued at 22:00 the evening before ${firstReminderDay()}, SES ${options.sesRate}/s, ` +
    `Lambda concurrency ${options.concurrency}, one business day = ${options.daySeconds} s, deadline ${options.deadlineSeconds} s`,
);
const result = await runBurst({
  ...options,
  onProgress: (line) => console.log(`  ${line}`),
  progressSeconds: 30,
});
printReport(result);
process.exit(0);

function withCauses(count: number, causes: Record<string, number>): string {
  const named = Object.entries(causes).map(([error, times]) => `${error} ${times}`);
  return named.length > 0 ? `${count} (${named.join(', ')})` : String(count);
}

function printReport(report: BurstReport): void {
  const window = `${SENDING_WINDOW.from}–${SENDING_WINDOW.to} Berlin`;
  const rows: [string, string, string][] = [
    ['invoices', String(report.invoices), '>= 2,000'],
    ['first reminders mailed', String(report.firstRemindersMailed), `= invoices`],
    ['failed executions', withCauses(report.failedExecutions, report.failedBy), '0'],
    ['lost invoices (no reminder, no running execution)', String(report.lostInvoices), '0'],
    ['duplicate mails (same invoice and level)', String(report.duplicateMails), '0'],
    ['restarts (executions named -r<n>)', String(report.restarts), ''],
    ['executions still running', String(report.runningExecutions), ''],
    ['dead letters', String(report.deadLetters), '0'],
    ['SES requests refused (429)', String(report.sesThrottled), ''],
    ['Lambda invocations refused (429)', String(report.lambdaRefused), ''],
    ['peak Lambda concurrency', String(report.peakLambdaConcurrency), `<= ${options.concurrency}`],
    ['peak memory (RSS)', `${Math.round(report.peakRssBytes / 1_048_576)} MB`, ''],
    ['wall time', `${Math.round(report.wallSeconds)} s`, `<= ${options.deadlineSeconds} s`],
    ['executions started (business time)', report.startsBetween?.join(' – ') ?? '-', ''],
    ['first reminders sent (business time)', report.firstRemindersBetween?.join(' – ') ?? '-', ''],
    [`first reminders outside ${window}`, String(report.outsideSendingWindow), '0'],
    [
      'every first reminder within the sending window',
      report.outsideSendingWindow === 0 && report.firstRemindersMailed === report.invoices ? 'yes' : 'no',
      'yes',
    ],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0), 8));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(line(['figure', 'measured', 'target']));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  if (report.deadlineReached)
    console.log(`\nThe deadline passed before every invoice had its first reminder.`);
}
