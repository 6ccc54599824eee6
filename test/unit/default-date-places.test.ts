import { describe, expect, it } from 'vitest';
import type { Bundesland } from '../../functions/domain/calendar.js';
import {
  computeDefaultStart,
  type DefaultStart,
  type DefaultStartInput,
} from '../../functions/domain/default-date.js';
import { invoice, movedBy193 as moved193, receiptPolicy as policy } from './default-date-fixtures.js';

/**
 * § 193 BGB at the place of performance: for a money debt the debtor's residence or seat (§§ 269 (1), 270 (4)
 * BGB), and a business debtor's money must also reach the creditor in time, so a holiday at either place moves the
 * payment date; a holiday in only part of a Bundesland counts, since the product knows the Bundesland only.
 */
describe('computeDefaultStart at the places of creditor and debtor', () => {
  it.each([
    {
      name: 'a calendar payment date on Corpus Christi stays when creditor and debtor are in Berlin',
      creditor: 'BE',
      input: invoice({
        issueDate: '2026-05-20',
        dueDate: '2026-06-04',
        paymentDateIsCalendarDate: true,
        customer: { state: 'BE' },
      }),
      expected: {
        basis: 'calendar-date',
        date: '2026-06-05',
        interestFrom: '2026-06-05',
        legalReference: '§ 286 Abs. 2 Nr. 1 BGB',
      },
    },
    {
      name: 'Corpus Christi in part of Saxony moves the payment date of a Saxon debtor of a Berlin creditor',
      creditor: 'BE',
      // Fronleichnam is a holiday in the Landkreis Bautzen: Thu 4 Jun -> Fri 5 Jun; default from Sat 6 Jun
      input: invoice({
        issueDate: '2026-05-20',
        dueDate: '2026-06-04',
        paymentDateIsCalendarDate: true,
        customer: { state: 'SN' },
      }),
      expected: {
        basis: 'calendar-date',
        date: '2026-06-06',
        interestFrom: '2026-06-06',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'Mariä Himmelfahrt at the Bavarian debtor moves the payment date (§§ 269, 270 (4), 193 BGB)',
      creditor: 'NW',
      // Fri 15 Aug 2025 is a holiday in the Catholic municipalities of Bayern; weekend -> Mon 18 Aug; default Tue 19
      input: invoice({
        issueDate: '2025-07-15',
        dueDate: '2025-08-15',
        paymentDateIsCalendarDate: true,
        customer: { state: 'BY' },
      }),
      expected: {
        basis: 'calendar-date',
        date: '2025-08-19',
        interestFrom: '2025-08-19',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'Mariä Himmelfahrt at the Bavarian creditor moves the payment date of a debtor elsewhere',
      creditor: 'BY',
      // the money must reach the creditor in time: the same move as above, from the creditor's place
      input: invoice({ issueDate: '2025-07-15', dueDate: '2025-08-15', paymentDateIsCalendarDate: true }),
      expected: {
        basis: 'calendar-date',
        date: '2025-08-19',
        interestFrom: '2025-08-19',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'Mariä Himmelfahrt moves nothing when neither place is in Bayern',
      creditor: 'NW',
      // Fri 15 Aug 2025 is a working day in NW: default from Sat 16 Aug
      input: invoice({ issueDate: '2025-07-15', dueDate: '2025-08-15', paymentDateIsCalendarDate: true }),
      expected: {
        basis: 'calendar-date',
        date: '2025-08-16',
        interestFrom: '2025-08-16',
        legalReference: '§ 286 Abs. 2 Nr. 1 BGB',
      },
    },
    {
      name: 'the Augsburger Friedensfest moves the payment date of a Bavarian debtor',
      creditor: 'NW',
      // Thu 8 Aug 2024 is a holiday in Augsburg -> Fri 9 Aug; default from Sat 10 Aug
      input: invoice({
        issueDate: '2024-07-15',
        dueDate: '2024-08-08',
        paymentDateIsCalendarDate: true,
        customer: { state: 'BY' },
      }),
      expected: {
        basis: 'calendar-date',
        date: '2024-08-10',
        interestFrom: '2024-08-10',
        legalReference: moved193.calendarDate,
      },
    },
    {
      name: 'a letter to a Bavarian debtor is not received on Mariä Himmelfahrt',
      creditor: 'NW',
      // due Fri 1 Aug 2025; letter Wed 13 Aug: Thu 14, (Fri 15 holiday in part of BY, weekend), Mon 18, Tue 19,
      // Wed 20 Aug; interest from Thu 21 Aug. (30 days: invoice received Mon 21 Jul, due 1 Aug + 30 = Sun 31 Aug
      // -> Mon 1 Sep -> default from 2 Sep, later.)
      input: invoice({
        issueDate: '2025-07-15',
        dueDate: '2025-08-01',
        customer: { state: 'BY' },
        reminders: [{ sentOn: '2025-08-13', channel: 'letter', postedOn: '2025-08-13' }],
      }),
      expected: {
        basis: 'reminder',
        date: '2025-08-20',
        interestFrom: '2025-08-21',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
    {
      name: 'the same letter to a debtor in North Rhine-Westphalia is received a day earlier',
      creditor: 'NW',
      // Wed 13 Aug 2025: Thu 14, Fri 15, Mon 18, Tue 19 Aug; interest from Wed 20 Aug
      input: invoice({
        issueDate: '2025-07-15',
        dueDate: '2025-08-01',
        reminders: [{ sentOn: '2025-08-13', channel: 'letter', postedOn: '2025-08-13' }],
      }),
      expected: {
        basis: 'reminder',
        date: '2025-08-19',
        interestFrom: '2025-08-20',
        legalReference: '§ 286 Abs. 1 BGB',
      },
    },
  ] satisfies {
    name: string;
    creditor: Bundesland;
    input: DefaultStartInput;
    expected: DefaultStart;
  }[])('finds that $name', ({ creditor, input, expected }) => {
    // Arrange
    const creditorPolicy = { ...policy, state: creditor };

    // Act
    const start = computeDefaultStart(input, creditorPolicy);

    // Assert
    expect(start).toEqual(expected);
  });
});
