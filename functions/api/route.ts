import * as z from '../domain/zod.js';
import type { Principal } from './principal.js';
import { invalidInput } from './problems.js';
import { SeeOther } from './see-other.js';

export const noParams = z.object({});
export const noQuery = z.object({});

export interface RawRequest {
  params: unknown;
  query: unknown;
  body: unknown;
  /** Request headers, names in lower case (content negotiation: `accept`). */
  headers?: Readonly<Record<string, string | undefined>>;
}

/**
 * One caller-API route as documented: its schemas (validated on the way in, applied on the way out so nothing
 * beyond the documented fields can leave). The OpenAPI document and the HTTP API are built from these.
 */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  summary: string;
  supervisorsOnly: boolean;
  params: z.ZodMiniObject;
  query: z.ZodMiniObject;
  body?: z.ZodMiniType;
  response: z.ZodMiniType;
  /** The route always answers 303 See Other to the `location` of its (validated) answer, never a body. */
  redirect?: true;
  /** What a 303 See Other of the route leads to, if it answers with one for some requests (OpenAPI). */
  seeOther?: string;
}

/** A route with what it does on the resources of its area (`Api`), which only that area's Lambda builds. */
export interface Route<Api> extends RouteContract {
  execute(api: Api, principal: Principal, request: RawRequest): Promise<unknown>;
}

function parsed<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  where: 'path' | 'query' | 'body',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, where);
  return result.data;
}

export function route<
  Api,
  P extends z.ZodMiniObject,
  Q extends z.ZodMiniObject,
  B extends z.ZodMiniType,
  R extends z.ZodMiniType,
>(spec: {
  method: RouteContract['method'];
  path: string;
  summary: string;
  supervisorsOnly: boolean;
  params: P;
  query: Q;
  body?: B;
  response: R;
  redirect?: true;
  seeOther?: string;
  handle: (
    api: Api,
    input: {
      principal: Principal;
      params: z.output<P>;
      query: z.output<Q>;
      body: z.output<B>;
      headers: Readonly<Record<string, string | undefined>>;
    },
  ) => Promise<z.input<R> | SeeOther>;
}): Route<Api> {
  return {
    ...spec,
    async execute(api, principal, request) {
      const input = {
        principal,
        params: parsed(spec.params, request.params, 'path'),
        query: parsed(spec.query, request.query, 'query'),
        body: spec.body ? parsed(spec.body, request.body, 'body') : (undefined as z.output<B>),
        headers: request.headers ?? {},
      };
      const result = await spec.handle(api, input);
      if (result instanceof SeeOther) return result;
      // Parsing the result strips anything not in the response schema (a task token can never leak).
      const answer = spec.response.parse(result);
      return spec.redirect ? SeeOther.of(answer) : answer;
    },
  };
}
