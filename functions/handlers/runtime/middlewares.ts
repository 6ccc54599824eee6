import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { describeIssues } from '../../domain/policy.js';
import { logger, metrics } from '../../observability.js';

/** The input broke its contract: retrying cannot help, so the state machine must not retry it. */
export class InvalidInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid input: ${problems.join('; ')}`);
    this.name = 'Dunning.InvalidInput';
  }
}

/** Parses the event with its zod schema before the handler sees it; the handler is typed with the result. */
export function parseEvent<S extends z.ZodType>(schema: S): MiddlewareObj<z.output<S>> {
  return {
    before: (request) => {
      const result = schema.safeParse(request.event);
      if (!result.success) throw new InvalidInputError(describeIssues(result.error));
      request.event = result.data;
    },
  };
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'InternalFailure',
  'CaseVersionConflictError',
  'CaseBusyError',
]);

interface SdkLikeError {
  name?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Renames throttling and 5xx errors to Dunning.Transient, the one name the state machines retry with
 * backoff; everything else stays as it is and is caught and recorded on the case timeline.
 */
export function classifyTransientErrors<Event>(): MiddlewareObj<Event> {
  return {
    onError: (request) => {
      const error = request.error as (Error & SdkLikeError) | null;
      if (!error) return;
      const status = error.$metadata?.httpStatusCode ?? 0;
      const transient = TRANSIENT_NAMES.has(error.name ?? '') || Boolean(error.$retryable) || status >= 500;
      logger.error('step failed', { errorName: error.name, transient, message: error.message });
      if (transient) error.name = 'Dunning.Transient';
    },
  };
}

/** Idempotency records expire with the invocation if it times out, so a retry is not blocked needlessly. */
export function registerRemainingTime<Event>(
  config: IdempotencyConfig,
): MiddlewareObj<Event, unknown, Error, Context> {
  return {
    before: (request) => {
      config.registerLambdaContext(request.context);
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

/** What every handler starts with: the Lambda context on each log line, and its metrics written at the end. */
export const observed = () => [injectLambdaContext(logger, { resetKeys: true }), flushMetrics()];
