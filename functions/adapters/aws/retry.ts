import { AwsServiceError } from './errors.js';

/**
 * The SDK's standard retry mode: at most 3 attempts; throttling, 5xx, timeouts and network errors are retried
 * after an exponential backoff with full jitter (base 100 ms, 500 ms when throttled, at most 20 s), while the
 * client's retry quota lasts. A refusal such as ConditionalCheckFailedException or a validation error is never
 * retried.
 */
export const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 100;
const THROTTLING_BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 20_000;

export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
]);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

export type RetryKind = 'throttling' | 'transient' | 'none';

export function retryKindOf(error: unknown): RetryKind {
  if (!(error instanceof Error)) return 'none';
  if (THROTTLING_CODES.has(error.name)) return 'throttling';
  if (error instanceof AwsServiceError) {
    if (error.$metadata.httpStatusCode === 429) return 'throttling';
    return TRANSIENT_CODES.has(error.name) || TRANSIENT_STATUS.has(error.$metadata.httpStatusCode)
      ? 'transient'
      : 'none';
  }
  const code = Reflect.get(error, 'code');
  if (TRANSIENT_CODES.has(error.name) || (typeof code === 'string' && NETWORK_CODES.has(code)))
    return 'transient';
  return 'none';
}

/** The wait before attempt `attempt + 1` (attempt counts from 1), full jitter: uniform in [0, cap). */
export function backoffMs(attempt: number, kind: RetryKind, random: () => number = Math.random): number {
  const base = kind === 'throttling' ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
  return Math.floor(random() * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1)));
}

const INITIAL_RETRY_TOKENS = 500;
const RETRY_COST = 5;
const TIMEOUT_RETRY_COST = 10;
const NO_RETRY_INCREMENT = 1;
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/**
 * The SDK's retry quota (standard mode), one per client: retries spend 500 tokens, 5 each (10 after a timeout);
 * a request that succeeds gives back what its last retry cost, or 1 without a retry. Once the quota is spent,
 * errors are not retried: during an outage a function hands the fault to the state machine's own retries at
 * once instead of waiting out backoffs on every call.
 */
export class RetryQuota {
  private tokens = INITIAL_RETRY_TOKENS;

  get available(): number {
    return this.tokens;
  }

  /** Takes the cost of retrying after `error`; undefined when the quota cannot pay it. */
  take(error: Error): number | undefined {
    const cost = TIMEOUT_CODES.has(error.name) ? TIMEOUT_RETRY_COST : RETRY_COST;
    if (this.tokens < cost) return undefined;
    this.tokens -= cost;
    return cost;
  }

  /** A request succeeded after a retry that cost `lastRetryCost` (none: without a retry). */
  succeeded(lastRetryCost: number | undefined): void {
    this.tokens = Math.min(INITIAL_RETRY_TOKENS, this.tokens + (lastRetryCost ?? NO_RETRY_INCREMENT));
  }
}

export async function withRetries<T>(
  call: () => Promise<T>,
  {
    maxAttempts = MAX_ATTEMPTS,
    sleep = defaultSleep,
    quota = new RetryQuota(),
  }: { maxAttempts?: number; sleep?: (ms: number) => Promise<void>; quota?: RetryQuota } = {},
): Promise<T> {
  let lastRetryCost: number | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await call();
      quota.succeeded(lastRetryCost);
      return result;
    } catch (error) {
      const kind = retryKindOf(error);
      if (kind === 'none') throw error;
      lastRetryCost = attempt < maxAttempts ? quota.take(error as Error) : undefined;
      // Marked as the SDK marks retryable errors, so the handlers' middleware hands it to the state
      // machine's retry budget (Dunning.Transient / Dunning.Throttled) instead of recording a failure.
      if (lastRetryCost === undefined)
        throw Object.assign(error as Error, { $retryable: { throttling: kind === 'throttling' } });
      await sleep(backoffMs(attempt, kind));
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
