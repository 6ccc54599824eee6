import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { DunningFunction } from '../infra/constructs/dunning-function.js';

/** One synthesized function: where its bundle is and the environment Lambda would start it with. */
export interface SynthesizedFunction {
  readonly name: string;
  readonly bundleFile: string;
  readonly environment: Record<string, string>;
}

/** The asset directory of a NodejsFunction (the Lambda Function stages its code as the child `Code`). */
function bundleFileOf(app: App, fn: DunningFunction): string {
  const code = fn.function.node.tryFindChild('Code');
  if (!(code instanceof Asset)) throw new Error(`${fn.node.path}: no code asset`);
  const file = join(app.outdir, code.assetPath, 'index.mjs');
  if (!existsSync(file)) throw new Error(`${fn.node.path}: no bundle at ${file}`);
  return file;
}

/**
 * References to other resources (table names, ARNs) resolve only on deployment: stand-ins of the same shape
 * let the function's configuration pass its cold-start validation as it would on AWS.
 */
function standIn(key: string): string {
  return key.endsWith('_ARN')
    ? `arn:aws:states:eu-central-1:123456789012:stateMachine:bench-${key.toLowerCase()}`
    : `bench-${key.toLowerCase().replaceAll('_', '-')}`;
}

function environmentOf(fn: DunningFunction): Record<string, string> {
  const cfn = fn.function.node.defaultChild as CfnFunction;
  const resolved: unknown = Stack.of(fn).resolve(cfn.environment);
  const variables =
    typeof resolved === 'object' && resolved !== null && 'variables' in resolved ? resolved.variables : {};
  return Object.fromEntries(
    Object.entries(variables ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : standIn(key),
    ]),
  );
}

export function synthesizedFunctions(app: App, functions: ReadonlyMap<string, DunningFunction>) {
  return [...functions].map(
    ([name, fn]): SynthesizedFunction => ({
      name,
      bundleFile: bundleFileOf(app, fn),
      environment: environmentOf(fn),
    }),
  );
}

/** What the Lambda runtime sets for every function (no credentials are needed: nothing is called). */
const RUNTIME_ENVIRONMENT = {
  AWS_REGION: 'eu-central-1',
  AWS_DEFAULT_REGION: 'eu-central-1',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TZ: ':UTC',
};

interface ColdImport {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * How long one fresh Node process takes to import the handler module, module evaluation included (the
 * handlers build their workflow at import, as on a Lambda cold start), in wall-clock and in CPU time: on a
 * shared machine the wall clock also counts the time other processes had the CPU.
 */
function coldImport(fn: SynthesizedFunction): ColdImport {
  const script = [
    'const cpu = process.cpuUsage();',
    'const started = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(fn.bundleFile).href)});`,
    'const wallMs = performance.now() - started;',
    'const { user, system } = process.cpuUsage(cpu);',
    'process.stdout.write(JSON.stringify({ wallMs, cpuMs: (user + system) / 1000 }));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '--eval', script], {
    env: {
      PATH: process.env.PATH ?? '',
      ...RUNTIME_ENVIRONMENT,
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`${fn.name}: import failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
  }
  return JSON.parse(result.stdout) as ColdImport;
}

export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

export interface BundleFigures {
  readonly name: string;
  readonly bundleBytes: number;
  /** Median wall-clock milliseconds of the cold imports. */
  readonly initMs: number;
  /** Median CPU milliseconds of the same imports (all threads, so garbage collection counts too). */
  readonly initCpuMs: number;
  /** Bytes of the bundle's output per npm package (or `(own code)`), from esbuild's metafile. */
  readonly packages: ReadonlyMap<string, number>;
}

/**
 * Measures every function `runs` times in rounds, one cold import of each function per round, so a passing load
 * on the shared machine falls on every function alike instead of on whichever was being measured then.
 */
export function measureAll(functions: readonly SynthesizedFunction[], runs: number): BundleFigures[] {
  const imports = new Map(functions.map((fn): [SynthesizedFunction, ColdImport[]] => [fn, []]));
  for (let round = 0; round < runs; round++) {
    for (const fn of functions) imports.get(fn)?.push(coldImport(fn));
  }
  return functions.map((fn) => {
    const own = imports.get(fn) ?? [];
    return {
      name: fn.name,
      bundleBytes: statSync(fn.bundleFile).size,
      initMs: median(own.map(({ wallMs }) => wallMs)),
      initCpuMs: median(own.map(({ cpuMs }) => cpuMs)),
      packages: packageBytes(fn.bundleFile),
    };
  });
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** node_modules/@scope/name/… -> @scope/name; everything outside node_modules is the product's own code. */
export function packageOf(input: string): string {
  const parts = input.split('node_modules/');
  const inside = parts.at(-1);
  if (parts.length < 2 || inside === undefined) return '(own code)';
  const segments = inside.split('/');
  return (segments[0]?.startsWith('@') ? segments.slice(0, 2) : segments.slice(0, 1)).join('/');
}

/** Bytes of the bundle per input file, from the metafile esbuild wrote next to it (bundleAnalysis context). */
export function bundledInputs(bundleFile: string): Map<string, number> {
  const metafile = join(bundleFile, '..', 'index.meta.json');
  const bytes = new Map<string, number>();
  if (!existsSync(metafile)) return bytes;
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as Metafile;
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      bytes.set(input, (bytes.get(input) ?? 0) + bytesInOutput);
    }
  }
  return bytes;
}

export function packageBytes(bundleFile: string): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const [input, inputBytes] of bundledInputs(bundleFile)) {
    const name = packageOf(input);
    bytes.set(name, (bytes.get(name) ?? 0) + inputBytes);
  }
  return bytes;
}

/** The PDF renderers (the issue sets them no size target): reported apart. */
export function isRenderFunction(name: string): boolean {
  return name.startsWith('render-');
}

/** Bytes of a bundle that are the AWS SDK (its clients and the Smithy runtime under them). */
export function sdkBytes(packages: ReadonlyMap<string, number>): number {
  let bytes = 0;
  for (const [name, size] of packages) {
    if (name.startsWith('@aws-sdk/') || name.startsWith('@smithy/') || name.startsWith('@aws-crypto/')) {
      bytes += size;
    }
  }
  return bytes;
}
