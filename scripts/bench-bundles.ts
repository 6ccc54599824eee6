import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { BUNDLE_ANALYSIS_CONTEXT } from '../infra/constructs/dunning-function.js';
import { addMahnwesenStacks } from '../infra/mahnwesen-app.js';
import { repositoryRoot } from '../statemachines/asl.js';
import { cdkJsonContext } from '../test/infra/synthesize.js';
import {
  type BundleFigures,
  isRenderFunction,
  measureAll,
  sdkBytes,
  synthesizedFunctions,
} from './bundle-measure.js';

/**
 * `npm run bench:bundles`: synthesizes the CDK app as `cdk synth` does (cdk.json context, the same
 * NodejsFunction bundling), then prints per function the minified bundle size and the median of several cold
 * imports, each in a fresh Node process with the function's synthesized environment. Targets: <= 250 KB and
 * <= 100 ms per function. Functions named `render-*` (PDF letters and files, the product's own PDF writer) are
 * listed apart and held to the init target only. `--packages N` also lists each function's N largest packages
 * (esbuild metafile).
 */
const TARGET_KB = 250;
const TARGET_MS = 100;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    packages: { type: 'string', default: '0' },
  },
});
const runs = Number(values.runs);
const topPackages = Number(values.packages);
if (!Number.isInteger(runs) || runs < 5) throw new Error('--runs must be a whole number >= 5');

// Inside the repository, so a package left out of the bundles (external) resolves from its node_modules as
// the runtime's own copy would on Lambda, and its loading counts.
const cacheDirectory = join(repositoryRoot, 'node_modules', '.cache');
mkdirSync(cacheDirectory, { recursive: true });
const outdir = mkdtempSync(join(cacheDirectory, 'bench-bundles-'));
try {
  const app = new App({ outdir, context: { ...cdkJsonContext(), [BUNDLE_ANALYSIS_CONTEXT]: true } });
  const stacks = addMahnwesenStacks(app);
  app.synth();
  const figures = measureAll(synthesizedFunctions(app, stacks.workflow.functions), runs);
  const renderers = figures.filter((f) => isRenderFunction(f.name));
  printHeader();
  printTable(figures.filter((f) => !isRenderFunction(f.name)));
  if (renderers.length > 0) {
    console.log(`\nPDF renderers (no size target, init <= ${TARGET_MS} ms):\n`);
    printTable(renderers);
  }
  if (topPackages > 0) printPackages(figures, topPackages);
  const missed = figures.filter(
    (f) => (!isRenderFunction(f.name) && f.bundleBytes / 1024 > TARGET_KB) || f.initMs > TARGET_MS,
  );
  console.log(
    missed.length === 0
      ? `\nevery function meets the targets (<= ${TARGET_KB} KB, <= ${TARGET_MS} ms init)`
      : `\nover a target (${TARGET_KB} KB / ${TARGET_MS} ms): ${missed.map((f) => f.name).join(', ')}`,
  );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

function printHeader() {
  const load = loadavg().map((value) => value.toFixed(1));
  console.log(
    `median of ${runs} cold imports per function; node ${process.version}; load average ${load.join(' ')}\n`,
  );
}

/** The SDK's share is printed beside the size: it is bundled (the versions the tests ran with), see README. */
function printTable(figures: readonly BundleFigures[]) {
  const kb = (bytes: number) => (bytes / 1024).toFixed(0);
  console.log(
    '| function | bundle KB (minified) | of it AWS SDK KB | without SDK KB | init ms (median) | init CPU ms (median) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const f of figures) {
    const sdk = sdkBytes(f.packages);
    console.log(
      `| ${f.name} | ${kb(f.bundleBytes)} | ${kb(sdk)} | ${kb(f.bundleBytes - sdk)} | ${f.initMs.toFixed(0)} | ${f.initCpuMs.toFixed(0)} |`,
    );
  }
}

function printPackages(figures: readonly BundleFigures[], top: number) {
  for (const f of figures) {
    const largest = [...f.packages].toSorted(([, a], [, b]) => b - a).slice(0, top);
    console.log(
      `\n${f.name}: ${largest.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KB`).join(', ')}`,
    );
  }
}
