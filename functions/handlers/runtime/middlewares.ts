import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { describeIssues } from '../../domain/policy.js';
import type * as z from '../../domain/zod.js';
import { logger, metrics, redactPersonalData } from '../../observability.js';

/** The input broke its contract: retrying cannot help, so the state machine must not retry it. */
export class InvalidInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid input: ${problems.join('; ')}`);
    this.name = 'Dunning.InvalidInput';
  }
}

/** Parses the event with its zod schema before the handler sees it; the handler is typed with the result. */
export function parseEvent<S extends z.ZodMiniType>(schema: S): MiddlewareObj<z.output<S>> {
  return {
    before: (request) => {
      const result = schema.safeParse(request.event);
      if (!result.success) throw new InvalidInputError(describeIssues(result.error));
      request.event = result.data;
    },
  };
}

/** Limits of AWS that last minutes to an hour (SES sending rate and daily quota, DynamoDB capacity). */
const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
/** Faults that pass within seconds: 5xx, and a concurrent writer of the same case. */
const TRANSIENT_NAMES = new Set([
  'ServiceUnavailable',
  'InternalServerError',
  'InternalFailure',
  'CaseVersionConflictError',
  'CaseBusyError',
  // Another execution is sending the customer's reminder of the day (or its mail is in flight): look again.
  'CustomerReminderBusyError',
  // The customer's open call kept changing while a call task joined it (many cases at once): join again.
  'CustomerCallBusyError',
  'IdempotencyAlreadyInProgressError',
]);

interface SdkLikeError {
  name?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Renames errors for the state machines' two Retry budgets: throttling becomes Dunning.Throttled (retried
 * for about an hour with jitter, longer than SES or DynamoDB throttling lasts), other faults that pass
 * within seconds become Dunning.Transient (retried for about two minutes). Everything else stays as it is
 * and is caught and recorded on the case timeline.
 */
export function classifyTransientErrors<Event>(): MiddlewareObj<Event> {
  return {
    onError: (request) => {
      const error = request.error as (Error & SdkLikeError) | null;
      if (!error) return;
      const name = error.name ?? '';
      const status = error.$metadata?.httpStatusCode ?? 0;
      const throttled = THROTTLING_NAMES.has(name) || status === 429;
      const transient =
        !throttled && (TRANSIENT_NAMES.has(name) || Boolean(error.$retryable) || status >= 500);
      // `message` is the log line's own key (Powertools drops an extra key of that name): errorMessage keeps it.
      logger.error('step failed', { errorName: name, throttled, transient, errorMessage: error.message });
      if (throttled) error.name = 'Dunning.Throttled';
      else if (transient) error.name = 'Dunning.Transient';
    },
  };
}

/** Idempotency records expire with the invocation if it times out, so a retry is not blocked needlessly. */
export function registerRemainingTime<Event>(
  register: (context: Context) => void,
): MiddlewareObj<Event, unknown, Error, Context> {
  return {
    before: (request) => {
      register(request.context);
    },
  };
}

/**
 * Writes what an invocation counted (EMF on stdout) when it ends, also when it fails. Unlike Powertools'
 * logMetrics it stays silent for the many invocations that count nothing (a Wait followed by CheckOpen).
 */
export function flushMetrics(store: Metrics = metrics): MiddlewareObj {
  const flush = () => {
    if (store.hasStoredMetrics()) store.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}

/**
 * An error that leaves a handler bypasses the redacting logger: Lambda writes its message and stack to the
 * logs and Step Functions keeps them as the failure's cause (and record-failure on the timeline). SES puts
 * the recipient's address in its messages, so personal data is masked here; the name stays, the state
 * machines' Retry and Catch match on it.
 */
export function redactThrownErrors<Event>(): MiddlewareObj<Event> {
  return {
    onError: (request) => {
      const { error } = request;
      if (!error) return;
      error.message = redactPersonalData(error.message);
      if (error.stack !== undefined) error.stack = redactPersonalData(error.stack);
    },
  };
}

/**
 * What every handler starts with: the Lambda context on each log line, its metrics written at the end, and
 * errors redacted before they leave (registered first, so its onError runs after every other one).
 */
export const observed = () => [
  redactThrownErrors(),
  injectLambdaContext(logger, { resetKeys: true }),
  flushMetrics(),
];
