import { addDays, type IsoDate } from '../functions/domain/calendar.js';
import { type InvoiceIssued, invoiceIssuedSchema } from '../functions/domain/events.js';
import type { PostalAddress } from '../functions/domain/letters/index.js';

const german = (nameLines: string[], street: string, postalCode: string, city: string): PostalAddress => ({
  nameLines,
  street,
  postalCode,
  city,
  countryCode: 'DE',
});

/** Where the demo customers' posted letters go (made up, like the rest of the demo data). */
export const DEMO_POSTAL_ADDRESSES: Readonly<Record<string, PostalAddress>> = {
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

/**
 * Demo invoices for the preview and the local stack: business and consumer debtors, a key account and
 * new customers, small and large amounts. Dates are relative to `today` so the demo is always overdue.
 * Addresses use the reserved .example domain.
 */
export function demoInvoices(today: IsoDate): InvoiceIssued[] {
  const daysAgo = (days: number) => addDays(today, -days);
  const invoices: InvoiceIssued[] = [
    {
      invoiceId: 'demo-1001',
      invoiceNumber: 'RE-2026-1001',
      orderNumber: 'PO-77812',
      orderDate: daysAgo(80),
      customer: {
        id: 'cust-rheinstahl',
        name: 'Rheinstahl Komponenten AG',
        contactName: 'Frau Petra Albers',
        email: 'kreditoren@rheinstahl.example',
        phone: '+49 211 555 0199',
        language: 'de',
        segment: 'key-account',
        consumer: false,
        state: 'NW',
        creditRating: 2,
        salesRep: { name: 'Jonas Weber', email: 'jonas.weber@muster-maschinenbau.example' },
      },
      amount: { cents: 4_870_000, currency: 'EUR' },
      issueDate: daysAgo(60),
      dueDate: daysAgo(30),
      paymentDateIsCalendarDate: true,
      consumerNoticeOnInvoice: false,
      lineSummary: ['CNC-Fräsmaschine FX-400, Wartungsvertrag 2027'],
    },
    {
      invoiceId: 'demo-1002',
      invoiceNumber: 'RE-2026-1002',
      orderNumber: 'B-2291',
      customer: {
        id: 'cust-kleinwerk',
        name: 'Kleinwerk Schmidt GmbH',
        email: 'buchhaltung@kleinwerk.example',
        phone: '+49 89 555 2020',
        language: 'de',
        segment: 'new',
        consumer: false,
        state: 'BY',
        creditRating: 4,
      },
      amount: { cents: 38_950, currency: 'EUR' },
      issueDate: daysAgo(45),
      dueDate: daysAgo(31),
      paymentDateIsCalendarDate: false,
      consumerNoticeOnInvoice: false,
      lineSummary: ['Ersatzteile Spindellager (3 Stück)'],
    },
    {
      invoiceId: 'demo-1003',
      invoiceNumber: 'RE-2026-1003',
      customer: {
        id: 'cust-meyer',
        name: 'Anna Meyer',
        email: 'anna.meyer@mail.example',
        phone: '+49 30 555 3131',
        language: 'de',
        segment: 'consumer',
        consumer: true,
        state: 'BE',
      },
      amount: { cents: 12_900, currency: 'EUR' },
      issueDate: daysAgo(50),
      dueDate: daysAgo(36),
      paymentDateIsCalendarDate: false,
      consumerNoticeOnInvoice: true,
      lineSummary: ['Werkstattkurs Metallbearbeitung'],
    },
    {
      invoiceId: 'demo-1004',
      invoiceNumber: 'RE-2026-1004',
      orderNumber: 'NL-5521',
      customer: {
        id: 'cust-delta',
        name: 'Delta Tooling B.V.',
        contactName: 'Mr Pieter de Vries',
        email: 'ap@delta-tooling.example',
        phone: '+31 20 555 4141',
        language: 'en',
        segment: 'regular',
        consumer: false,
        state: 'NW',
        creditRating: 3,
      },
      amount: { cents: 1_245_000, currency: 'EUR' },
      issueDate: daysAgo(70),
      dueDate: daysAgo(40),
      paymentDateIsCalendarDate: true,
      consumerNoticeOnInvoice: false,
      lineSummary: ['Tooling set TS-9, 40 units', 'Installation and training'],
    },
    {
      invoiceId: 'demo-1005',
      invoiceNumber: 'RE-2026-1005',
      customer: {
        id: 'cust-jung',
        name: 'Lukas Jung',
        email: 'lukas.jung@mail.example',
        language: 'de',
        segment: 'consumer',
        consumer: true,
        state: 'SN',
      },
      amount: { cents: 8_990, currency: 'EUR' },
      issueDate: daysAgo(20),
      dueDate: daysAgo(6),
      paymentDateIsCalendarDate: false,
      consumerNoticeOnInvoice: false,
      lineSummary: ['Schleifset Profi'],
    },
    {
      invoiceId: 'demo-1006',
      invoiceNumber: 'RE-2026-1006',
      orderNumber: 'PO-90001',
      orderDate: daysAgo(15),
      customer: {
        id: 'cust-nordlicht',
        name: 'Nordlicht Anlagenbau GmbH & Co. KG',
        contactName: 'Herr Malte Hansen',
        email: 'rechnungseingang@nordlicht.example',
        phone: '+49 40 555 6161',
        language: 'de',
        segment: 'new',
        consumer: false,
        state: 'HH',
        creditRating: 5,
      },
      amount: { cents: 2_315_000, currency: 'EUR' },
      issueDate: daysAgo(10),
      dueDate: addDays(today, 4),
      paymentDateIsCalendarDate: true,
      consumerNoticeOnInvoice: false,
      lineSummary: ['Förderband FB-12 inkl. Montage'],
    },
  ];
  // The demo data goes through the same schema as real events, so it can never drift from the contract.
  return invoices.map((invoice) =>
    invoiceIssuedSchema.parse({
      ...invoice,
      customer: { ...invoice.customer, postalAddress: DEMO_POSTAL_ADDRESSES[invoice.customer.id] },
    }),
  );
}

/**
 * One customer with several overdue invoices, due weeks apart, so their cases stand at different levels: the
 * customer page and the search have something to show (exposure over five invoices, contact history, a name
 * with an umlaut to find as "Schaefer"). Nobody in the demo answers for this customer; its tasks wait for you.
 */
export function severalOverdueInvoices(today: IsoDate): InvoiceIssued[] {
  const daysAgo = (days: number) => addDays(today, -days);
  const customer = {
    id: 'cust-schaefer',
    name: 'Schäfer Elektrotechnik GmbH',
    contactName: 'Frau Claudia Schäfer',
    email: 'rechnungen@schaefer-elektro.example',
    phone: '+49 221 555 7070',
    language: 'de' as const,
    segment: 'regular' as const,
    consumer: false,
    state: 'NW' as const,
    creditRating: 4,
    postalAddress: german(
      ['Schäfer Elektrotechnik GmbH', 'Buchhaltung'],
      'Deutzer Freiheit 12',
      '50679',
      'Köln',
    ),
  };
  const dueDaysAgo = [75, 50, 32, 18, 6];
  return dueDaysAgo.map((due, index) =>
    invoiceIssuedSchema.parse({
      invoiceId: `demo-310${index + 1}`,
      invoiceNumber: `RE-2026-310${index + 1}`,
      orderNumber: `SE-44${index + 1}0`,
      customer,
      amount: { cents: 125_000 + index * 48_500, currency: 'EUR' },
      issueDate: daysAgo(due + 30),
      dueDate: daysAgo(due),
      paymentDateIsCalendarDate: true,
      consumerNoticeOnInvoice: false,
      lineSummary: [`Schaltschrank-Wartung, Los ${index + 1}`],
    }),
  );
}

/**
 * Stahlbau Nord GmbH, a Mittelstand customer with several invoices overdue on the same day: its reminders go
 * out as one combined mail a day (Sammelmahnung) that lists each invoice, and when they reach the collection call
 * one call task covers all three (one call per customer). Not part of demoInvoices, whose customers have one
 * invoice each.
 */
export function stahlbauNordInvoices(today: IsoDate, firstNumber: number): InvoiceIssued[] {
  const amounts = [1_184_000, 356_250, 92_480];
  return amounts.map((cents, index) => {
    const number = firstNumber + index;
    return invoiceIssuedSchema.parse({
      invoiceId: `demo-${number}`,
      invoiceNumber: `RE-2026-${number}`,
      orderNumber: `SN-${4410 + index}`,
      orderDate: addDays(today, -45),
      customer: {
        id: 'cust-stahlbau-nord',
        name: 'Stahlbau Nord GmbH',
        contactName: 'Herr Jan Petersen',
        email: 'kreditoren@stahlbau-nord.example',
        phone: '+49 421 555 7070',
        language: 'de',
        segment: 'regular',
        consumer: false,
        state: 'HB',
        creditRating: 3,
        postalAddress: german(
          ['Stahlbau Nord GmbH', 'Kreditorenbuchhaltung'],
          'Am Holzhafen 8',
          '28217',
          'Bremen',
        ),
      },
      amount: { cents, currency: 'EUR' },
      issueDate: addDays(today, -20),
      dueDate: addDays(today, -1),
      paymentDateIsCalendarDate: true,
      consumerNoticeOnInvoice: false,
      lineSummary: [`Stahlträger HEA ${200 + index * 40}, Lieferung ${index + 1}`],
    });
  });
}
