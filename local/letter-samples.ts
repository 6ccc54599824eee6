import { baseRateTable, defaultPolicy } from '../config/index.js';
import { addDays, businessCalendar, compareDates, type IsoDate } from '../functions/domain/calendar.js';
import { applyEvent, type CaseContext, openCase } from '../functions/domain/case.js';
import type { InvoiceIssued } from '../functions/domain/events.js';
import type { LetterInput, PostalAddress } from '../functions/domain/letters/index.js';
import { planSchedule } from '../functions/domain/schedule.js';
import { letterInputFor } from '../functions/domain/statement.js';
import { demoInvoices } from './demo-invoices.js';

/**
 * Posted letters to look at (`npm run letter:sample`): the final notice of every demo customer as the
 * shipped policy writes it, with a made-up postal address, and one letter whose statement runs onto a
 * second page.
 */
const context: CaseContext = {
  policy: defaultPolicy,
  baseRates: baseRateTable,
  calendar: businessCalendar(defaultPolicy.state),
};

const german = (nameLines: string[], street: string, postalCode: string, city: string): PostalAddress => ({
  nameLines,
  street,
  postalCode,
  city,
  countryCode: 'DE',
});

/** Demo customers' postal addresses (the invoices on the bus carry none yet). */
const POSTAL_ADDRESSES: Readonly<Record<string, PostalAddress>> = {
  'cust-rheinstahl': german(
    ['Rheinstahl Komponenten AG', 'Kreditorenbuchhaltung', 'z. Hd. Frau Petra Albers'],
    'Hafenstraße 40',
    '47119',
    'Duisburg',
  ),
  'cust-kleinwerk': german(['Kleinwerk Schmidt GmbH'], 'Am Werkkanal 3', '80939', 'München'),
  'cust-meyer': german(['Frau Anna Meyer'], 'Kastanienallee 17', '10435', 'Berlin'),
  'cust-delta': {
    nameLines: ['Delta Tooling B.V.', 'Accounts Payable'],
    street: 'Industrieweg 21',
    postalCode: '5651 GC',
    city: 'Eindhoven',
    country: 'Niederlande',
    countryCode: 'NL',
  },
  'cust-jung': german(['Herrn Lukas Jung'], 'Lindenstraße 5', '01067', 'Dresden'),
  'cust-nordlicht': german(['Nordlicht Anlagenbau GmbH & Co. KG'], 'Großer Burstah 7', '20457', 'Hamburg'),
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
  const postalAddress = POSTAL_ADDRESSES[invoice.customer.id];
  return letter && postalAddress ? { ...letter, postalAddress } : letter;
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
