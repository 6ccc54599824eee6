import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export const repositoryRoot = join(import.meta.dirname, '..');

export async function readAsl(file: string): Promise<string> {
  return readFile(join(repositoryRoot, file), 'utf8');
}
