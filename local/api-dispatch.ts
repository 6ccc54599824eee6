import { type ApiEvent, type ApiResult, routerOf } from '../functions/api/http.js';
import { apiAreas } from '../functions/api/routes.js';

type ApiHandler = (event: ApiEvent) => Promise<ApiResult>;

/**
 * Plays API Gateway's route table: each request goes to the Lambda of its route's area (functions/api/routes.ts),
 * matched as that Lambda's router matches it. On AWS a request matching no route never reaches a Lambda; here
 * the first area's router answers it, with the same 404 problem it gives for an unknown path.
 */
export function dispatchByArea(handlerOf: (functionName: string) => ApiHandler): ApiHandler {
  const route = routerOf(
    apiAreas.flatMap(({ functionName, routes }) =>
      routes.map(({ method, path }) => ({ method, path, functionName })),
    ),
  );
  const fallback = apiAreas[0].functionName;
  return (event) => {
    const { method, path } = event.requestContext.http;
    return handlerOf(route(method, path)?.route.functionName ?? fallback)(event);
  };
}
