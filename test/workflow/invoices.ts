import { addDays, type IsoDate } from '../../functions/domain/calendar.js';
import { type InvoiceIssued, invoiceIssuedSchema } from '../../functions/domain/events.js';

export type InvoicePatch = Partial<Omit<InvoiceIssued, 'customer'>> & {
  customer?: Partial<InvoiceIssued['customer']>;
};

/** A business invoice of € 2,500 due `today`, payable by a calendar date, with everything § 13a RDG needs. */
export function invoiceFor(invoiceId: string, today: IsoDate, patch: InvoicePatch = {}): InvoiceIssued {
  const { customer, ...rest } = patch;
  return invoiceIssuedSchema.parse({
    invoiceId,
    invoiceNumber: `RE-${invoiceId}`,
    orderNumber: `PO-${invoiceId}`,
    orderDate: addDays(today, -30),
    customer: {
      id: `cust-${invoiceId}`,
      name: 'Kleinwerk Schmidt GmbH',
      contactName: 'Frau Petra Albers',
      email: `${invoiceId}@kunde.example`,
      phone: '+49 89 555 2020',
      language: 'de',
      segment: 'regular',
      consumer: false,
      state: 'NW',
      creditRating: 3,
      postalAddress: {
        nameLines: ['Kleinwerk Schmidt GmbH', 'Buchhaltung'],
        street: 'Werkstraße 12',
        postalCode: '44135',
        city: 'Dortmund',
        countryCode: 'DE',
      },
      ...customer,
    },
    amount: { cents: 250_000, currency: 'EUR' },
    issueDate: addDays(today, -14),
    dueDate: today,
    paymentDateIsCalendarDate: true,
    consumerNoticeOnInvoice: false,
    lineSummary: ['Ersatzteile Spindellager (3 Stück)'],
    ...rest,
  });
}
