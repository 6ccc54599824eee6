import { callsRoutes } from './calls-routes.js';
import { recordsRoutes } from './records-routes.js';
import type { RouteContract } from './route.js';

/**
 * The caller API's Lambdas, each serving the routes of one area (functions/handlers/api-*.ts), so no bundle
 * carries the code of the other area's routes. API Gateway integrates each route with its area's function;
 * the local gateway dispatches the same way.
 */
export const apiAreas = [
  { functionName: 'api-calls', routes: callsRoutes },
  { functionName: 'api-records', routes: recordsRoutes },
] as const satisfies readonly { functionName: string; routes: readonly RouteContract[] }[];

export type ApiFunctionName = (typeof apiAreas)[number]['functionName'];

/** Every route of the caller API, for the OpenAPI document and the HTTP API (never imported by a Lambda). */
export const routes: readonly RouteContract[] = apiAreas.flatMap(
  (area): readonly RouteContract[] => area.routes,
);
