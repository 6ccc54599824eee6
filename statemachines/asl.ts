import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository root (where cdk.json is); the ASL files and every other repository path are relative to it.
 * It lives here because statemachines/ is the one directory that infra/, local/, scripts/ and test/ may all
 * import without depending on each other.
 */
export const repositoryRoot = join(import.meta.dirname, '..');

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** The `${Name}` placeholders an ASL file uses (what CDK's definitionSubstitutions must provide). */
export function substitutionsIn(asl: string): string[] {
  return [...new Set([...asl.matchAll(PLACEHOLDER)].map(([, name = '']) => name))].sort();
}

/** Fills every placeholder like Step Functions' definition substitutions; a missing value is an error. */
export function substitute(asl: string, values: Readonly<Record<string, string>>): string {
  return asl.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the ASL substitution \${${name}}`);
    return value;
  });
}

/** The text of an ASL file, given relative to the repository root; synchronous, as CDK constructs need it. */
export function readAsl(file: string): string {
  return readFileSync(join(repositoryRoot, file), 'utf8');
}
