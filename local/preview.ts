import { baseRateTable, defaultPolicy } from '../config/index.js';
import { businessCalendar, compareDates, type IsoDate } from '../functions/domain/calendar.js';
import { applyEvent, type CaseContext, type DunningCase, openCase } from '../functions/domain/case.js';
import type { InvoiceIssued } from '../functions/domain/events.js';
import { creditBureauGateFor } from '../functions/domain/handover.js';
import { formatLetterDate, renderLetter } from '../functions/domain/letters/index.js';
import { formatMoney } from '../functions/domain/money.js';
import { planSchedule } from '../functions/domain/schedule.js';
import { letterInputFor, statementOn, toneFor } from '../functions/domain/statement.js';
import { demoInvoices } from './demo-invoices.js';

/**
 * `npm start` (until the local stack exists): walks every demo invoice through the default policy as if the
 * customer never reacted, and prints what the workflow would do, when, and what the letters say.
 */
const context: CaseContext = {
  policy: defaultPolicy,
  baseRates: baseRateTable,
  calendar: businessCalendar(defaultPolicy.state),
};
const euro = (cents: number) => formatMoney(cents, 'EUR', 'de');

function describeLevel(dunningCase: DunningCase, index: number) {
  const level = context.policy.levels[index];
  if (!level) return '';
  switch (level.kind) {
    case 'reminder':
    case 'final':
      return `${level.kind === 'final' ? 'final notice' : 'reminder'} by ${level.channel}, tone ${toneFor(dunningCase, context)}`;
    case 'call':
      return `collection call, queue "${level.queue}", ${level.attempts} attempts, SLA ${level.slaBusinessDays} business days`;
    case 'handover':
      return `Inkasso handover to ${context.policy.inkassoAgency}${level.requireApproval ? ' after supervisor approval' : ''}`;
  }
}

function preview(
  invoice: InvoiceIssued,
  today: IsoDate,
  letterLines: number,
  print: (line?: string) => void,
) {
  const { customer } = invoice;
  let dunningCase = openCase(invoice, context).case;
  let caseToday = dunningCase;
  const letters: string[] = [];
  const plan = planSchedule(invoice, context.policy, context.calendar);

  print('━'.repeat(100));
  print(
    `${invoice.invoiceNumber}  ${customer.name}  (${customer.consumer ? 'consumer' : 'B2B'}, ${customer.segment}, ${customer.state})`,
  );
  print(
    `  ${euro(invoice.amount.cents)} issued ${invoice.issueDate}, due ${invoice.dueDate}${invoice.paymentDateIsCalendarDate ? ' (calendar payment date)' : ''}`,
  );
  print('  schedule if the customer never reacts:');
  for (const scheduled of plan) {
    const past = compareDates(scheduled.date, today) <= 0;
    print(
      `    ${past ? '✓' : '·'} ${scheduled.date} ${scheduled.levelId.padEnd(11)} ${describeLevel(dunningCase, scheduled.index)}`,
    );
    const level = context.policy.levels[scheduled.index];
    if (level?.kind === 'reminder' || level?.kind === 'final') {
      dunningCase = applyEvent(
        dunningCase,
        { type: 'reminder-sent', levelIndex: scheduled.index, on: scheduled.date, channel: level.channel },
        context,
      ).case;
      const input = letterInputFor(dunningCase, scheduled.date, context);
      const letter = renderLetter(input);
      const firstLines = letter.text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .slice(0, letterLines);
      letters.push(
        `    [${scheduled.levelId}, ${formatLetterDate(scheduled.date, input.locale)}] ${letter.subject}`,
      );
      letters.push(...firstLines.map((line) => `      | ${line}`));
    } else if (level?.kind === 'call') {
      dunningCase = applyEvent(
        dunningCase,
        { type: 'level-completed', levelIndex: scheduled.index, on: scheduled.date },
        context,
      ).case;
    } else if (level?.kind === 'handover') {
      const gate = creditBureauGateFor(dunningCase, scheduled.date, context);
      const failed = gate.checks.filter((check) => !check.passed).map((check) => check.rule);
      print(`        § 31 BDSG report ${gate.allowed ? 'allowed' : `not allowed (${failed.join(', ')})`}`);
    }
    if (past) caseToday = dunningCase;
  }

  const defaultStart = dunningCase.defaultStart;
  print(
    defaultStart
      ? `  default: from ${defaultStart.date} (${defaultStart.legalReference}, ${defaultStart.basis}); interest from ${defaultStart.interestFrom}`
      : '  default: not yet (no calendar payment date, no reminder received, no 30-day notice)',
  );
  const statement = statementOn(caseToday, today, context);
  const interest = statement.interestLines.reduce((sum, line) => sum + line.cents, 0);
  const costs =
    statement.costLines.map((charge) => `${charge.kind} ${euro(charge.cents)}`).join(', ') || 'none';
  print(
    `  as of ${today}: principal ${euro(statement.originalCents)}, interest ${euro(interest)}, costs: ${costs}, open ${euro(statement.totalCents)}`,
  );
  for (const line of statement.interestLines) {
    print(
      `      interest ${line.from}..${line.through} ${String(line.days).padStart(3)} days at ${line.ratePercent} % = ${euro(line.cents)}${line.baseRateStale ? '  ⚠ base rate missing, last known rate used' : ''}`,
    );
  }
  if (statement.baseRateStale) {
    print(
      '  ⚠ the base-rate table in config/base-rates.json is stale: add the Bundesbank value for the next half-year',
    );
  }
  print('  letters:');
  for (const line of letters) print(line);
}

export function renderPreview(today: IsoDate, letterLines = 4): string {
  const out: string[] = [];
  const print = (line = '') => out.push(line);
  print(
    `Dunning policy preview: policy "${context.policy.name}", place of payment ${context.policy.state}, today ${today}`,
  );
  for (const invoice of demoInvoices(today)) preview(invoice, today, letterLines, print);
  return out.join('\n');
}
