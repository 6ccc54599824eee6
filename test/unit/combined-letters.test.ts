import { describe, expect, it } from 'vitest';
import {
  type CombinedInvoice,
  type CombinedLetterInput,
  combinedLetterInputSchema,
  renderCombinedLetter,
} from '../../functions/domain/letters/index.js';

const NBSP = '\u00a0';

function invoice(overrides: Partial<CombinedInvoice> = {}): CombinedInvoice {
  return {
    kind: 'reminder',
    reminderNumber: 1,
    invoiceNumber: 'RE-2026-0101',
    orderNumber: 'PO-1',
    invoiceDate: '2026-11-02',
    dueDate: '2026-11-16',
    principalCents: 100_000,
    interestLines: [],
    costLines: [],
    paidCents: 0,
    totalCents: 100_000,
    ...overrides,
  };
}

/** Three invoices of Stahlbau Nord GmbH: a first reminder, a second reminder with interest, a paid share. */
function letter(overrides: Partial<CombinedLetterInput> = {}): CombinedLetterInput {
  const invoices = [
    invoice(),
    invoice({
      reminderNumber: 2,
      invoiceNumber: 'RE-2026-0102',
      orderNumber: undefined,
      principalCents: 250_050,
      interestLines: [{ from: '2026-11-17', through: '2026-12-07', ratePercent: '10.27', cents: 1_478 }],
      costLines: [{ kind: 'lump-sum', cents: 4_000 }],
      totalCents: 255_528,
    }),
    invoice({
      invoiceNumber: 'RE-2026-0103',
      principalCents: 80_000,
      paidCents: 30_001,
      totalCents: 49_999,
    }),
  ];
  return {
    locale: 'de',
    tone: 'neutral',
    customerName: 'Stahlbau Nord GmbH',
    contactName: 'Herr Jan Petersen',
    currency: 'EUR',
    payBy: '2026-12-14',
    creditor: {
      name: 'Muster Maschinenbau GmbH',
      addressLines: ['Musterstraße 1', '10115 Berlin'],
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
      email: 'forderungen@muster-maschinenbau.de',
      phone: '+49 30 1234567',
    },
    creditBureauNotice: false,
    invoices,
    totalCents: 405_527,
    ...overrides,
  };
}

describe('a combined reminder (Sammelmahnung)', () => {
  it('lists each invoice with its own level, account to the cent and what is open on it, and the total', () => {
    // Arrange
    const input = letter();

    // Act
    const { text, html } = renderCombinedLetter(input);

    // Assert
    expect(text).toContain('Übersicht');
    expect(text).toContain(`Rechnung RE-2026-0101 (Zahlungserinnerung): 1.000,00${NBSP}€`);
    expect(text).toContain(`Rechnung RE-2026-0102 (Mahnung): 2.555,28${NBSP}€`);
    expect(text).toContain(`Rechnung RE-2026-0103 (Zahlungserinnerung): 499,99${NBSP}€`);
    expect(text).toContain(`Offener Gesamtbetrag: 4.055,27${NBSP}€`);
    expect(text).toContain('Rechnung RE-2026-0102: Mahnung');
    expect(text).toContain(`Hauptforderung: 2.500,50${NBSP}€`);
    expect(text).toContain(`Verzugszinsen 10,27 % p. a. vom 17.11.2026 bis 07.12.2026: 14,78${NBSP}€`);
    expect(text).toContain(`Verzugspauschale (§ 288 Abs. 5 BGB): 40,00${NBSP}€`);
    expect(text).toContain(`Abzüglich erhaltener Zahlungen: -300,01${NBSP}€`);
    expect(text).toContain(`Offener Betrag dieser Rechnung: 499,99${NBSP}€`);
    expect(text).toContain('Verwendungszweck (Rechnungsnummern): RE-2026-0101, RE-2026-0102, RE-2026-0103');
    expect(html).toContain(
      '<h2 style="margin:24px 0 8px 0;font-size:16px;font-weight:bold;">Rechnung RE-2026-0103: Zahlungserinnerung</h2>',
    );
  });

  it('words subject and opening after the highest level among its invoices', () => {
    // Arrange
    const input = letter();

    // Act
    const { subject, text } = renderCombinedLetter(input);

    // Assert: one invoice is at its second reminder, so the whole letter is a Mahnung
    expect(subject).toBe('Mahnung: 3 offene Rechnungen');
    expect(text).toContain('trotz unserer Zahlungserinnerung sind weiterhin Rechnungen offen');
    expect(text).toContain('Unten finden Sie alle 3 Rechnungen mit ihrer Mahnstufe.');
    expect(text).toContain(`Gesamtbetrag von 4.055,27${NBSP}€ bis zum 14.12.2026`);
  });

  it('announces the handover of the claims at their final notice when one of them is', () => {
    // Arrange
    const [first, second, third] = letter().invoices;
    if (!first || !second || !third) throw new Error('fixture');
    const input = letter({
      inkassoAgency: 'Inkasso Nord GmbH',
      creditBureauNotice: true,
      invoices: [first, { ...second, kind: 'final', reminderNumber: undefined }, third],
    });

    // Act
    const { subject, text } = renderCombinedLetter(input);

    // Assert
    expect(subject).toBe('Letzte Mahnung vor Übergabe an ein Inkassounternehmen: 3 offene Rechnungen');
    expect(text).toContain('Rechnung RE-2026-0102: Letzte Mahnung');
    expect(text).toContain(
      'als letzte Mahnung gekennzeichnet sind, an das Inkassounternehmen Inkasso Nord GmbH',
    );
    expect(text).toContain('Hinweis nach § 31 Abs. 2 Nr. 4 BDSG');
  });

  it('reads in English with English amounts, dates and level names', () => {
    // Arrange
    const input = letter({ locale: 'en', tone: 'firm' });

    // Act
    const { subject, text, html } = renderCombinedLetter(input);

    // Assert
    expect(subject).toBe('Overdue payment: 3 open invoices');
    expect(text).toContain('Despite our payment reminder, invoices remain unpaid.');
    expect(text).toContain('Please transfer the total of €4,055.27 by 14 December 2026 at the latest.');
    expect(text).toContain('Invoice RE-2026-0101 (Payment reminder): €1,000.00');
    expect(text).toContain('Invoice RE-2026-0102 (Second reminder): €2,555.28');
    expect(text).toContain(
      'Default interest at 10.27% p.a. from 17 November 2026 to 7 December 2026: €14.78',
    );
    expect(text).toContain('Total now due: €4,055.27');
    expect(html).toContain('<html lang="en">');
  });

  it('names the invoice a rejected dispute belongs to', () => {
    // Arrange
    const [first, second, third] = letter().invoices;
    if (!first || !second || !third) throw new Error('fixture');
    const input = letter({ invoices: [first, { ...second, rejectedDisputeInterest: 'waived' }, third] });

    // Act
    const { text } = renderCombinedLetter(input);

    // Assert
    expect(text).toContain('Zu Rechnung RE-2026-0102: Ihren Einwand gegen diese Forderung haben wir geprüft');
  });

  it('refuses a total that is not the sum of the invoices, naming the field', () => {
    // Arrange
    const input = letter({ totalCents: 405_528 });

    // Act
    const result = combinedLetterInputSchema.safeParse(input);

    // Assert
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['totalCents']);
  });

  it('refuses an invoice whose account does not add up, naming the invoice', () => {
    // Arrange
    const [first, second] = letter().invoices;
    if (!first || !second) throw new Error('fixture');
    const input = letter({
      invoices: [first, { ...second, totalCents: 255_527 }],
      totalCents: 355_527,
    });

    // Act
    const result = combinedLetterInputSchema.safeParse(input);

    // Assert
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['invoices.1.totalCents']);
  });
});
