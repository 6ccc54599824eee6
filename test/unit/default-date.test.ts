import { describe, expect, it } from 'vitest';
import { businessCalendar, type IsoDate } from '../../functions/domain/calendar.js';
import {
  computeDefaultStart,
  type DefaultStart,
  type DefaultStartInput,
  defaultStartSchema,
  reminderReceivedOn,
} from '../../functions/domain/default-date.js';
import { invoice, movedBy193 as moved193, receiptPolicy as policy } from './default-date-fixtures.js';

const nw = businessCalendar('NW');

describe('reminderReceivedOn', () => {
  it.each([
    // Thursday + 1 business day = Friday.
    { sentOn: '2026-03-19', channel: 'email', expected: '2026-03-20' },
    // Thursday + 4 business days = Fri 20, Mon 23, Tue 24, Wed 25.
    { sentOn: '2026-03-19', channel: 'letter', expected: '2026-03-25' },
    // Wednesday before Easter: Thu 2 Apr, (Good Friday, weekend, Easter Monday), Tue 7, Wed 8, Thu 9 Apr.
    { sentOn: '2026-04-01', channel: 'letter', expected: '2026-04-09' },
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
      input: invoice({ dueDate: '2026-03-16', paymentDateIsCalendarDate: true }),
      expected: {
        basis: 'calendar-date',
        date: '2026-03-17',
        interestFrom: '2026-03-17',
        legalReference: '§ 286 Abs. 2 Nr. 1 BGB',
      },
    },
    {
      name: 'a calendar payment date on a Saturday moves to Monday (§ 193 BGB)',
      // Sat 15 Aug 2026 -> Mon 17 Aug; default from Tue 18 Aug
      input: invoice({ issueDate: '2026-08-01', dueDate: '2026-08-15', paymentDateIsCalendarDate: true }),
      expected: {
        basis: 'calendar-date',
        date: '2026-08-18',
        interestFrom: '2026-08-18',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'a calendar payment date on Christmas Day moves past the holidays and the weekend',
      // Fri 25 and Sat 26 Dec are holidays, Sun 27 -> Mon 28 Dec; default from Tue 29 Dec
      input: invoice({ issueDate: '2026-12-01', dueDate: '2026-12-25', paymentDateIsCalendarDate: true }),
      expected: {
        basis: 'calendar-date',
        date: '2026-12-29',
        interestFrom: '2026-12-29',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'a calendar payment date on Corpus Christi moves in North Rhine-Westphalia',
      // Thu 4 Jun 2026 is Fronleichnam in NW -> Fri 5 Jun; default from Sat 6 Jun
      input: invoice({ issueDate: '2026-05-20', dueDate: '2026-06-04', paymentDateIsCalendarDate: true }),
      expected: {
        basis: 'calendar-date',
        date: '2026-06-06',
        interestFrom: '2026-06-06',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'an email reminder after the due date starts default on its receipt, interest the day after',
      // Thu 19 Mar + 1 business day = Fri 20 Mar; interest from Sat 21 Mar (§ 187 (1) BGB)
      input: invoice({ reminders: [{ sentOn: '2026-03-19', channel: 'email' }] }),
      expected: {
        basis: 'reminder',
        date: '2026-03-20',
        interestFrom: '2026-03-21',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
    {
      name: 'a letter reminder after the due date is received four business days later',
      // Thu 19 Mar: Fri 20, Mon 23, Tue 24, Wed 25 Mar; interest from Thu 26 Mar
      input: invoice({ reminders: [{ sentOn: '2026-03-19', channel: 'letter', postedOn: '2026-03-19' }] }),
      expected: {
        basis: 'reminder',
        date: '2026-03-25',
        interestFrom: '2026-03-26',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
    {
      name: 'a reminder sent on the due date is ignored, so 30 days after due date apply for B2B',
      // due Mon 16 Mar + 30 days = Wed 15 Apr, a business day -> default from 16 Apr
      input: invoice({ reminders: [{ sentOn: '2026-03-16', channel: 'email' }] }),
      expected: {
        basis: 'thirty-days',
        date: '2026-04-16',
        interestFrom: '2026-04-16',
        legalReference: '§ 286 Abs. 3 BGB',
      },
    },
    {
      name: 'a reminder on the due date is ignored, but the next one puts the debtor in default (§ 286 (1) BGB)',
      // the second reminder, Mon 23 Mar by email, is received Tue 24 Mar; interest from Wed 25 Mar
      input: invoice({
        reminders: [
          { sentOn: '2026-03-16', channel: 'email' },
          { sentOn: '2026-03-23', channel: 'email' },
        ],
      }),
      expected: {
        basis: 'reminder',
        date: '2026-03-24',
        interestFrom: '2026-03-25',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
    {
      name: 'of two reminders after the due date the one received first starts default',
      // letter Thu 19 Mar is received Wed 25 Mar; email Mon 23 Mar is received Tue 24 Mar, one day earlier
      input: invoice({
        reminders: [
          { sentOn: '2026-03-23', channel: 'email' },
          { sentOn: '2026-03-19', channel: 'letter', postedOn: '2026-03-19' },
        ],
      }),
      expected: {
        basis: 'reminder',
        date: '2026-03-24',
        interestFrom: '2026-03-25',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
    {
      name: 'a reminder sent before the due date is ignored',
      input: invoice({ reminders: [{ sentOn: '2026-03-10', channel: 'letter', postedOn: '2026-03-10' }] }),
      expected: {
        basis: 'thirty-days',
        date: '2026-04-16',
        interestFrom: '2026-04-16',
        legalReference: '§ 286 Abs. 3 BGB',
      },
    },
    {
      name: 'a reminder on the working day that § 193 BGB made the payment date is still too early',
      // due Sat 15 Aug -> payable Mon 17 Aug; invoice Sat 1 Aug received Fri 7 Aug (Mon 3 .. Fri 7 = 4 business
      // days); 30 days from 15 Aug = Mon 14 Sep -> default from 15 Sep
      input: invoice({
        issueDate: '2026-08-01',
        dueDate: '2026-08-15',
        reminders: [{ sentOn: '2026-08-17', channel: 'email' }],
      }),
      expected: {
        basis: 'thirty-days',
        date: '2026-09-15',
        interestFrom: '2026-09-15',
        legalReference: '§ 286 Abs. 3 BGB',
      },
    },
    {
      name: 'thirty days after the invoice receipt apply for B2B when the invoice is due at once',
      // issued and due Mon 2 Mar, received on the 4th business day Fri 6 Mar; + 30 = Sun 5 Apr (Easter), Mon 6 Apr
      // is Easter Monday -> Tue 7 Apr (§ 193) -> default from Wed 8 Apr
      input: invoice({ issueDate: '2026-03-02', dueDate: '2026-03-02' }),
      expected: {
        basis: 'thirty-days',
        date: '2026-04-08',
        interestFrom: '2026-04-08',
        legalReference: moved193.thirtyDays,
      },
    },
    {
      name: 'an invoice is received on the fourth business day, counted past Easter',
      // issued and due Wed 1 Apr: Thu 2 (1), Good Friday to Easter Monday, Tue 7 (2), Wed 8 (3), Thu 9 Apr (4);
      // + 30 = Sat 9 May -> Mon 11 May (§ 193) -> default from Tue 12 May
      input: invoice({ issueDate: '2026-04-01', dueDate: '2026-04-01' }),
      expected: {
        basis: 'thirty-days',
        date: '2026-05-12',
        interestFrom: '2026-05-12',
        legalReference: moved193.thirtyDays,
      },
    },
    {
      name: 'a consumer whose invoice pointed out § 286 (3) BGB is in default 30 days after the due date',
      input: invoice({ consumer: true, consumerNoticeOnInvoice: true }),
      expected: {
        basis: 'thirty-days',
        date: '2026-04-16',
        interestFrom: '2026-04-16',
        legalReference: '§ 286 Abs. 3 BGB',
      },
    },
    {
      name: 'a consumer without the notice is in default only by a reminder',
      // letter Mon 4 May + 4 business days = Tue 5, Wed 6, Thu 7, Fri 8 May; interest from Sat 9 May
      input: invoice({
        consumer: true,
        reminders: [{ sentOn: '2026-05-04', channel: 'letter', postedOn: '2026-05-04' }],
      }),
      expected: {
        basis: 'reminder',
        date: '2026-05-08',
        interestFrom: '2026-05-09',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
    {
      name: 'the calendar date wins over a reminder received later',
      input: invoice({
        paymentDateIsCalendarDate: true,
        reminders: [{ sentOn: '2026-03-17', channel: 'email' }],
      }),
      expected: {
        basis: 'calendar-date',
        date: '2026-03-17',
        interestFrom: '2026-03-17',
        legalReference: '§ 286 Abs. 2 Nr. 1 BGB',
      },
    },
    {
      name: 'the 30-day rule wins over a reminder sent late',
      input: invoice({ reminders: [{ sentOn: '2026-05-04', channel: 'email' }] }),
      expected: {
        basis: 'thirty-days',
        date: '2026-04-16',
        interestFrom: '2026-04-16',
        legalReference: '§ 286 Abs. 3 BGB',
      },
    },
  ] satisfies {
    name: string;
    input: DefaultStartInput;
    expected: DefaultStart;
  }[])('finds that $name', ({ input, expected }) => {
    // Act
    const start = computeDefaultStart(input, policy);

    // Assert
    expect(start).toEqual(expected);
    expect(defaultStartSchema.parse(start)).toEqual(start);
  });

  it('returns null for a consumer without the notice on the invoice who has not been reminded yet', () => {
    // Arrange
    const input = invoice({ consumer: true, consumerNoticeOnInvoice: false });

    // Act
    const start = computeDefaultStart(input, policy);

    // Assert
    expect(start).toBeNull();
  });

  it('never moves default later when another reminder is added', () => {
    // Arrange: default by the email of Thu 19 Mar, received Fri 20 Mar
    const first = invoice({ reminders: [{ sentOn: '2026-03-19', channel: 'email' }] });
    const withLetter = invoice({
      reminders: [
        { sentOn: '2026-03-19', channel: 'email' },
        { sentOn: '2026-03-26', channel: 'letter', postedOn: '2026-03-26' },
      ],
    });

    // Act
    const before = computeDefaultStart(first, policy);
    const after = computeDefaultStart(withLetter, policy);

    // Assert
    expect(after).toEqual(before);
    expect(after?.date).toBe('2026-03-20');
  });

  it('does not count a letter that was written but not posted: nobody received it yet', () => {
    // Arrange: a consumer without the notice, so only a reminder can start the default
    const input = invoice({
      consumer: true,
      consumerNoticeOnInvoice: false,
      reminders: [{ sentOn: '2026-05-04', channel: 'letter' }],
    });

    // Act
    const start = computeDefaultStart(input, policy);

    // Assert
    expect(start).toBeNull();
  });

  it("counts a letter's receipt from the day it was posted, not from the day it was written", () => {
    // Arrange: written Mon 4 May, posted Wed 6 May: Thu 7, Fri 8, Mon 11, Tue 12 May; interest from Wed 13 May
    const input = invoice({
      consumer: true,
      consumerNoticeOnInvoice: false,
      reminders: [{ sentOn: '2026-05-04', channel: 'letter', postedOn: '2026-05-06' }],
    });

    // Act
    const start = computeDefaultStart(input, policy);

    // Assert
    expect(start).toMatchObject({ basis: 'reminder', date: '2026-05-12', interestFrom: '2026-05-13' });
  });
});
