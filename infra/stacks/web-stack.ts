import { Annotations, Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  CfnUserPoolClient,
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct, IConstruct } from 'constructs';
import { type ApiRouteDefinition, CallerHttpApi } from '../constructs/caller-http-api.js';
import { operatorAlarm } from '../constructs/operations-alarms.js';
import { WebHosting } from '../constructs/web-hosting.js';
import type { DeploymentConfig } from '../deployment-config.js';
import { acknowledgeDistribution, acknowledgePageDeployment } from '../nag.js';

/** What the page asks Cognito for: an ID token with `name`, `email` and `cognito:groups`. */
export const PAGE_SCOPES = ['openid', 'email', 'profile'] as const;

export const PAGE_NOT_BUILT_NOTICE =
  'web/dist did not exist when this template was synthesized, so neither the caller page nor the API ' +
  'description (/openapi.json) is uploaded: run npm run build:web, then deploy again.';

export interface WebStackProps extends StackProps {
  /** The validated deployment configuration (custom domain, sign-in and sign-out URLs). */
  readonly config: DeploymentConfig;
  /** The data stack's pool of callers: the app client, the hosted UI and the authorizer use it. */
  readonly userPool: IUserPool;
  /** The caller API's Lambdas of the workflow stack (api-calls, api-records), by function name. */
  readonly apiFunctions: ReadonlyMap<string, IFunction>;
  /** Every route of the caller API with the function that serves it (functions/api/routes.ts). */
  readonly routes: readonly ApiRouteDefinition[];
  /** The built page (web/dist), or undefined when it was not built: then nothing is uploaded. */
  readonly pageDirectory: string | undefined;
  /** The operators' alarm topic (the workflow stack's OperationsAlarms). */
  readonly alarmTopic: ITopic;
}

/**
 * Everything a caller's browser talks to: the HTTP API (JWT authorizer on the user pool), the pool's app
 * client and hosted UI domain, and the page on S3 + CloudFront, which also routes the API's paths so page
 * and API share one origin. Stateless: the users live in the data stack's pool.
 */
export class WebStack extends Stack {
  readonly web: WebHosting;
  readonly api: CallerHttpApi;
  readonly client: UserPoolClient;
  readonly hostedUi: UserPoolDomain;
  /** Host of the hosted UI, e.g. mahnwesen-123456789012.auth.eu-central-1.amazoncognito.com. */
  readonly hostedUiDomainName: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Cognito prefixes are unique per region across all accounts: the account id makes this one ours.
    this.hostedUi = new UserPoolDomain(this, 'HostedUi', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: `mahnwesen-${Aws.ACCOUNT_ID}` },
    });
    this.hostedUiDomainName = `${this.hostedUi.domainName}.auth.${Aws.REGION}.amazoncognito.com`;

    const customDomain =
      config.webDomainName && config.webCertificateArn
        ? {
            domainName: config.webDomainName,
            certificate: Certificate.fromCertificateArn(this, 'WebCertificate', config.webCertificateArn),
          }
        : undefined;
    this.web = new WebHosting(this, 'Web', { hostedUiDomainName: this.hostedUiDomainName, customDomain });
    acknowledgeDistribution(this.web.distribution, { customDomain: customDomain !== undefined });

    // A public client (no secret in a browser): authorization code with PKCE through the hosted UI, nothing
    // else. The page's own URL is always a callback; the configuration may add more (e.g. a developer's).
    this.client = new UserPoolClient(this, 'WebClient', {
      userPool: props.userPool,
      userPoolClientName: 'mahnwesen-web',
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.web.pageUrl, ...config.callbackUrls],
        logoutUrls: [this.web.pageUrl, ...config.logoutUrls],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // About a working day: after that, the hosted UI (password and authenticator app) again.
      refreshTokenValidity: Duration.hours(12),
      authSessionValidity: Duration.minutes(3),
    });
    // Sign-in happens on the hosted UI only: no password or SRP flow on the client API, just token refresh.
    const cfnClient = this.client.node.defaultChild;
    if (cfnClient instanceof CfnUserPoolClient) cfnClient.explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];

    this.api = new CallerHttpApi(this, 'CallerApi', {
      routes: props.routes,
      handlers: props.apiFunctions,
      userPool: props.userPool,
      userPoolClients: [this.client],
      customDomain:
        config.apiDomainName && config.apiCertificateArn
          ? { domainName: config.apiDomainName, certificateArn: config.apiCertificateArn }
          : undefined,
    });
    operatorAlarm(this, 'ApiServerErrors', props.alarmTopic, {
      description:
        "The caller API answered with a server error (5xx): a caller could not see or record their work. Read the api-calls and api-records functions' logs and the API access log.",
      metric: this.api.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
    });
    this.web.routeToApi(this.api.originDomainName, apiPathPatterns(props.routes));
    if (this.api.domainName) {
      new CfnOutput(this, 'ApiDomainTarget', {
        description: `Add a CNAME from ${this.api.domainName.name} to this name`,
        value: this.api.domainName.regionalDomainName,
      });
    }

    if (props.pageDirectory) {
      const { role } = this.web.deployPage(props.pageDirectory, {
        auth: 'cognito',
        apiBaseUrl: this.web.origin,
        cognito: {
          domain: this.hostedUiDomainName,
          clientId: this.client.userPoolClientId,
          scopes: [...PAGE_SCOPES],
          redirectUri: this.web.pageUrl,
        },
        queueAccess: config.policy.queueAccess,
      });
      acknowledgePageDeployment({
        handler: bucketDeploymentHandler(this),
        role,
        pageBucket: this.web.bucket,
      });
    } else {
      const notice = PAGE_NOT_BUILT_NOTICE;
      Annotations.of(this).addInfo(notice);
      new CfnOutput(this, 'PageNotDeployed', {
        description: 'Why the caller page is missing',
        value: notice,
      });
    }

    new CfnOutput(this, 'WebUrl', { description: 'The caller page', value: this.web.pageUrl });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The caller API (the page reaches it under its own origin, WebUrl without /app/)',
      value: this.api.url,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Cognito user pool of callers and supervisors',
      value: props.userPool.userPoolId,
    });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'App client of the page (the JWT audience)',
      value: this.client.userPoolClientId,
    });
    new CfnOutput(this, 'HostedUiDomain', {
      description: 'Cognito hosted UI where callers sign in',
      value: this.hostedUiDomainName,
    });
  }
}

/** The Lambda all BucketDeployments of a stack share (a singleton CDK creates at the stack's root). */
function bucketDeploymentHandler(stack: Stack): IConstruct {
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!handler) throw new Error(`${stack.node.path} has no BucketDeployment Lambda`);
  return handler;
}

/**
 * CloudFront path patterns for the API: one per first path segment. /openapi.json is not among them: the web
 * build writes the API's description into the page's bucket, where the page's behaviour finds it.
 */
export function apiPathPatterns(routes: readonly ApiRouteDefinition[]): string[] {
  const firstSegments = routes.map((route) => route.path.split('/')[1] ?? '').filter((part) => part !== '');
  return [...new Set(firstSegments)].map((segment) => `/${segment}*`);
}
