import middy, { type MiddlewareObj } from '@middy/core';
import httpRouterHandler, { type Route as HttpRoute } from '@middy/http-router';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { logger } from '../observability.js';
import { principalFrom, requireSupervisor } from './principal.js';
import { ProblemError } from './problems.js';
import type { Route } from './route.js';
import { SeeOther } from './see-other.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

const json = (statusCode: number, body: unknown, contentType = 'application/json'): ApiResult => ({
  statusCode,
  headers: { 'content-type': contentType, 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** 303 See Other to where a route sent the client (a short-lived download link). */
function seeOther({ location }: SeeOther): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}
function parseBody(event: ApiEvent): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'Invalid request', 'body: must be JSON', [
      { path: 'body', message: 'must be JSON' },
    ]);
  }
}

interface StatusError {
  statusCode?: unknown;
  message?: unknown;
}

/** Every failure leaves as RFC 9457 problem+json; unexpected ones as a 500 that reveals nothing inside. */
export function problemDetails(): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    onError: (request) => {
      const { error } = request;
      const instance = request.event.rawPath;
      let problem: ProblemError;
      if (error instanceof ProblemError) problem = error;
      else if (typeof (error as StatusError | null)?.statusCode === 'number') {
        // middy's router raises 404/405 with a statusCode for unknown routes.
        const status = Number((error as StatusError).statusCode);
        problem = new ProblemError(
          status,
          status === 404 ? 'Not found' : 'Method not allowed',
          `${request.event.requestContext.http.method} ${instance}`,
        );
      } else {
        logger.error('api request failed', { errorName: error?.name, message: error?.message });
        problem = new ProblemError(
          500,
          'Internal error',
          'the request could not be completed; nothing was changed twice',
        );
      }
      request.response = json(problem.status, problem.toProblem(instance), 'application/problem+json');
    },
  };
}

/**
 * One area of the caller API as a Lambda behind API Gateway (HTTP API, JWT authorizer). The gateway verified
 * the token; every route checks the principal's groups again before it does anything.
 */
export function createApiHandler<Api>(api: Api, routes: readonly Route<Api>[]) {
  const httpRoutes: HttpRoute<ApiEvent, ApiResult>[] = routes.map((route) => ({
    method: route.method,
    path: route.path,
    handler: async (event: ApiEvent) => {
      const principal = principalFrom(event.requestContext.authorizer?.jwt?.claims);
      if (route.supervisorsOnly) requireSupervisor(principal);
      const result = await route.execute(api, principal, {
        params: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
        body: parseBody(event),
        headers: event.headers ?? {},
      });
      return result instanceof SeeOther ? seeOther(result) : json(200, result);
    },
  }));
  return middy<ApiEvent, ApiResult, Error, Context>()
    .use(problemDetails())
    .handler(httpRouterHandler<ApiEvent, ApiResult>(httpRoutes));
}
