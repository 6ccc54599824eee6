import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../statemachines/asl.js';
import { importSpecifiers, importsOf, repositoryPath, sourceFiles } from './source-imports.js';

/**
 * One direction of the layering (DESIGN.md section 2). A path ending in '/' means everything under that
 * directory; any other path means that one module. A rule either forbids some targets or allows only some
 * (relative imports only: packages are the Biome rule's and domain-purity's business).
 */
interface LayerRule {
  readonly description: string;
  readonly files: readonly string[];
  readonly forbidden?: readonly string[];
  readonly allowedOnly?: readonly string[];
}

const rules: readonly LayerRule[] = [
  {
    description: 'infra/ and functions/ do not import the local stack',
    files: ['infra/', 'functions/'],
    forbidden: ['local/'],
  },
  {
    description: 'functions/api does not import the Lambda handlers',
    files: ['functions/api/'],
    forbidden: ['functions/handlers/'],
  },
  {
    description: 'functions/domain imports none of workflow, adapters, handlers and api',
    files: ['functions/domain/'],
    forbidden: ['functions/workflow/', 'functions/adapters/', 'functions/handlers/', 'functions/api/'],
  },
  {
    // The renderer of printed documents runs in its own function: it builds on the domain's letters and
    // nothing that talks to AWS, so a handler can wrap it and its bundle stays small.
    description: 'functions/documents imports only functions/documents and functions/domain',
    files: ['functions/documents/'],
    allowedOnly: ['functions/documents/', 'functions/domain/'],
  },
  {
    description: 'functions/workflow imports none of adapters, handlers and api',
    files: ['functions/workflow/'],
    forbidden: ['functions/adapters/', 'functions/handlers/', 'functions/api/'],
  },
  {
    // The page is a client of the API: it shares the API's message schemas, the domain vocabulary they are
    // built from and the shipped policy, and nothing that runs on the server.
    description: 'web/src imports only web/, functions/domain, the API schemas and the shipped config files',
    files: ['web/src/'],
    allowedOnly: [
      'web/',
      'functions/domain/',
      'functions/api/schemas.ts',
      'functions/api/task-schemas.ts',
      'functions/api/case-schemas.ts',
      'functions/api/report-schemas.ts',
      'functions/api/customer-schemas.ts',
      'functions/api/print-schemas.ts',
      'config/policy.json',
      'config/base-rates.json',
    ],
  },
  {
    // The build, not the page: it writes the API's OpenAPI document into the build output (openapi.json).
    description: 'web/vite.config.ts imports only the OpenAPI document of functions/api',
    files: ['web/vite.config.ts'],
    allowedOnly: ['functions/api/openapi.ts'],
  },
  {
    // repositoryRoot lives in statemachines/asl.ts because every other directory may import it.
    description: 'statemachines/ imports nothing else of the repository',
    files: ['statemachines/'],
    allowedOnly: ['statemachines/'],
  },
];

interface ModuleImports {
  readonly file: string;
  readonly specifiers: readonly string[];
}

function covers(paths: readonly string[], modulePath: string): boolean {
  return paths.some((path) => (path.endsWith('/') ? modulePath.startsWith(path) : modulePath === path));
}

/** The imported module as a repository path; TypeScript's `.js` specifiers name the `.ts` file. */
function importedModule(file: string, specifier: string): string {
  return repositoryPath(repositoryRoot, join(dirname(join(repositoryRoot, file)), specifier)).replace(
    /\.js$/,
    '.ts',
  );
}

function violationsOf(rule: LayerRule, modules: readonly ModuleImports[]): string[] {
  return modules
    .filter(({ file }) => covers(rule.files, file))
    .flatMap(({ file, specifiers }) =>
      specifiers
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) => {
          const target = importedModule(file, specifier);
          const isForbidden = rule.forbidden !== undefined && covers(rule.forbidden, target);
          const isNotAllowed = rule.allowedOnly !== undefined && !covers(rule.allowedOnly, target);
          return isForbidden || isNotAllowed;
        })
        .map((specifier) => `${file} imports ${specifier}`),
    );
}

describe('the layering of the repository', () => {
  let modules: ModuleImports[] = [];

  beforeAll(async () => {
    const files = await sourceFiles(repositoryRoot);
    modules = await Promise.all(
      files.map(async (file) => ({
        file: repositoryPath(repositoryRoot, file),
        specifiers: await importsOf(file),
      })),
    );
  });

  it('reads the imports of every part of the repository', () => {
    // Arrange
    const parts = ['functions/', 'infra/', 'local/', 'web/', 'scripts/', 'statemachines/', 'test/'];

    // Act
    const partsWithImports = parts.filter((part) =>
      modules.some(({ file, specifiers }) => file.startsWith(part) && specifiers.length > 0),
    );

    // Assert
    expect(partsWithImports).toEqual(parts);
  });

  it.each(rules.map((rule) => [rule.description, rule] as const))('%s', (_description, rule) => {
    // Arrange
    const governed = modules.filter(({ file }) => covers(rule.files, file));

    // Act
    const violations = violationsOf(rule, governed);

    // Assert
    expect(governed.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('names the file and the import that break a rule, whichever import form it uses', () => {
    // Arrange
    const source = [
      "import type { Clock } from '../workflow/clock.js';",
      "export { money } from './money.js';",
      "import '../adapters/clients.js';",
      "const api = await import('../api/routes.js');",
    ].join('\n');
    const domainModule = { file: 'functions/domain/example.ts', specifiers: importSpecifiers(source) };
    const domainRule = rules.find((rule) => rule.files.includes('functions/domain/'));

    // Act
    const violations = domainRule ? violationsOf(domainRule, [domainModule]) : [];

    // Assert
    expect(violations).toEqual([
      'functions/domain/example.ts imports ../workflow/clock.js',
      'functions/domain/example.ts imports ../adapters/clients.js',
      'functions/domain/example.ts imports ../api/routes.js',
    ]);
  });
});
