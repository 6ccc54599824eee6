import * as z from './zod.js';

/** The product duns in euro only: interest, the € 40 lump sum and fees are defined in euro by German law. */
export const currencySchema = z.literal('EUR', { error: 'only EUR invoices can be dunned' });
export type Currency = z.infer<typeof currencySchema>;

// The int check, not z.int(message): z.int's message would also replace the "expected number" of a non-number.
export const centsSchema = z
  .number()
  .check(z.int('must be whole cents'), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));
export const positiveCentsSchema = centsSchema.check(z.gte(1, 'must be at least 1 cent'));

export const moneySchema = z.object({ cents: positiveCentsSchema, currency: currencySchema });
export type Money = z.infer<typeof moneySchema>;

export const localeSchema = z.enum(['de', 'en']);
export type Locale = z.infer<typeof localeSchema>;

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats cents for a letter or a screen, e.g. 1234567 -> "12.345,67 €" (de) or "€12,345.67" (en). */
export function formatMoney(cents: number, currency: Currency, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter.format(cents / 100);
}

/** Divides and rounds half away from zero, exactly: money is rounded once, at the end of a computation. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  return sign * ((2n * magnitude + denominator) / (2n * denominator));
}

export function sumCents(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
