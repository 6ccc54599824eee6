import { baseRateTable, defaultPolicy } from '../config/index.js';
import { addDays, businessCalendar, compareDates, type IsoDate } from '../functions/domain/calendar.js';
import { applyEvent, type CaseContext, openCase } from '../functions/domain/case.js';
import type { InvoiceIssued } from '../functions/domain/events.js';
import type { LetterInput } from '../functions/domain/letters/index.js';
import { planSchedule } from '../functions/domain/schedule.js';
import { letterInputFor } from '../functions/domain/statement.js';
import { demoInvoices } from './demo-invoices.js';

/**
 * Posted letters to look at (`npm run letter:sample`): the final notice of every demo customer as the
 * shipped policy writes it, to the demo customer's postal address, and one letter whose statement runs onto a
 * second page.
 */
const context: CaseContext = {
  policy: defaultPolicy,
  baseRates: baseRateTable,
  calendar: businessCalendar(defaultPolicy.state),
};

/** The letter of the last reminder level of the schedule that writes one: the final notice by post. */
function finalNotice(invoice: InvoiceIssued): LetterInput | undefined {
  let dunningCase = openCase(invoice, context).case;
  let letter: LetterInput | undefined;
  for (const scheduled of planSchedule(invoice, context.policy, context.calendar)) {
    const level = context.policy.levels[scheduled.index];
    const step = { levelIndex: scheduled.index, on: scheduled.date };
    if (level?.kind === 'call') {
      dunningCase = applyEvent(dunningCase, { type: 'level-completed', ...step }, context).case;
    }
    if (level?.kind !== 'reminder' && level?.kind !== 'final') continue;
    dunningCase = applyEvent(
      dunningCase,
      { type: 'reminder-sent', ...step, channel: level.channel },
      context,
    ).case;
    letter = letterInputFor(dunningCase, scheduled.date, context);
  }
  return letter;
}

/** Interest in many short periods, as after years of base-rate changes and part payments. */
export function withLongStatement(letter: LetterInput, periods: number): LetterInput {
  const start = letter.dueDate;
  const interestLines = Array.from({ length: periods }, (_, index) => ({
    from: addDays(start, 1 + index * 30),
    through: addDays(start, 30 + index * 30),
    ratePercent: index % 2 === 0 ? '11.27' : '10.88',
    cents: 1_234 + index * 17,
  }));
  const interest = interestLines.reduce((sum, line) => sum + line.cents, 0);
  const previous = letter.interestLines.reduce((sum, line) => sum + line.cents, 0);
  return { ...letter, interestLines, totalCents: letter.totalCents - previous + interest };
}

export function sampleLetters(today: IsoDate): { name: string; input: LetterInput }[] {
  const samples = demoInvoices(today).flatMap((invoice) => {
    const input = finalNotice(invoice);
    return input ? [{ name: `${invoice.invoiceNumber}-${input.kind}-${input.locale}`, input }] : [];
  });
  const first = samples.find(({ input }) => compareDates(input.invoiceDate, today) < 0);
  return first
    ? [...samples, { name: `${first.name}-long-statement`, input: withLongStatement(first.input, 36) }]
    : samples;
}
