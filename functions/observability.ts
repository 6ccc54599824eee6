import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OutboundEvent } from './domain/events.js';

/*
 * Logging and metrics shared by the Lambda handlers and the caller API (both sit above this module, so the
 * API need not reach into the handlers' runtime for its logger).
 */

/** Keys whose values are personal data or secrets: they never reach a log line. */
const SECRET_KEYS = /^(email|to|toAddresses|phone|contactName|taskToken|token|authorization|destination)$/i;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
/*
 * Phone numbers: international (+49 …), national with a separator (0211 / 555…), or national without one
 * (02115551234: a 0, a non-zero digit, 9 to 14 digits in all, not inside an id). Dates, invoice numbers,
 * amounts in cents (no leading 0) and ARNs do not match.
 */
const PHONE =
  /(\+\d{1,3}[\d ()/-]{6,}\d)|((?<![\w/-])0\d{2,5}[ /-]\d{3,}[\d /-]*\d)|((?<![\w/-])0[1-9]\d{7,12}(?![\w-]))/g;
// An IBAN, grouped or not; only what passes the ISO 13616 check digits, so invoice numbers like RE20261001 stay.
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
// Step Functions task tokens (and other bearer secrets): long base64 runs of mixed case; ids are shorter or split.
const TOKEN = /[A-Za-z0-9+/=_-]{48,}/g;

function isIban(candidate: string): boolean {
  const compact = candidate.replaceAll(' ', '');
  const rearranged = `${compact.slice(4)}${compact.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const digits = /\d/.test(character) ? character : String(character.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const looksLikeToken = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run);

/**
 * Masks email addresses, phone numbers, IBANs and task tokens in free text (an SDK error message, a zod
 * issue, an error cause): for log lines, for errors that leave a handler and for the case timeline.
 */
export function redactPersonalData(text: string): string {
  return text
    .replace(TOKEN, (run) => (looksLikeToken(run) ? '[token]' : run))
    .replace(EMAIL, '[email]')
    .replace(IBAN_CANDIDATE, (candidate) => (isIban(candidate) ? '[iban]' : candidate))
    .replace(PHONE, '[phone]');
}

/**
 * JSON replacer for every log line: redacts secret keys and masks personal data that slipped into free text.
 */
export function redactForLog(key: string, value: unknown): unknown {
  if (SECRET_KEYS.test(key) && value !== undefined && value !== null) return '[redacted]';
  if (typeof value === 'string') return redactPersonalData(value);
  return value;
}

export const logger = new Logger({ serviceName: 'dunning', jsonReplacerFn: redactForLog });
export const metrics = new Metrics({ namespace: 'Mahnwesen', serviceName: 'dunning' });
export { MetricUnit };

/** How many years the generated holiday table covers after the current one (the sweep reports it). */
export const HOLIDAY_TABLE_YEARS_LEFT = 'HolidayTableYearsLeft';

/** Ready print batches not confirmed as posted in time (the daily print job reports it). */
export const PRINT_BATCHES_UNCONFIRMED = 'PrintBatchesUnconfirmed';

/** Every outbound event is counted too (e.g. `DunningReminderSent`, `DunningClosed`), for dashboards. */
export function countOutboundEvents(events: readonly OutboundEvent[]): void {
  for (const event of events)
    metrics.addMetric(event['detail-type'].replaceAll(' ', ''), MetricUnit.Count, 1);
}
