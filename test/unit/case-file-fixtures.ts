import policyJson from '../../config/policy.json' with { type: 'json' };
import type { InkassoCaseFileInput } from '../../functions/domain/case-file.js';
import { creditBureauGate } from '../../functions/domain/credit-bureau.js';
import type { Customer } from '../../functions/domain/events.js';
import { parsePolicy } from '../../functions/domain/policy.js';

/** A complete § 13a RDG case file input: a business debtor with two reminders by email and a posted final notice. */
const policy = parsePolicy(policyJson);

export const customer: Customer = {
  id: 'C-1001',
  name: 'Beispiel Handel GmbH',
  contactName: 'Erika Mustermann',
  email: 'kreditoren@beispiel-handel.example',
  phone: '+49 221 555 0199',
  language: 'de',
  segment: 'regular',
  consumer: false,
  state: 'NW',
  creditRating: 3,
};

const gate = creditBureauGate(
  {
    reportingEnabled: true,
    dueDate: '2026-12-18',
    customer,
    writtenReminders: [
      { sentOn: '2026-12-23', channel: 'email', creditBureauNotice: true },
      { sentOn: '2026-12-31', channel: 'email', creditBureauNotice: false },
    ],
    reportOn: '2027-01-29',
    disputed: false,
    disputeEverRaised: true,
  },
  policy,
);

export const complete: InkassoCaseFileInput = {
  invoiceId: 'inv-2026-4711',
  creditor: policy.creditor,
  customer,
  invoice: {
    invoiceNumber: 'RE-2026-4711',
    orderNumber: 'PO-88123',
    orderDate: '2026-10-30',
    issueDate: '2026-11-18',
    dueDate: '2026-12-18',
    lineSummary: ['2 x Hydraulikpumpe HP-200', 'Montage vor Ort'],
  },
  currency: 'EUR',
  principal: { originalCents: 1_250_000, openCents: 1_000_000 },
  interest: {
    lines: [
      {
        from: '2026-12-19',
        through: '2026-12-31',
        days: 13,
        principalCents: 1_250_000,
        ratePercent: '10.27',
        cents: 4573,
        baseRateStale: false,
      },
      {
        from: '2027-01-01',
        through: '2027-01-29',
        days: 29,
        principalCents: 1_000_000,
        ratePercent: '10.27',
        cents: 8160,
      },
    ],
    openCents: 8160,
  },
  costs: {
    lumpSumCents: 4000,
    reminderFees: [{ levelId: 'final', on: '2027-01-15', cents: 150 }],
    openCents: 4150,
  },
  defaultStart: { date: '2026-12-19', basis: 'calendar-date', legalReference: '§ 286 Abs. 2 Nr. 1 BGB' },
  reminders: [
    { sentOn: '2026-12-23', channel: 'email', levelId: 'reminder-1', kind: 'reminder' },
    { sentOn: '2026-12-31', channel: 'email', levelId: 'reminder-2', kind: 'reminder' },
    { sentOn: '2027-01-15', channel: 'letter', levelId: 'final', kind: 'final' },
  ],
  calls: [
    { on: '2027-01-08', outcome: 'promise', note: 'Liquiditätsengpass, Zahlung bis 12.01. zugesagt' },
    { on: '2027-01-13', outcome: 'not-reached' },
  ],
  promises: [{ recordedOn: '2027-01-08', promisedOn: '2027-01-12', cents: 1_250_000, status: 'broken' }],
  disputes: [
    {
      raisedOn: '2027-01-09',
      reason: 'Pumpe angeblich defekt',
      resolvedOn: '2027-01-11',
      resolution: 'rejected',
    },
  ],
  payments: [{ paymentId: 'PAY-1', receivedOn: '2027-01-02', cents: 250_000 }],
  creditBureau: gate,
  limitationDate: '2029-12-31',
  createdAt: '2027-01-29T09:00:00+01:00',
};
