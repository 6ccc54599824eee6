import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { groupSchema } from '../../functions/api/principal.js';
import { routes } from '../../functions/api/routes.js';
import { API_THROTTLE, PUBLIC_ROUTE } from '../../infra/constructs/caller-http-api.js';
import { MINIMUM_PASSWORD_LENGTH } from '../../infra/constructs/caller-user-pool.js';
import { PAGE_NOT_BUILT_NOTICE } from '../../infra/stacks/web-stack.js';
import { builtPage, removeBuiltPages, type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, propertiesOf } from './template-queries.js';

/** Managed CloudFront policies, by the ids AWS gives them in every account. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

// Templates only: no bundling of the handlers (stacks.test.ts checks the bundles).
let withoutPage: SynthesizedApp;
let withPage: SynthesizedApp;
let pageDirectory: string;
let customized: SynthesizedApp;

beforeAll(() => {
  withoutPage = synthesizeMahnwesen({ full: false });
  pageDirectory = builtPage();
  withPage = synthesizeMahnwesen({ full: false, pageDirectory });
  customized = synthesizeMahnwesen({
    full: false,
    context: {
      webDomainName: 'mahnwesen.example.com',
      webCertificateArn:
        'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-123456789abc',
      callbackUrls: 'http://localhost:5173/app/',
      logoutUrls: 'http://localhost:5173/app/',
    },
  });
}, 120_000);

afterAll(() => {
  removeBuiltPages();
});

function resourcesOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map(
    (resource) => z.object({ Properties: z.record(z.string(), z.unknown()) }).parse(resource).Properties,
  );
}

const routeSchema = z.object({
  RouteKey: z.string(),
  AuthorizationType: z.string(),
  AuthorizerId: z.unknown().optional(),
  Target: z.unknown(),
});

function routesOf(template: Template) {
  return resourcesOf(template, 'AWS::ApiGatewayV2::Route').map((route) => routeSchema.parse(route));
}

describe('the caller API', () => {
  it('has every route of functions/api/routes.ts behind the JWT authorizer', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const authorizers = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));

    // Act
    const byKey = new Map(routesOf(template).map((route) => [route.RouteKey, route]));

    // Assert
    expect(authorizers).toHaveLength(1);
    for (const route of routes) {
      expect(byKey.get(`${route.method} ${route.path}`)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizers[0] },
      });
    }
  });

  it('serves GET /openapi.json without a token, and no other route', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const open = routesOf(template).filter((route) => route.AuthorizationType !== 'JWT');

    // Assert
    expect(open.map((route) => [route.RouteKey, route.AuthorizationType])).toEqual([
      [`${PUBLIC_ROUTE.method} ${PUBLIC_ROUTE.path}`, 'NONE'],
    ]);
    expect(routesOf(template)).toHaveLength(routes.length + 1);
  });

  it('sends every route to the api function of the workflow stack through one integration', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const apiFunction = withoutPage.workflow.functions.get('api');
    if (!apiFunction) throw new Error('no api function');

    // Act
    const integrations = Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'));
    const targets = new Set(routesOf(template).map((route) => flat(route.Target)));

    // Assert
    expect(integrations).toHaveLength(1);
    expect([...targets]).toEqual([flat({ 'Fn::Join': ['', ['integrations/', { Ref: integrations[0] }]] })]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::ImportValue': Match.stringLikeRegexp(logicalIdOf(apiFunction.function)) },
    });
  });

  it('accepts only ID tokens of the web client issued by the callers user pool', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const poolId = logicalIdOf(withoutPage.data.callers.userPool);

    // Act
    const [authorizer] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');

    // Assert
    expect(authorizer).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: logicalIdOf(withoutPage.web.client) }] },
    });
    const issuer = flat(z.object({ JwtConfiguration: z.object({ Issuer: z.unknown() }) }).parse(authorizer));
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain(`ExportsOutputRef${poolId}`);
  });

  it('lets API Gateway invoke the api function from this API only', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const apiId = logicalIdOf(withoutPage.web.api.httpApi);

    // Act
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission');

    // Assert
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
    });
    expect(flat(permissions[0]?.SourceArn)).toContain(apiId);
  });

  it('throttles its stage and writes JSON access logs with the request id and the caller', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const [stage] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage');
    const accessLog = z
      .object({ AccessLogSettings: z.object({ DestinationArn: z.unknown(), Format: z.string() }) })
      .parse(stage).AccessLogSettings;

    // Assert
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
    });
    expect(JSON.parse(accessLog.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      subject: '$context.authorizer.claims.sub',
    });
    expect(accessLog.DestinationArn).toEqual({
      'Fn::GetAtt': [logicalIdOf(withoutPage.web.api.accessLogs), 'Arn'],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});

describe('the callers user pool', () => {
  it('has one group for each role the API knows', () => {
    // Arrange
    const template = withoutPage.dataTemplate;
    const poolId = logicalIdOf(withoutPage.data.callers.userPool);

    // Act
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup');

    // Assert
    expect(groups.map((group) => group.GroupName).sort()).toEqual([...groupSchema.options].sort());
    expect(groupSchema.options).toEqual(['callers', 'supervisors']);
    for (const group of groups) expect(group.UserPoolId).toEqual({ Ref: poolId });
  });

  it('lets only administrators add people, who sign in with a strong password and an authenticator app', () => {
    // Arrange
    const template = withoutPage.dataTemplate;

    // Act
    const [pool] = resourcesOf(template, 'AWS::Cognito::UserPool');

    // Assert
    expect(pool).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: MINIMUM_PASSWORD_LENGTH,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });
});

describe('the web client', () => {
  it('signs in through the hosted UI with the authorization code flow as a public client, back to the page', () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const distributionId = logicalIdOf(withoutPage.web.web.distribution);
    const pageUrl = {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/app/']],
    };

    // Act
    const [client] = resourcesOf(template, 'AWS::Cognito::UserPoolClient');

    // Assert
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      CallbackURLs: [pageUrl],
      LogoutURLs: [pageUrl],
    });
  });

  it('adds the configured callback and logout URLs to the page on its custom domain', () => {
    // Arrange
    const template = customized.webTemplate;

    // Act
    const [client] = resourcesOf(template, 'AWS::Cognito::UserPoolClient');

    // Assert
    expect(client).toMatchObject({
      CallbackURLs: ['https://mahnwesen.example.com/app/', 'http://localhost:5173/app/'],
      LogoutURLs: ['https://mahnwesen.example.com/app/', 'http://localhost:5173/app/'],
    });
  });

  it('gets a hosted UI domain of its own account', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const [domain] = resourcesOf(template, 'AWS::Cognito::UserPoolDomain');

    // Assert
    expect(domain?.Domain).toEqual({ 'Fn::Join': ['', ['mahnwesen-', { Ref: 'AWS::AccountId' }]] });
  });
});

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
    const apiPatterns = ['/tasks*', '/cases*', '/reports*', '/openapi.json'];

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

  it('redirects to /app/ and serves index.html for the paths of the page', () => {
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

  it('writes a config.json for Cognito next to index.html, replacing the local one of the build', () => {
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
    expect(build).toEqual(['index.html']);
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

describe('the outputs of the web stack', () => {
  it('name the page, the API, the user pool, its client and the hosted UI', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const outputs = Object.keys(template.findOutputs('*'));

    // Assert
    expect(outputs).toEqual(
      expect.arrayContaining(['WebUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'HostedUiDomain']),
    );
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::GetAtt': [logicalIdOf(withoutPage.web.api.httpApi), 'ApiEndpoint'] },
    });
    template.hasOutput('UserPoolClientId', { Value: { Ref: logicalIdOf(withoutPage.web.client) } });
  });
});

/** The CloudFront Function's handler, run in a fresh context as CloudFront runs it (no Node globals). */
function viewerRequestHandler(code: string): (event: object) => unknown {
  const handler: unknown = runInNewContext(`${code}; handler`);
  if (typeof handler !== 'function') throw new Error('the CloudFront Function defines no handler');
  return (event) => handler(event);
}

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
