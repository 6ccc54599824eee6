import { formatMoney, type Locale } from '../domain/money.js';
import type * as z from '../domain/zod.js';
import type { customerCallViewSchema } from './task-schemas.js';

type CallView = z.infer<typeof customerCallViewSchema>;

/** The first talking point of a customer call: that the call is about the whole account, and what it adds up to. */
export function callTalkingPoint(call: CallView, locale: Locale): string {
  const money = (cents: number) => formatMoney(cents, call.currency, locale);
  const listed = call.invoices
    .map((invoice) => `${invoice.invoiceNumber} (${money(invoice.openCents)})`)
    .join(', ');
  return locale === 'de'
    ? `Ein Anruf für das ganze Konto: ${call.invoices.length} offene Rechnungen, zusammen ${money(call.totalOpenCents)}: ${listed}. Ein Ergebnis für alle erfassen oder je Rechnung.`
    : `One call for the whole account: ${call.invoices.length} open invoices, ${money(call.totalOpenCents)} in all: ${listed}. Record one outcome for all of them or one per invoice.`;
}
