import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiDocument } from '../../functions/api/openapi.js';
import { routes } from '../../functions/api/routes.js';
import { repositoryRoot } from '../../statemachines/asl.js';

/**
 * The API's OpenAPI document is a file of the web build (CloudFront serves it at /openapi.json from the page's
 * bucket): these tests build the page as `npm run build:web` does and read what the build wrote.
 */
const operationSchema = z.object({
  security: z.array(z.record(z.string(), z.array(z.string()))),
  requestBody: z.unknown().optional(),
  responses: z.record(z.string(), z.unknown()),
});
const documentSchema = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
});

let outDir: string;
let written: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'mahnwesen-openapi-'));
  await build({
    configFile: join(repositoryRoot, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  written = await readFile(join(outDir, 'openapi.json'), 'utf8');
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the OpenAPI document of the web build', () => {
  it('is written next to index.html as the document generated from the routes and their schemas', async () => {
    // Arrange
    const generated: unknown = JSON.parse(JSON.stringify(openApiDocument()));

    // Act
    const document: unknown = JSON.parse(written);

    // Assert
    expect(await readFile(join(outDir, 'index.html'), 'utf8')).toContain('<');
    expect(document).toEqual(generated);
    expect(documentSchema.parse(document).openapi).toBe('3.1.0');
  });

  it('documents every route of functions/api/routes.ts with its method, a bearer token and its body', () => {
    // Arrange
    const { paths } = documentSchema.parse(JSON.parse(written));

    // Act
    const operations = routes.map((route) => ({
      route: `${route.method} ${route.path}`,
      operation: paths[route.path]?.[route.method.toLowerCase()],
      hasBody: route.body !== undefined,
    }));

    // Assert
    const missing = operations.filter(({ operation }) => operation === undefined).map(({ route }) => route);
    expect(missing).toEqual([]);
    for (const { route, operation, hasBody } of operations) {
      expect({ route, security: operation?.security }).toEqual({ route, security: [{ bearer: [] }] });
      expect({ route, body: operation?.requestBody !== undefined }).toEqual({ route, body: hasBody });
    }
    expect(written).toContain('"allocation"');
  });
});
