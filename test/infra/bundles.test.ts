import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ANALYSIS_CONTEXT } from '../../infra/constructs/dunning-function.js';
import { functionDefinitions } from '../../infra/function-definitions.js';
import { capabilitiesOf } from '../../infra/function-permissions.js';
import {
  bundledInputs,
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

/** The largest bundle is about 650 KB (the SDK, zod, temporal-polyfill): growing past this is a decision. */
const BUNDLE_LIMIT_KB = 700;
/**
 * Decided: the API signs document links (the S3 client and its presigner, about 120 KB), and the functions that
 * write PDFs carry pdf-lib (about 450 KB); nothing else does.
 */
const LIMIT_KB_OF: Readonly<Record<string, number>> = { api: 800, 'render-print-batch': 1200 };

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

  it('carry the SES client and Powertools idempotency in exactly the functions allowed to send email', () => {
    // Arrange
    const sends = (name: string) => capabilitiesOf(name).includes('send-email');

    // Act
    const mismatched = functions.filter(({ name, bundleFile }) => {
      const packages = packageBytes(bundleFile);
      return (
        packages.has('@aws-sdk/client-sesv2') !== sends(name) ||
        packages.has('@aws-lambda-powertools/idempotency') !== sends(name)
      );
    });

    // Assert
    expect(functions.filter(({ name }) => sends(name)).length).toBeGreaterThanOrEqual(1);
    expect(mismatched.map(({ name }) => name)).toEqual([]);
  });

  it('sign with the credentials Lambda puts in the environment, without the rest of the default chain', () => {
    // Arrange
    const chain = [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/nested-clients',
      '@aws-sdk/credential-provider-sso',
    ];

    // Act
    const wrong = functions.flatMap(({ name, bundleFile }) => {
      const packages = packageBytes(bundleFile);
      const inputs = [...bundledInputs(bundleFile).keys()];
      return [
        ...chain.filter((pkg) => packages.has(pkg)).map((pkg) => `${name} ships ${pkg}`),
        ...(inputs.includes('functions/adapters/lambda-credentials.ts')
          ? []
          : [`${name} lacks the env provider`]),
      ];
    });

    // Assert
    expect(wrong).toEqual([]);
  });

  it('bundle the AWS SDK clients they call (the versions the tests ran with) and stay within their size budget', () => {
    // Arrange
    const sizes = functions.map(({ name, bundleFile }) => {
      const packages = packageBytes(bundleFile);
      const bytes = [...packages.values()].reduce((sum, size) => sum + size, 0);
      return { name, packages, kb: bytes / 1024 };
    });

    // Act
    const withoutSdk = sizes.filter(({ packages }) => !packages.has('@aws-sdk/client-dynamodb'));
    const tooLarge = sizes.filter(({ name, kb }) => kb > (LIMIT_KB_OF[name] ?? BUNDLE_LIMIT_KB));

    // Assert
    expect(withoutSdk.map(({ name }) => name)).toEqual([]);
    expect(tooLarge.map(({ name, kb }) => `${name}: ${kb.toFixed(0)} KB`)).toEqual([]);
  });
});
