import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PAGE_NOT_BUILT_NOTICE } from '../../infra/stacks/web-stack.js';
import { builtPage, removeBuiltPages, type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { logicalIdOf, resourcesOf } from './template-queries.js';

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let withoutPage: SynthesizedApp;
let withPage: SynthesizedApp;
let pageDirectory: string;

beforeAll(() => {
  withoutPage = synthesizeMahnwesen({ full: false });
  pageDirectory = builtPage();
  withPage = synthesizeMahnwesen({ full: false, pageDirectory });
}, 120_000);

afterAll(() => {
  removeBuiltPages();
});

const deploymentSchema = z.object({
  SourceObjectKeys: z.array(z.string()),
  SourceMarkers: z.array(z.record(z.string(), z.unknown())).optional(),
  DestinationBucketName: z.unknown(),
  DestinationBucketKeyPrefix: z.string(),
  Prune: z.boolean(),
  SystemMetadata: z.record(z.string(), z.string()),
});

describe('the page upload', () => {
  it('uploads nothing and says why when web/dist was not built', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const deployments = resourcesOf(template, 'Custom::CDKBucketDeployment');

    // Assert
    expect(deployments).toEqual([]);
    template.hasOutput('PageNotDeployed', { Value: PAGE_NOT_BUILT_NOTICE });
    expect(PAGE_NOT_BUILT_NOTICE).toContain('npm run build:web');
  });

  it('uploads the hashed assets for a year and the rest revalidated, into the page bucket under app/', () => {
    // Arrange
    const template = withPage.webTemplate;
    const bucketId = logicalIdOf(withPage.web.web.bucket);

    // Act
    const deployments = resourcesOf(template, 'Custom::CDKBucketDeployment').map((deployment) =>
      deploymentSchema.parse(deployment),
    );

    // Assert
    expect(
      deployments.map((deployment) => [deployment.DestinationBucketKeyPrefix, deployment.SystemMetadata]),
    ).toEqual(
      expect.arrayContaining([
        ['app/assets/', { 'cache-control': 'public, max-age=31536000, immutable' }],
        ['app/', { 'cache-control': 'no-cache' }],
      ]),
    );
    for (const deployment of deployments) {
      expect(deployment.DestinationBucketName).toEqual({ Ref: bucketId });
      expect(deployment.Prune).toBe(false);
    }
    expect(template.findOutputs('PageNotDeployed')).toEqual({});
  });

  it('writes a config.json for Cognito next to index.html and openapi.json, replacing the local one of the build', () => {
    // Arrange
    const assembly = withPage.app.synth();
    const entry = resourcesOf(withPage.webTemplate, 'Custom::CDKBucketDeployment')
      .map((deployment) => deploymentSchema.parse(deployment))
      .find((deployment) => deployment.DestinationBucketKeyPrefix === 'app/');
    if (!entry) throw new Error('no deployment of the page');
    const [buildKey = '', configKey = ''] = entry.SourceObjectKeys;
    const markers = entry.SourceMarkers?.[1] ?? {};

    // Act
    const build = readdirOfAsset(assembly.directory, buildKey);
    const written = readFileSync(
      join(assembly.directory, `asset.${configKey.replace(/\.zip$/, '')}`, 'config.json'),
      'utf8',
    );
    const resolved: unknown = JSON.parse(
      Object.entries(markers).reduce(
        (text, [marker, value]) => text.replaceAll(marker, tokenName(value)),
        written,
      ),
    );

    // Assert
    expect(build).toEqual(['index.html', 'openapi.json']);
    const distribution = logicalIdOf(withPage.web.web.distribution);
    expect(resolved).toEqual({
      auth: 'cognito',
      apiBaseUrl: `https://${distribution}.DomainName`,
      cognito: {
        domain: `${logicalIdOf(withPage.web.hostedUi)}.auth.AWS::Region.amazoncognito.com`,
        clientId: logicalIdOf(withPage.web.client),
        scopes: ['openid', 'email', 'profile'],
        redirectUri: `https://${distribution}.DomainName/app/`,
      },
      queueAccess: withPage.config.policy.queueAccess,
    });
  });

  it('records no path of the machine that synthesized it', () => {
    // Arrange
    const machinePaths = [pageDirectory, tmpdir(), withPage.app.outdir];

    // Act
    const template = JSON.stringify(withPage.webTemplate.toJSON());

    // Assert
    for (const path of machinePaths) expect(template).not.toContain(path);
  });
});

/** A CloudFormation reference as readable text: `Id` for a Ref, `Id.Attribute` for a GetAtt. */
function tokenName(value: unknown): string {
  const reference = z
    .union([
      z.object({ Ref: z.string() }).transform((ref) => ref.Ref),
      z
        .object({ 'Fn::GetAtt': z.tuple([z.string(), z.string()]) })
        .transform((att) => att['Fn::GetAtt'].join('.')),
    ])
    .parse(value);
  return reference;
}

function readdirOfAsset(directory: string, objectKey: string): string[] {
  return readdirSync(join(directory, `asset.${objectKey.replace(/\.zip$/, '')}`)).sort();
}
