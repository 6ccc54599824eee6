import middy, { type MiddlewareObj } from '@middy/core';
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

/** Every failure leaves as RFC 9457 problem+json; unexpected ones as a 500 that reveals nothing inside. */
export function problemDetails(): MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    onError: (request) => {
      const { error } = request;
      const instance = request.event.rawPath;
      let problem: ProblemError;
      if (error instanceof ProblemError) problem = error;
      else {
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
  const route = routerOf(routes);
  return middy<ApiEvent, ApiResult, Error, Context>()
    .use(problemDetails())
    .handler(async (event) => {
      const { method, path } = event.requestContext.http;
      const found = route(method, path);
      if (!found) throw new ProblemError(404, 'Not found', `${method} ${event.rawPath}`);
      const principal = principalFrom(event.requestContext.authorizer?.jwt?.claims);
      if (found.route.supervisorsOnly) requireSupervisor(principal);
      const result = await found.route.execute(api, principal, {
        // API Gateway names the path parameters (decoded); the local gateway leaves that to the route's pattern.
        params: { ...found.params, ...event.pathParameters },
        query: event.queryStringParameters ?? {},
        body: parseBody(event),
        headers: event.headers ?? {},
      });
      return result instanceof SeeOther ? seeOther(result) : json(200, result);
    });
}

/** Path parameters as API Gateway hands them over: percent-decoded; a malformed escape stays as it came. */
function decodedParams(raw: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).map(([name, value]) => {
      try {
        return [name, decodeURIComponent(value)];
      } catch {
        return [name, value];
      }
    }),
  );
}

/**
 * The route of a method and path with its path parameters, percent-decoded: `{name}` is one segment, a trailing slash is
 * ignored, and routes without parameters come first (API Gateway prefers the more specific route too).
 */
export function routerOf<R extends { method: string; path: string }>(routes: readonly R[]) {
  const patterns = [...routes]
    .sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')))
    .map((route) => ({
      route,
      pattern: new RegExp(`^${route.path.replace(/\{([^/}]+)\}/g, '(?<$1>[^/]+)')}/?$`),
    }));
  return (method: string, path: string): { route: R; params: Record<string, string> } | undefined => {
    for (const { route, pattern } of patterns) {
      const match = route.method === method ? pattern.exec(path) : null;
      if (match) return { route, params: decodedParams(match.groups ?? {}) };
    }
    return undefined;
  };
}
