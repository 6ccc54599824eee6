import { describe, expect, it } from 'vitest';
import {
  buildInkassoCaseFile,
  CaseFileError,
  type InkassoCaseFileInput,
  inkassoCaseFileSchema,
} from '../../functions/domain/case-file.js';
import { complete, customer } from './case-file-fixtures.js';

const problemsOf = (input: InkassoCaseFileInput): string[] => {
  try {
    buildInkassoCaseFile(input);
  } catch (error) {
    if (error instanceof CaseFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the case file to be rejected');
};

describe('buildInkassoCaseFile', () => {
  it('contains every field § 13a RDG asks for, itemised, plus history, payments and the credit-bureau gate', () => {
    // Act
    const file = buildInkassoCaseFile(complete);

    // Assert
    // § 13a (1) Nr. 1: the creditor
    expect(file.creditor).toEqual({
      name: 'Muster Maschinenbau GmbH',
      addressLines: ['Industriestraße 12', '40210 Düsseldorf'],
      email: 'forderungen@muster-maschinenbau.example',
      phone: '+49 211 555 0100',
    });
    expect(file.debtor).toEqual({
      customerId: 'C-1001',
      name: 'Beispiel Handel GmbH',
      contactName: 'Erika Mustermann',
      email: 'kreditoren@beispiel-handel.example',
      phone: '+49 221 555 0199',
      state: 'NW',
      consumer: false,
    });
    // § 13a (1) Nr. 2: reason of the claim, the contract and its date
    expect(file.claim).toEqual({
      invoiceNumber: 'RE-2026-4711',
      orderNumber: 'PO-88123',
      orderDate: '2026-10-30',
      reason: ['2 x Hydraulikpumpe HP-200', 'Montage vor Ort'],
      invoiceDate: '2026-11-18',
      dueDate: '2026-12-18',
    });
    // § 13a (1) Nr. 3: itemised principal, interest with rate and period, costs
    expect(file.account.currency).toBe('EUR');
    expect(file.account.principal).toEqual({ originalCents: 1_250_000, openCents: 1_000_000 });
    expect(file.account.interest.lines).toEqual([
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
        baseRateStale: false,
      },
    ]);
    expect(file.account.interest.accruedCents).toBe(12_733);
    expect(file.account.interest.openCents).toBe(8160);
    expect(file.account.costs).toEqual({
      lumpSumCents: 4000,
      reminderFees: [{ levelId: 'final', on: '2027-01-15', cents: 150 }],
      chargedCents: 4150,
      openCents: 4150,
    });
    expect(file.account.totalOpenCents).toBe(1_000_000 + 8160 + 4150);
    expect(file.defaultStart).toEqual({
      date: '2026-12-19',
      basis: 'calendar-date',
      legalReference: '§ 286 Abs. 2 Nr. 1 BGB',
    });
    expect(
      file.contactHistory.reminders.map((reminder) => [reminder.sentOn, reminder.channel, reminder.levelId]),
    ).toEqual([
      ['2026-12-23', 'email', 'reminder-1'],
      ['2026-12-31', 'email', 'reminder-2'],
      ['2027-01-15', 'letter', 'final'],
    ]);
    expect(file.contactHistory.calls.map((call) => [call.on, call.outcome])).toEqual([
      ['2027-01-08', 'promise'],
      ['2027-01-13', 'not-reached'],
    ]);
    expect(file.contactHistory.promises).toEqual([
      { recordedOn: '2027-01-08', promisedOn: '2027-01-12', cents: 1_250_000, status: 'broken' },
    ]);
    expect(file.contactHistory.disputes).toEqual([
      {
        raisedOn: '2027-01-09',
        reason: 'Pumpe angeblich defekt',
        resolvedOn: '2027-01-11',
        resolution: 'rejected',
      },
    ]);
    expect(file.payments).toEqual([{ paymentId: 'PAY-1', receivedOn: '2027-01-02', cents: 250_000 }]);
    expect(file.creditBureau.allowed).toBe(false);
    expect(file.creditBureau.checks.find((check) => !check.passed)?.rule).toBe('undisputed');
    expect(file.limitationDate).toBe('2029-12-31');
    expect(file.createdAt).toBe('2027-01-29T09:00:00+01:00');
    expect(inkassoCaseFileSchema.parse(file)).toEqual(file);
  });

  it('leaves the bank details of the creditor out, because the agency collects to its own account', () => {
    // Act
    const file = buildInkassoCaseFile(complete);

    // Assert
    expect(Object.keys(file.creditor).sort()).toEqual(['addressLines', 'email', 'name', 'phone']);
  });

  it('fails naming claim.orderDate when the contract date is missing', () => {
    // Arrange
    const { orderDate: _missing, ...invoice } = complete.invoice;

    // Act
    const problems = problemsOf({ ...complete, invoice });

    // Assert
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^claim\.orderDate: /);
  });

  it('fails naming claim.reason when the invoice has no line summary', () => {
    // Act
    const problems = problemsOf({ ...complete, invoice: { ...complete.invoice, lineSummary: [] } });

    // Assert
    expect(problems).toEqual(['claim.reason: needs at least one line describing what the claim is for']);
  });

  it('fails naming the creditor name, the debtor email and the interest rate when they are missing', () => {
    // Arrange
    const [firstLine] = complete.interest.lines;
    if (!firstLine) throw new Error('fixture has no interest line');
    const input: InkassoCaseFileInput = {
      ...complete,
      creditor: { ...complete.creditor, name: '' },
      customer: { ...customer, email: '' },
      interest: { ...complete.interest, lines: [{ ...firstLine, ratePercent: '' }] },
    };

    // Act
    const problems = problemsOf(input);

    // Assert
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^creditor\.name: /),
        expect.stringMatching(/^debtor\.email: /),
        expect.stringMatching(/^account\.interest\.lines\[0\]\.ratePercent: /),
      ]),
    );
  });

  it('fails naming the field when a required piece is absent altogether', () => {
    // Arrange: data read back from storage may lack a piece the type promises
    const { limitationDate: _missing, ...rest } = complete;

    // Act
    const problems = problemsOf(rest as unknown as InkassoCaseFileInput);

    // Assert
    expect(problems).toEqual([expect.stringMatching(/^limitationDate: /)]);
  });

  it('refuses a € 40 lump sum against a consumer', () => {
    // Act
    const problems = problemsOf({ ...complete, customer: { ...customer, consumer: true } });

    // Assert
    expect(problems).toEqual(['account.costs.lumpSumCents: a consumer owes no § 288 (5) BGB lump sum']);
  });

  it('refuses open amounts above what was charged', () => {
    // Act
    const problems = problemsOf({
      ...complete,
      principal: { originalCents: 1_000, openCents: 2_000 },
      interest: { ...complete.interest, openCents: 20_000 },
      costs: { ...complete.costs, openCents: 5_000 },
    });

    // Assert
    expect(problems).toEqual([
      'account.principal.openCents: must not exceed originalCents',
      'account.interest.openCents: must not exceed accruedCents',
      'account.costs.openCents: must not exceed chargedCents',
    ]);
  });

  it('refuses a dispute resolved without a resolution', () => {
    // Act
    const problems = problemsOf({
      ...complete,
      disputes: [{ raisedOn: '2027-01-09', reason: 'Pumpe angeblich defekt', resolvedOn: '2027-01-11' }],
    });

    // Assert
    expect(problems).toEqual([
      'contactHistory.disputes[0].resolution: resolvedOn and resolution go together',
    ]);
  });
});
