import type { DefaultStartInput } from '../../functions/domain/default-date.js';

/**
 * The receipt days of config/policy.json, inlined so the tests do not depend on the letter templates: an email
 * counts as received the next business day, a posted letter or invoice on the fourth (the postal standard's 99 %
 * day since 2025). The creditor sits in Nordrhein-Westfalen.
 */
export const receiptPolicy = {
  state: 'NW',
  receipt: { invoiceBusinessDays: 4, emailBusinessDays: 1, letterBusinessDays: 4 },
} as const;

/** Issued Mon 2 Mar 2026, due Mon 16 Mar 2026, to a business debtor in Nordrhein-Westfalen. */
export const invoice = (overrides: Partial<DefaultStartInput>): DefaultStartInput => ({
  issueDate: '2026-03-02',
  dueDate: '2026-03-16',
  paymentDateIsCalendarDate: false,
  consumer: false,
  consumerNoticeOnInvoice: false,
  customer: { state: 'NW' },
  ...overrides,
});

/** What default-date cites when § 193 BGB moved the payment date or the end of the 30 days. */
export const movedBy193 = {
  calendarDate: '§§ 286 Abs. 2 Nr. 1, 193 BGB',
  thirtyDays: '§§ 286 Abs. 3, 193 BGB',
};
