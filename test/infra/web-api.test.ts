import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { groupSchema } from '../../functions/api/principal.js';
import { apiAreas, routes } from '../../functions/api/routes.js';
import { API_THROTTLE } from '../../infra/constructs/caller-http-api.js';
import { MINIMUM_PASSWORD_LENGTH } from '../../infra/constructs/caller-user-pool.js';
import { CUSTOM_DOMAIN_CONTEXT, type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { flat, logicalIdOf, resourcesOf } from './template-queries.js';

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let withoutPage: SynthesizedApp;
let customized: SynthesizedApp;

beforeAll(() => {
  withoutPage = synthesizeMahnwesen({ full: false });
  customized = synthesizeMahnwesen({ full: false, context: CUSTOM_DOMAIN_CONTEXT });
}, 120_000);

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

  it('has no route without a token, none for GET /openapi.json (the page bucket serves it)', () => {
    // Arrange
    const template = withoutPage.webTemplate;

    // Act
    const open = routesOf(template).filter((route) => route.AuthorizationType !== 'JWT');

    // Assert
    expect(open.map((route) => route.RouteKey)).toEqual([]);
    expect(routesOf(template).map((route) => route.RouteKey)).not.toContain('GET /openapi.json');
    expect(routesOf(template)).toHaveLength(routes.length);
  });

  it("sends every route to its area's function of the workflow stack, through one integration per function", () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const integrations = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration'));
    const integrationOf = (functionName: string) => {
      const definition = withoutPage.workflow.functions.get(functionName);
      if (!definition) throw new Error(`no function ${functionName}`);
      const functionId = logicalIdOf(definition.function);
      const found = integrations.find(([, resource]) => flat(resource).includes(functionId));
      if (!found) throw new Error(`no integration for ${functionName}`);
      return flat({ 'Fn::Join': ['', ['integrations/', { Ref: found[0] }]] });
    };

    // Act
    const targets = new Map(routesOf(template).map((route) => [route.RouteKey, flat(route.Target)]));

    // Assert
    expect(integrations).toHaveLength(apiAreas.length);
    for (const { functionName, routes: areaRoutes } of apiAreas) {
      for (const route of areaRoutes) {
        expect(targets.get(`${route.method} ${route.path}`), route.path).toBe(integrationOf(functionName));
      }
    }
    template.resourcePropertiesCountIs(
      'AWS::ApiGatewayV2::Integration',
      { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' },
      apiAreas.length,
    );
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

  it("lets API Gateway invoke each area's function from this API only, with one permission per function", () => {
    // Arrange
    const template = withoutPage.webTemplate;
    const apiId = logicalIdOf(withoutPage.web.api.httpApi);

    // Act
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission');

    // Assert
    expect(permissions).toHaveLength(apiAreas.length);
    for (const permission of permissions) {
      expect(permission).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      expect(flat(permission.SourceArn)).toContain(apiId);
    }
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

describe('the caller API alarm', () => {
  it("notifies the operators' topic of the first server error the API answers", () => {
    // Arrange
    const topicId = logicalIdOf(withoutPage.workflow.alarms.topic);

    // Act
    const alarms = resourcesOf(withoutPage.webTemplate, 'AWS::CloudWatch::Alarm');

    // Assert
    expect(alarms).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ 'Fn::ImportValue': expect.stringContaining(topicId) }],
      }),
    ]);
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
