import type { LetterInput, PostalAddress } from '../../functions/domain/letters/index.js';

/** A posted letter with everything a PDF prints: postal address, date, customer number and letterhead. */
export const postalAddress: PostalAddress = {
  nameLines: ['Beispiel Handels GmbH', 'Buchhaltung', 'z. Hd. Frau Anna Schmidt'],
  street: 'Lindenallee 24',
  postalCode: '50667',
  city: 'Köln',
  countryCode: 'DE',
};

export const creditor: LetterInput['creditor'] = {
  name: 'Muster Maschinenbau GmbH',
  addressLines: ['Industriestraße 12', '40210 Düsseldorf'],
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  bankName: 'Commerzbank',
  email: 'forderungen@muster-maschinenbau.de',
  phone: '+49 211 555 0100',
  letterhead: {
    contactName: 'Team Forderungsmanagement',
    seat: 'Düsseldorf',
    commercialRegister: { court: 'Amtsgericht Düsseldorf', number: 'HRB 12345' },
    vatId: 'DE123456789',
    managingDirectors: ['Dr. Maria Muster', 'Jens Beispiel'],
  },
};

export function pdfLetter(overrides: Partial<LetterInput> = {}): LetterInput {
  return {
    kind: 'reminder',
    reminderNumber: 2,
    locale: 'de',
    tone: 'neutral',
    customerName: 'Beispiel Handels GmbH',
    customerNumber: 'K-10442',
    contactName: 'Anna Schmidt',
    postalAddress,
    letterDate: '2027-01-04',
    invoiceNumber: 'RE-2026-0815',
    orderNumber: 'PO-4711',
    invoiceDate: '2026-11-15',
    dueDate: '2026-12-15',
    currency: 'EUR',
    principalCents: 123_456,
    interestLines: [{ from: '2026-12-16', through: '2026-12-31', ratePercent: '10.27', cents: 556 }],
    costLines: [
      { kind: 'lump-sum', cents: 4_000 },
      { kind: 'reminder-fee', cents: 150 },
    ],
    paidCents: 10_000,
    totalCents: 118_162,
    payBy: '2027-01-14',
    creditor,
    creditBureauNotice: true,
    inkassoAgency: 'Inkasso Nord GmbH',
    promise: { date: '2027-01-10', cents: 118_162 },
    installments: [
      { dueDate: '2027-01-15', cents: 60_000 },
      { dueDate: '2027-02-15', cents: 58_162 },
    ],
    ...overrides,
  };
}

/** German money written out by hand, independent of Intl: 118162 -> "1.181,62 €". */
export function euro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(absolute % 100).padStart(2, '0')} €`;
}
