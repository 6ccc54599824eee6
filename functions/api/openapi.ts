import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { routes } from './routes.js';
import { problemSchema } from './schemas.js';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** OpenAPI 3.1 of the caller API, generated from the same zod schemas the routes validate with. */
export function openApiDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const operation: ZodOpenApiOperationObject = {
      summary: route.summary,
      description: route.supervisorsOnly
        ? 'Supervisors only.'
        : 'Callers and supervisors, for the queues of their groups.',
      security: [{ bearer: [] }],
      requestParams: { path: route.params, query: route.query },
      ...(route.body ? { requestBody: { content: { 'application/json': { schema: route.body } } } } : {}),
      responses: {
        ...(route.redirect
          ? {
              '303': {
                description: 'See Other: `Location` is a download link valid for five minutes',
                headers: { Location: { description: 'The download link', schema: { type: 'string' } } },
              },
            }
          : {
              '200': { description: 'OK', content: { 'application/json': { schema: route.response } } },
              ...(route.seeOther
                ? {
                    '303': {
                      description: route.seeOther,
                      headers: { location: { schema: { type: 'string' } } },
                    },
                  }
                : {}),
            }),
        '400': problem('The request broke the contract; `errors` names each field'),
        '401': problem('No valid bearer token'),
        '403': problem('The token does not allow this'),
        '404': problem('Not found (or not in your queues)'),
        '409': problem('Conflict with the current state (claimed, timed out, already completed)'),
        '422': problem('The outcome does not fit the task or the case'),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Mahnwesen caller API',
      version: '1.0.0',
      description:
        'Collection-call tasks, outcomes, case holds and reports. Errors are RFC 9457 problem details.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
