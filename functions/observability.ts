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
// International (+49 …) or national (0211 / 555…) numbers with a separator; dates, ids and ARNs do not match.
const PHONE = /(\+\d{1,3}[\d ()/-]{6,}\d)|(\b0\d{2,5}[ /-]\d{3,}[\d /-]*\d)/g;

/**
 * JSON replacer for every log line: redacts secret keys and masks email addresses and phone numbers that
 * slipped into free text (an SDK error message, a zod issue).
 */
export function redactForLog(key: string, value: unknown): unknown {
  if (SECRET_KEYS.test(key) && value !== undefined && value !== null) return '[redacted]';
  if (typeof value === 'string') return value.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
  return value;
}

export const logger = new Logger({ serviceName: 'dunning', jsonReplacerFn: redactForLog });
export const metrics = new Metrics({ namespace: 'Mahnwesen', serviceName: 'dunning' });
export { MetricUnit };

/** Every outbound event is counted too (e.g. `DunningReminderSent`, `DunningClosed`), for dashboards. */
export function countOutboundEvents(events: readonly OutboundEvent[]): void {
  for (const event of events)
    metrics.addMetric(event['detail-type'].replaceAll(' ', ''), MetricUnit.Count, 1);
}
