import { baseRateTable } from '../../config/index.js';
import { addDays, type IsoDate } from '../../functions/domain/calendar.js';

/** Interest the way a clerk checks it: open principal x (base rate + margin) x days / 365, per half-year. */
export function expectedInterestCents(
  principalCents: number,
  from: IsoDate,
  through: IsoDate,
  marginBasisPoints = 900,
): number {
  const rates = baseRateTable.rates.map((rate) => ({
    from: rate.validFrom,
    basisPoints: Math.round(Number(rate.percent) * 100),
  }));
  let total = 0;
  let day = from;
  while (day <= through) {
    const halfYearEnd = day.slice(5) < '07-01' ? `${day.slice(0, 4)}-06-30` : `${day.slice(0, 4)}-12-31`;
    const periodEnd = halfYearEnd < through ? halfYearEnd : through;
    const days = Math.round((Date.parse(periodEnd) - Date.parse(day)) / 86_400_000) + 1;
    const base = rates.filter((rate) => rate.from <= day).at(-1)?.basisPoints ?? 0;
    // Half-up rounding of principal * rate * days / (10,000 * 365), once per period.
    const numerator = principalCents * (base + marginBasisPoints) * days;
    total += Math.floor((2 * numerator + 3_650_000) / 7_300_000);
    day = addDays(periodEnd, 1);
  }
  return total;
}
