import type { ApiEvent, ApiResult } from '../functions/api/http.js';
import { apiAreas } from '../functions/api/routes.js';

type ApiHandler = (event: ApiEvent) => Promise<ApiResult>;

/** /tasks/{id}/claim -> ^/tasks/[^/]+/claim$: a path parameter is one segment, as in API Gateway. */
function pathPattern(path: string): RegExp {
  const segments = path.split('/').map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : segment));
  return new RegExp(`^${segments.join('/')}$`);
}

/**
 * Plays API Gateway's route table: each request goes to the Lambda of its route's area (functions/api/routes.ts),
 * which parses the path parameters itself. On AWS a request matching no route never reaches a Lambda; here the
 * first area's router answers it, with the same 404/405 problem it would give for an unknown path.
 */
export function dispatchByArea(handlerOf: (functionName: string) => ApiHandler): ApiHandler {
  const table = apiAreas.flatMap(({ functionName, routes }) =>
    routes.map((route) => ({ method: route.method, pattern: pathPattern(route.path), functionName })),
  );
  const fallback = apiAreas[0].functionName;
  return (event) => {
    const { method, path } = event.requestContext.http;
    const target = table.find((route) => route.method === method && route.pattern.test(path));
    return handlerOf(target?.functionName ?? fallback)(event);
  };
}
