import { beforeAll, describe, expect, it } from 'vitest';
import { apiAreas } from '../../functions/api/routes.js';
import { BUNDLE_ANALYSIS_CONTEXT } from '../../infra/constructs/dunning-function.js';
import { functionDefinitions } from '../../infra/function-definitions.js';
import { capabilitiesOf } from '../../infra/function-permissions.js';
import {
  bundledInputs,
  isRenderFunction,
  packageBytes,
  type SynthesizedFunction,
  synthesizedFunctions,
} from '../../scripts/bundle-measure.js';
import { buildMahnwesen } from './synthesize.js';

/**
 * What goes into each Lambda bundle, from the esbuild metafiles of a synth as `npm run bench:bundles` runs it
 * (the same bundling as `npx cdk synth`, plus the metafile).
 */
let functions: SynthesizedFunction[];

beforeAll(() => {
  const { app, stacks } = buildMahnwesen({ context: { [BUNDLE_ANALYSIS_CONTEXT]: true } });
  app.synth();
  functions = synthesizedFunctions(app, stacks.workflow.functions);
}, 240_000);

/**
 * Issue 16's target: every function at most 250 KB minified. The largest are send-reminder (the letters'
 * wording, the combined reminder, the SES client) and the two API functions (their area's routes), each just
 * under it; a function that grows past it needs its share trimmed first (see README, Lambda bundles).
 */
const BUNDLE_LIMIT_KB = 250;
/**
 * The render-* functions carry the product's own PDF writer and the letters' layout (their fonts travel as files
 * next to the bundle); the issue sets them no size target, this keeps them lean all the same.
 */
const RENDER_BUNDLE_LIMIT_KB = 300;

const apiFunctionNames: ReadonlySet<string> = new Set(apiAreas.map((area) => area.functionName));
const isApiFunction = (name: string) => apiFunctionNames.has(name);

function bundleLimitOf(name: string): number {
  return name.startsWith('render-') ? RENDER_BUNDLE_LIMIT_KB : BUNDLE_LIMIT_KB;
}

describe('the Lambda bundles', () => {
  it('leave date-holidays and its time-zone, astronomy and moment packages out: the generated table stands in', () => {
    // Arrange
    const heavy = ['date-holidays', 'date-holidays-parser', 'moment', 'moment-timezone', 'astronomia'];

    // Act
    const shipped = functions.flatMap(({ name, bundleFile }) =>
      [...packageBytes(bundleFile).keys()]
        .filter((pkg) => heavy.includes(pkg))
        .map((pkg) => `${name}: ${pkg}`),
    );

    // Assert
    expect(functions).toHaveLength(functionDefinitions.length);
    expect(shipped).toEqual([]);
  });

  it('carry no temporal-polyfill: dates go through date-fns and @date-fns/tz, a few KB instead of about 54', () => {
    // Act
    const withTemporal = functions
      .filter(({ bundleFile }) => packageBytes(bundleFile).has('temporal-polyfill'))
      .map(({ name }) => name);

    // Assert
    expect(withTemporal).toEqual([]);
  });

  it('carry no module that belongs to another kind of function (PDF rendering, the OpenAPI document, clients the report job never calls)', () => {
    // Arrange: each input pattern with the functions allowed to carry it
    const owners: readonly { input: RegExp; allowed: (name: string) => boolean }[] = [
      // pdf-lib and fontkit (about 1.3 MB, 150 ms of start) are test tools: read back what the writer wrote.
      {
        input: /node_modules\/(pdf-lib|@pdf-lib\/[^/]+|pdfjs-dist|pako|dejavu-fonts-ttf)\//,
        allowed: () => false,
      },
      { input: /^functions\/documents\//, allowed: isRenderFunction },
      // The OpenAPI document is a file of the web build: no function generates it.
      { input: /node_modules\/zod-openapi\//, allowed: () => false },
      { input: /^functions\/api\/openapi\.ts$/, allowed: () => false },
      // Each API function carries its own area's routes and resources, not the other's.
      {
        input:
          /^functions\/api\/(calls-routes|tasks-resource|customer-call-resource|customers-resource)\.ts$/,
        allowed: (name) => name === 'api-calls',
      },
      {
        input:
          /^functions\/api\/(records-routes|document-routes|cases-resource|documents-resource|print-batches-resource|case-file-resource|reports-resource)\.ts$/,
        allowed: (name) => name === 'api-records',
      },
      { input: /^functions\/api\//, allowed: isApiFunction },
      { input: /node_modules\/(aws-cdk-lib|constructs|esbuild|date-holidays[^/]*)\//, allowed: () => false },
      { input: /^(infra|local|scripts|test)\//, allowed: () => false },
      // The report job reads the table only: no case service, so none of the clients it would call.
      {
        input: /^functions\/adapters\/aws\/(stepfunctions|eventbridge|scheduler)\.ts$/,
        allowed: (name) => name !== 'compute-reports',
      },
    ];

    // Act
    const misplaced = functions.flatMap(({ name, bundleFile }) =>
      [...bundledInputs(bundleFile).keys()]
        .filter((input) => owners.some((owner) => owner.input.test(input) && !owner.allowed(name)))
        .map((input) => `${name}: ${input}`),
    );

    // Assert
    expect(misplaced).toEqual([]);
  });

  it('carry zod/mini through the one zod module (which sets it to interpret its parsers), never classic zod', () => {
    // Arrange
    const zodModule = 'functions/domain/zod.ts';
    const classic = /node_modules\/zod\/v4\/classic\//;

    // Act
    const without = functions.filter(({ bundleFile }) => !bundledInputs(bundleFile).has(zodModule));
    const withClassic = functions.flatMap(({ name, bundleFile }) =>
      [...bundledInputs(bundleFile).keys()]
        .filter((input) => classic.test(input))
        .map((input) => `${name}: ${input}`),
    );

    // Assert
    expect(without.map(({ name }) => name)).toEqual([]);
    expect(withClassic).toEqual([]);
  });

  it('carry zod without its translations (imported as a namespace, which esbuild shakes)', () => {
    // Arrange
    const locale = /node_modules\/zod\/v4\/locales\/(?!en\.js)/;

    // Act
    const translations = functions.flatMap(({ name, bundleFile }) =>
      [...bundledInputs(bundleFile).keys()]
        .filter((input) => locale.test(input))
        .map((input) => `${name}: ${input}`),
    );

    // Assert
    expect(translations).toEqual([]);
  });

  it('carry the SES client and the send-once records in exactly the functions allowed to send email', () => {
    // Arrange
    const sends = (name: string) => capabilitiesOf(name).includes('send-email');

    // Act
    const mismatched = functions.filter(({ name, bundleFile }) => {
      const inputs = bundledInputs(bundleFile);
      return (
        inputs.has('functions/adapters/aws/ses.ts') !== sends(name) ||
        inputs.has('functions/adapters/send-once.ts') !== sends(name)
      );
    });

    // Assert
    expect(functions.filter(({ name }) => sends(name)).length).toBeGreaterThanOrEqual(1);
    expect(mismatched.map(({ name }) => name)).toEqual([]);
  });

  it('carry the records only a few functions use (case files, combined reminders, the open-case sweep, customer blocks, reports, customers, queues) in exactly those', () => {
    // Arrange: each adapter with the functions whose handlers install or read it
    const owners = [
      { input: 'functions/adapters/case-file-records.ts', functions: ['api-records', 'handover'] },
      {
        input: 'functions/adapters/case-file-documents.ts',
        functions: ['api-records', 'handover', 'render-case-file'],
      },
      { input: 'functions/adapters/customer-reminders.ts', functions: ['send-reminder'] },
      { input: 'functions/adapters/case-sweep.ts', functions: ['sweep-cases'] },
      { input: 'functions/adapters/customer-blocks.ts', functions: ['case-events', 'start-dunning'] },
      {
        input: 'functions/adapters/report-repository.ts',
        functions: ['api-calls', 'api-records', 'compute-reports'],
      },
      { input: 'functions/adapters/customer-repository.ts', functions: ['api-calls'] },
      { input: 'functions/adapters/caller-tasks.ts', functions: ['api-calls'] },
    ];

    // Act
    const carriers = owners.map(({ input }) => ({
      input,
      functions: functions
        .filter(({ bundleFile }) => bundledInputs(bundleFile).has(input))
        .map(({ name }) => name)
        .sort(),
    }));

    // Assert
    expect(carriers).toEqual(owners);
  });

  it('carry one step contract each: a step function builds its own input schema, not those of the others', () => {
    // Arrange
    const contractsOf = (name: string) => {
      const fn = functions.find((candidate) => candidate.name === name);
      if (!fn) throw new Error(`no function ${name}`);
      return [...bundledInputs(fn.bundleFile)]
        .filter(([input, bytes]) => input.startsWith('functions/workflow/contracts/') && bytes > 0)
        .map(([input]) => input.replace('functions/workflow/contracts/', ''))
        .sort();
    };

    // Act
    const contracts = ['close', 'prepare', 'check-open'].map((name) => [name, contractsOf(name)]);

    // Assert
    expect(contracts).toEqual([
      ['close', ['close.ts', 'fields.ts']],
      ['prepare', ['fields.ts', 'prepare.ts']],
      ['check-open', ['fields.ts', 'next-step.ts']],
    ]);
  });

  it('carry the PDF writer in render-* functions only, and the S3 client only where a document capability allows it', () => {
    // Arrange
    const writer = 'functions/documents/pdf/document.ts';
    const readsDocuments = (name: string) =>
      capabilitiesOf(name).some((capability) => capability.endsWith('-documents'));

    // Act
    const withWriter = functions
      .filter(({ bundleFile }) => bundledInputs(bundleFile).has(writer))
      .map(({ name }) => name)
      .sort();
    const s3Mismatched = functions
      .filter(
        ({ name, bundleFile }) =>
          bundledInputs(bundleFile).has('functions/adapters/aws/s3.ts') !== readsDocuments(name),
      )
      .map(({ name }) => name);

    // Assert
    expect(withWriter).toEqual(['render-case-file', 'render-letter']);
    expect(s3Mismatched).toEqual([]);
  });

  it("carry no AWS SDK: they call AWS through the product's own client (functions/adapters/aws)", () => {
    // Act
    const sdk = functions.flatMap(({ name, bundleFile }) =>
      [...packageBytes(bundleFile).keys()]
        .filter(
          (pkg) =>
            pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/'),
        )
        .map((pkg) => `${name} ships ${pkg}`),
    );

    // Assert
    expect(sdk).toEqual([]);
  });

  it('bundle the DynamoDB client every function reads with, and stay within their size budget', () => {
    // Arrange
    const sizes = functions.map(({ name, bundleFile }) => {
      const packages = packageBytes(bundleFile);
      const bytes = [...packages.values()].reduce((sum, size) => sum + size, 0);
      return { name, packages, kb: bytes / 1024 };
    });

    // Act
    const withoutClient = functions.filter(
      ({ bundleFile }) => !bundledInputs(bundleFile).has('functions/adapters/aws/dynamodb.ts'),
    );
    const tooLarge = sizes.filter(({ name, kb }) => kb > bundleLimitOf(name));

    // Assert
    expect(withoutClient.map(({ name }) => name)).toEqual([]);
    expect(tooLarge.map(({ name, kb }) => `${name}: ${kb.toFixed(0)} KB`)).toEqual([]);
  });
});
