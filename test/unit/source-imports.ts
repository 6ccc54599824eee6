import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

// Static imports and re-exports (`import … from '…'`), side-effect imports (`import '…'`) and `import('…')`.
const importPattern =
  /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"\n]+)['"]|^\s*import\s*['"]([^'"\n]+)['"]|\bimport\s*\(\s*['"]([^'"\n]+)['"]/gm;
const notSource = new Set(['node_modules', 'dist', 'cdk.out', 'coverage', 'test-artifacts', '.local-data']);

/** Every .ts file under the directory, as absolute paths; build output and dependencies left out. */
export async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      if (entry.isDirectory()) {
        return notSource.has(entry.name) ? Promise.resolve([]) : sourceFiles(join(directory, entry.name));
      }
      return Promise.resolve(entry.name.endsWith('.ts') ? [join(directory, entry.name)] : []);
    }),
  );
  return nested.flat();
}

/** The module specifiers a source text imports, in order of appearance. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(importPattern)].map(
    ([, fromClause, sideEffect, dynamic]) => fromClause ?? sideEffect ?? dynamic ?? '',
  );
}

export async function importsOf(file: string): Promise<string[]> {
  return importSpecifiers(await readFile(file, 'utf8'));
}

/** A path relative to the root with forward slashes, the way the rules and the failure messages name it. */
export function repositoryPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}
