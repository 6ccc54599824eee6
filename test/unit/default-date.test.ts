import { describe, expect, it } from 'vitest';
import { type Bundesland, businessCalendar, type IsoDate } from '../../functions/domain/calendar.js';
import {
  computeDefaultStart,
  type DefaultStart,
  type DefaultStartInput,
  defaultStartSchema,
  reminderReceivedOn,
} from '../../functions/domain/default-date.js';

// The receipt days of config/policy.json, inlined so the test does not depend on the letter templates.
const policy = { receipt: { invoiceDays: 3, emailBusinessDays: 1, letterBusinessDays: 3 } };
const nw = businessCalendar('NW');

const invoice = (overrides: Partial<DefaultStartInput>): DefaultStartInput => ({
  issueDate: '2026-03-02',
  dueDate: '2026-03-16',
  paymentDateIsCalendarDate: false,
  consumer: false,
  consumerNoticeOnInvoice: false,
  ...overrides,
});

describe('reminderReceivedOn', () => {
  it.each([
    // Thursday + 1 business day = Friday.
    { sentOn: '2026-03-19', channel: 'email', expected: '2026-03-20' },
    // Thursday + 3 business days = Fri 20, Mon 23, Tue 24.
    { sentOn: '2026-03-19', channel: 'letter', expected: '2026-03-24' },
    // Wednesday before Easter: Thu 2 Apr, (Good Friday, weekend, Easter Monday), Tue 7 Apr, Wed 8 Apr.
    { sentOn: '2026-04-01', channel: 'letter', expected: '2026-04-08' },
  ] satisfies { sentOn: IsoDate; channel: 'email' | 'letter'; expected: IsoDate }[])(
    'counts a $channel sent on $sentOn as received on $expected',
    ({ sentOn, channel, expected }) => {
      // Arrange
      const calendar = nw;

      // Act
      const received = reminderReceivedOn(sentOn, channel, policy, calendar);

      // Assert
      expect(received).toBe(expected);
    },
  );
});

describe('computeDefaultStart', () => {
  it.each([
    {
      name: 'a calendar payment date on a Monday starts default the next day',
      state: 'NW',
      input: invoice({ dueDate: '2026-03-16', paymentDateIsCalendarDate: true }),
      expected: { basis: 'calendar-date', date: '2026-03-17', interestFrom: '2026-03-17' },
    },
    {
      name: 'a calendar payment date on a Saturday moves to Monday (§ 193 BGB)',
      state: 'NW',
      input: invoice({ issueDate: '2026-08-01', dueDate: '2026-08-15', paymentDateIsCalendarDate: true }),
      expected: { basis: 'calendar-date', date: '2026-08-18', interestFrom: '2026-08-18' },
    },
    {
      name: 'a calendar payment date on Christmas Day moves past the holidays and the weekend',
      state: 'NW',
      input: invoice({ issueDate: '2026-12-01', dueDate: '2026-12-25', paymentDateIsCalendarDate: true }),
      expected: { basis: 'calendar-date', date: '2026-12-29', interestFrom: '2026-12-29' },
    },
    {
      name: 'a calendar payment date on Corpus Christi moves in North Rhine-Westphalia',
      state: 'NW',
      input: invoice({ issueDate: '2026-05-20', dueDate: '2026-06-04', paymentDateIsCalendarDate: true }),
      expected: { basis: 'calendar-date', date: '2026-06-06', interestFrom: '2026-06-06' },
    },
    {
      name: 'a calendar payment date on Corpus Christi stays in Berlin, where it is a working day',
      state: 'BE',
      input: invoice({ issueDate: '2026-05-20', dueDate: '2026-06-04', paymentDateIsCalendarDate: true }),
      expected: { basis: 'calendar-date', date: '2026-06-05', interestFrom: '2026-06-05' },
    },
    {
      name: 'an email reminder after the due date starts default on its receipt, interest the day after',
      state: 'NW',
      input: invoice({ firstReminder: { sentOn: '2026-03-19', channel: 'email' } }),
      expected: { basis: 'reminder', date: '2026-03-20', interestFrom: '2026-03-21' },
    },
    {
      name: 'a letter reminder after the due date is received three business days later',
      state: 'NW',
      input: invoice({ firstReminder: { sentOn: '2026-03-19', channel: 'letter' } }),
      expected: { basis: 'reminder', date: '2026-03-24', interestFrom: '2026-03-25' },
    },
    {
      name: 'a reminder sent on the due date is ignored, so 30 days after due date apply for B2B',
      state: 'NW',
      // due Mon 16 Mar + 30 days = Wed 15 Apr, a business day -> default from 16 Apr
      input: invoice({ firstReminder: { sentOn: '2026-03-16', channel: 'email' } }),
      expected: { basis: 'thirty-days', date: '2026-04-16', interestFrom: '2026-04-16' },
    },
    {
      name: 'a reminder sent before the due date is ignored',
      state: 'NW',
      input: invoice({ firstReminder: { sentOn: '2026-03-10', channel: 'letter' } }),
      expected: { basis: 'thirty-days', date: '2026-04-16', interestFrom: '2026-04-16' },
    },
    {
      name: 'a reminder on the working day that § 193 BGB made the payment date is still too early',
      state: 'NW',
      // due Sat 15 Aug -> payable Mon 17 Aug; 30 days from 15 Aug = Mon 14 Sep -> default from 15 Sep
      input: invoice({
        issueDate: '2026-08-01',
        dueDate: '2026-08-15',
        firstReminder: { sentOn: '2026-08-17', channel: 'email' },
      }),
      expected: { basis: 'thirty-days', date: '2026-09-15', interestFrom: '2026-09-15' },
    },
    {
      name: 'thirty days after the invoice receipt apply for B2B when the invoice is due at once',
      state: 'NW',
      // received 2 Mar + 3 = 5 Mar; + 30 = Sat 4 Apr -> Easter Monday 6 Apr is a holiday -> Tue 7 Apr (§ 193)
      input: invoice({ issueDate: '2026-03-02', dueDate: '2026-03-02' }),
      expected: { basis: 'thirty-days', date: '2026-04-08', interestFrom: '2026-04-08' },
    },
    {
      name: 'a consumer whose invoice pointed out § 286 (3) BGB is in default 30 days after the due date',
      state: 'NW',
      input: invoice({ consumer: true, consumerNoticeOnInvoice: true }),
      expected: { basis: 'thirty-days', date: '2026-04-16', interestFrom: '2026-04-16' },
    },
    {
      name: 'a consumer without the notice is in default only by a reminder',
      state: 'NW',
      input: invoice({ consumer: true, firstReminder: { sentOn: '2026-05-04', channel: 'letter' } }),
      // Mon 4 May + 3 business days = Tue 5, Wed 6, Thu 7 May
      expected: { basis: 'reminder', date: '2026-05-07', interestFrom: '2026-05-08' },
    },
    {
      name: 'the calendar date wins over a reminder received later',
      state: 'NW',
      input: invoice({
        paymentDateIsCalendarDate: true,
        firstReminder: { sentOn: '2026-03-17', channel: 'email' },
      }),
      expected: { basis: 'calendar-date', date: '2026-03-17', interestFrom: '2026-03-17' },
    },
    {
      name: 'the 30-day rule wins over a reminder sent late',
      state: 'NW',
      input: invoice({ firstReminder: { sentOn: '2026-05-04', channel: 'email' } }),
      expected: { basis: 'thirty-days', date: '2026-04-16', interestFrom: '2026-04-16' },
    },
  ] satisfies {
    name: string;
    state: Bundesland;
    input: DefaultStartInput;
    expected: Omit<DefaultStart, 'legalReference'>;
  }[])('finds that $name', ({ state, input, expected }) => {
    // Arrange
    const calendar = businessCalendar(state);

    // Act
    const start = computeDefaultStart(input, policy, calendar);

    // Assert
    expect(start).toMatchObject(expected);
  });

  it('returns null for a consumer without the notice on the invoice who has not been reminded yet', () => {
    // Arrange
    const input = invoice({ consumer: true, consumerNoticeOnInvoice: false });

    // Act
    const start = computeDefaultStart(input, policy, nw);

    // Assert
    expect(start).toBeNull();
  });

  it.each([
    {
      basis: 'calendar-date',
      input: invoice({ paymentDateIsCalendarDate: true }),
      reference: '§ 286 Abs. 2 Nr. 1 BGB',
    },
    {
      basis: 'reminder',
      input: invoice({ firstReminder: { sentOn: '2026-03-17', channel: 'email' } }),
      reference: '§ 286 Abs. 1 BGB',
    },
    { basis: 'thirty-days', input: invoice({}), reference: '§ 286 Abs. 3 BGB' },
  ])(
    'cites $reference for the $basis basis and stores a value its schema accepts',
    ({ basis, input, reference }) => {
      // Arrange
      const calendar = nw;

      // Act
      const start = computeDefaultStart(input, policy, calendar);

      // Assert
      expect(start?.basis).toBe(basis);
      expect(start?.legalReference).toBe(reference);
      expect(defaultStartSchema.parse(start)).toEqual(start);
    },
  );
});
