import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes } from '../../functions/api/routes.js';
import { CUSTOM_DOMAIN_CONTEXT, type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, propertiesOf, resourcesOf } from './template-queries.js';

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let withoutPage: SynthesizedApp;
let customized: SynthesizedApp;
let withApiDomain: SynthesizedApp;

const API_DOMAIN_CONTEXT = {
  ...CUSTOM_DOMAIN_CONTEXT,
  apiDomainName: 'api.mahnwesen.example.com',
  apiCertificateArn: 'arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-123456789abd',
};

beforeAll(() => {
  withoutPage = synthesizeMahnwesen({ full: false });
  customized = synthesizeMahnwesen({ full: false, context: CUSTOM_DOMAIN_CONTEXT });
  withApiDomain = synthesizeMahnwesen({ full: false, context: API_DOMAIN_CONTEXT });
}, 120_000);

/** Managed CloudFront policies, by the ids AWS gives them in every account. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const behaviorSchema = z.object({
  PathPattern: z.string(),
  TargetOriginId: z.string(),
  CachePolicyId: z.string(),
  OriginRequestPolicyId: z.string().optional(),
  ViewerProtocolPolicy: z.string(),
  AllowedMethods: z.array(z.string()).optional(),
  ResponseHeadersPolicyId: z.unknown(),
});
const distributionSchema = z.object({
  DistributionConfig: z.object({
    Origins: z.array(
      z.object({
        Id: z.string(),
        DomainName: z.unknown(),
        OriginAccessControlId: z.unknown().optional(),
        CustomOriginConfig: z
          .object({ OriginProtocolPolicy: z.string(), OriginSSLProtocols: z.array(z.string()) })
          .optional(),
      }),
    ),
    DefaultCacheBehavior: behaviorSchema.omit({ PathPattern: true }),
    CacheBehaviors: z.array(behaviorSchema),
    Logging: z.object({ Bucket: z.unknown(), Prefix: z.string() }),
    Aliases: z.array(z.string()).optional(),
    ViewerCertificate: z.record(z.string(), z.unknown()).optional(),
  }),
});

function bucketPolicyOf(synthesized: SynthesizedApp) {
  const policy = synthesized.web.web.bucket.policy;
  if (!policy) throw new Error('the page bucket has no policy');
  return policy;
}

function distributionOf(synthesized: SynthesizedApp) {
  return distributionSchema.parse(
    propertiesOf(synthesized.webTemplate, logicalIdOf(synthesized.web.web.distribution)),
  ).DistributionConfig;
}

describe('the web distribution', () => {
  it('serves the page from a private, encrypted, TLS-only bucket through origin access control', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const bucketId = logicalIdOf(withoutPage.web.web.bucket);
    const distributionId = logicalIdOf(withoutPage.web.web.distribution);

    // Act
    const pageOrigin = distributionOf(withoutPage).Origins.find((origin) =>
      flat(origin.DomainName).includes(bucketId),
    );

    // Assert
    expect(pageOrigin?.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    expect(propertiesOf(template, bucketId)).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalIdOf(withoutPage.web.web.logBucket) } },
    });
    const policy = flat(propertiesOf(template, logicalIdOf(bucketPolicyOf(withoutPage))));
    expect(policy).toContain('{"Bool":{"aws:SecureTransport":"false"}}');
    expect(policy).toContain('"Action":"s3:GetObject"');
    expect(policy).toContain('"Principal":{"Service":"cloudfront.amazonaws.com"}');
    expect(policy).toContain(`":distribution/",{"Ref":"${distributionId}"}`);
  });

  it('routes the API paths uncached to the HTTP API, with the Authorization header, and the rest to the page', () => {
    // Arrange
    const distribution = distributionOf(withoutPage);
    const apiOrigin = distribution.Origins.find((origin) => origin.CustomOriginConfig !== undefined);
    const apiPatterns = ['/tasks*', '/cases*', '/search*', '/customers*', '/reports*', '/print-batches*'];

    // Act
    const byPattern = new Map(
      distribution.CacheBehaviors.map((behavior) => [behavior.PathPattern, behavior]),
    );

    // Assert
    expect([...byPattern.keys()].sort()).toEqual(['/app/*', ...apiPatterns].sort());
    expect(flat(apiOrigin?.DomainName)).toContain(logicalIdOf(withoutPage.web.api.httpApi));
    expect(apiOrigin?.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    for (const pattern of apiPatterns) {
      expect(byPattern.get(pattern)).toMatchObject({
        TargetOriginId: apiOrigin?.Id,
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['GET', 'POST']),
      });
    }
    expect(byPattern.get('/app/*')?.TargetOriginId).toBe(distribution.DefaultCacheBehavior.TargetOriginId);
    expect(distribution.DefaultCacheBehavior.TargetOriginId).not.toBe(apiOrigin?.Id);
  });

  it('covers the first path segment of every API route', () => {
    // Arrange
    const patterns = distributionOf(withoutPage).CacheBehaviors.map((behavior) => behavior.PathPattern);

    // Act
    const uncovered = routes.filter(
      (route) => !patterns.some((pattern) => route.path.startsWith(pattern.replace(/\*$/, ''))),
    );

    // Assert
    expect(uncovered).toEqual([]);
  });

  it('adds security headers to every response and logs every request', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const distribution = distributionOf(withoutPage);
    const policyId = logicalIdOf(withoutPage.web.web.responseHeadersPolicy);

    // Act
    const behaviors = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors];
    const headers = flat(propertiesOf(template, policyId));

    // Assert
    for (const behavior of behaviors) expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(headers).toContain("default-src 'self'");
    expect(headers).toContain("frame-ancestors 'none'");
    expect(headers).toContain(logicalIdOf(withoutPage.web.hostedUi));
    expect(headers).toContain('"StrictTransportSecurity":{"AccessControlMaxAgeSec":31536000');
    expect(headers).toContain('"FrameOption":"DENY"');
    expect(distribution.Logging).toMatchObject({
      Bucket: { 'Fn::GetAtt': [logicalIdOf(withoutPage.web.web.logBucket), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('redirects to /app/, serves index.html for the paths of the page and /openapi.json from the page', () => {
    // Arrange
    const [fn] = resourcesOf(withoutPage.webTemplate, 'AWS::CloudFront::Function');
    const code = z.object({ FunctionCode: z.string() }).parse(fn).FunctionCode;
    const handler = viewerRequestHandler(code);
    const requestFor = (uri: string) => ({ request: { uri, method: 'GET', headers: {} } });

    // Act
    const results = [
      '/',
      '/tasks.html',
      '/app',
      '/app/',
      '/app/queue',
      '/app/assets/a.js',
      '/app/config.json',
      '/openapi.json',
      '/openapi.json/x',
    ].map((uri) => handler(requestFor(uri)));

    // Assert
    expect(results).toEqual([
      expect.objectContaining({ statusCode: 302, headers: { location: { value: '/app/' } } }),
      expect.objectContaining({ statusCode: 302 }),
      expect.objectContaining({ statusCode: 302 }),
      expect.objectContaining({ uri: '/app/index.html' }),
      expect.objectContaining({ uri: '/app/index.html' }),
      expect.objectContaining({ uri: '/app/assets/a.js' }),
      expect.objectContaining({ uri: '/app/config.json' }),
      expect.objectContaining({ uri: '/app/openapi.json' }),
      expect.objectContaining({ statusCode: 302 }),
    ]);
  });

  it('requires TLS 1.2 from viewers on a configured custom domain', () => {
    // Arrange
    const distribution = distributionOf(customized);

    // Act
    const certificate = distribution.ViewerCertificate;

    // Assert
    expect(distribution.Aliases).toEqual(['mahnwesen.example.com']);
    expect(certificate).toMatchObject({
      AcmCertificateArn: expect.stringMatching(/^arn:aws:acm:us-east-1:/),
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });
});

/** The CloudFront Function's handler, run in a fresh context as CloudFront runs it (no Node globals). */
function viewerRequestHandler(code: string): (event: object) => unknown {
  const handler: unknown = runInNewContext(`${code}; handler`);
  if (typeof handler !== 'function') throw new Error('the CloudFront Function defines no handler');
  return (event) => handler(event);
}

describe('the way into the API', () => {
  it('is the execute-api endpoint while the API has no domain of its own', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const [api] = resourcesOf(template, 'AWS::ApiGatewayV2::Api');

    // Assert
    expect(api).toMatchObject({ DisableExecuteApiEndpoint: false });
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  it("is only the API's own domain once it has one, which CloudFront then reaches it under", () => {
    // Arrange
    const template = withApiDomain.webTemplate;

    // Act
    const [api] = resourcesOf(template, 'AWS::ApiGatewayV2::Api');
    const apiOrigin = distributionOf(withApiDomain).Origins.find((origin) => origin.CustomOriginConfig);

    // Assert
    expect(api).toMatchObject({ DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: API_DOMAIN_CONTEXT.apiDomainName,
      DomainNameConfigurations: [{ CertificateArn: API_DOMAIN_CONTEXT.apiCertificateArn }],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const domainName = withApiDomain.web.api.domainName;
    if (!domainName) throw new Error('the API has no custom domain');
    // The DomainName resource's Ref is its host name.
    expect(apiOrigin?.DomainName).toEqual({ Ref: logicalIdOf(domainName) });
    expect(Object.keys(template.findOutputs('ApiDomainTarget'))).toEqual(['ApiDomainTarget']);
  });
});
