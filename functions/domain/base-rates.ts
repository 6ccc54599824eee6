import { addMonths, compareDates, type IsoDate, isoDateSchema } from './calendar.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * The Basiszinssatz (§ 247 BGB) as published by the Deutsche Bundesbank. It is data the operator keeps
 * current in config/base-rates.json: the code never guesses a missing half-year, it reports the table stale.
 */
const percentPattern = /^-?\d{1,2}\.\d{2}$/;

export const baseRateTableSchema = z
  .object({
    source: nonEmptyStringSchema,
    rates: z
      .array(
        z.object({
          validFrom: isoDateSchema.check(
            z.refine(
              (date) => date.endsWith('-01-01') || date.endsWith('-07-01'),
              'the base rate changes only on 1 January and 1 July',
            ),
          ),
          percent: z
            .string()
            .check(z.regex(percentPattern, 'must be a percentage with two decimals, e.g. "1.27"')),
        }),
      )
      .check(z.minLength(1, 'needs at least one rate')),
  })
  .check(
    z.superRefine((table, context) => {
      table.rates.forEach((rate, index) => {
        const previous = table.rates[index - 1];
        if (previous && compareDates(previous.validFrom, rate.validFrom) >= 0) {
          context.addIssue({
            code: 'custom',
            path: ['rates', index, 'validFrom'],
            message: 'rates must be sorted by validFrom without duplicates',
          });
        }
      });
    }),
  );
export type BaseRateTable = z.infer<typeof baseRateTableSchema>;

/** A percentage with two decimals as basis points, exactly: "1.27" -> 127, "-0.88" -> -88. */
export function toBasisPoints(percent: string): number {
  const negative = percent.startsWith('-');
  const [whole = '0', fraction = '00'] = percent.replace('-', '').split('.');
  const basisPoints = Number(whole) * 100 + Number(fraction);
  return negative ? -basisPoints : basisPoints;
}

export function formatBasisPoints(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const magnitude = Math.abs(basisPoints);
  return `${sign}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

export interface BaseRatePeriod {
  from: IsoDate;
  /** Exclusive: the first day of the next half-year, or undefined for the open-ended last entry. */
  until: IsoDate | undefined;
  basisPoints: number;
}

export function baseRatePeriods(table: BaseRateTable): BaseRatePeriod[] {
  return table.rates.map((rate, index) => ({
    from: rate.validFrom,
    until: table.rates[index + 1]?.validFrom,
    basisPoints: toBasisPoints(rate.percent),
  }));
}

/** The first day the table no longer covers: the end of the half-year that begins with its last entry. */
export function baseRateTableCoversUntil(table: BaseRateTable): IsoDate {
  const last = table.rates[table.rates.length - 1];
  if (!last) throw new Error('base-rate table is empty');
  return addMonths(last.validFrom, 6);
}

/** Stale means asked for a day after the half-year of the last entry: the next published value is missing. */
export function isBaseRateTableStaleFor(table: BaseRateTable, date: IsoDate): boolean {
  return compareDates(date, baseRateTableCoversUntil(table)) >= 0;
}
