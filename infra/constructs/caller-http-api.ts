import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Per stage, for all callers together: a team of callers clicking through tasks needs a few requests per
 * second; the limits stop a runaway script long before it costs money or floods the table.
 */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface ApiRouteDefinition {
  /** The HTTP method of the route. */
  readonly method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax, e.g. /tasks/{id}/claim. */
  readonly path: string;
  /** The Lambda that serves the route (its area's function, a key of `handlers`). */
  readonly functionName: string;
}

export interface CallerHttpApiProps {
  /** Every route of the caller API (functions/api/routes.ts); each needs a token of the user pool. */
  readonly routes: readonly ApiRouteDefinition[];
  /** The caller API's Lambdas by function name (api-calls, api-records): each serves its area's routes. */
  readonly handlers: ReadonlyMap<string, IFunction>;
  /** The pool whose ID tokens the JWT authorizer accepts (the token issuer). */
  readonly userPool: IUserPool;
  /** The clients whose ID tokens the API accepts (the JWT audience). */
  readonly userPoolClients: readonly IUserPoolClient[];
  /**
   * The API's own host name and its regional ACM certificate: CloudFront then reaches the API there, and the
   * default execute-api endpoint is switched off, so the API has one way in.
   *
   * @default - none: the execute-api endpoint stays on, as CloudFront's only way to the API
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
}

/**
 * The caller API: an HTTP API whose routes go to their area's Lambda, each behind a JWT authorizer that
 * accepts ID tokens of the user pool's web client only (issuer = the pool, audience = the client). The
 * handler reads the verified claims and checks the caller's groups again itself. One $default stage with
 * throttling and JSON access logs.
 */
export class CallerHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly authorizer: HttpUserPoolAuthorizer;
  /** The routes as created, keyed `METHOD path` (e.g. `GET /tasks/{id}`). */
  readonly routes: ReadonlyMap<string, HttpRoute>;
  /** The API's custom domain, when it has one. */
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, props: CallerHttpApiProps) {
    super(scope, id);

    this.authorizer = new HttpUserPoolAuthorizer('CallerAuthorizer', props.userPool, {
      userPoolClients: [...props.userPoolClients],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Mahnwesen caller API: tasks, cases and reports for callers and supervisors',
      defaultAuthorizer: this.authorizer,
      // The page and the API share the CloudFront origin, so no browser needs CORS.
      createDefaultStage: false,
      // Without a custom domain the execute-api endpoint is CloudFront's only way to the API; the JWT
      // authorizer guards it like any other way in. With one, it is switched off.
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { ...API_THROTTLE },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Who (the token's subject, never a name or an email), what, and how it went; no bodies, no tokens.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            subject: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // One integration and one resource-based permission per function instead of one per route.
    const integrations = new Map(
      [...props.handlers].map(([functionName, handler]) => [
        functionName,
        new HttpLambdaIntegration(`${functionName}-integration`, handler, {
          scopePermissionToRoute: false,
        }),
      ]),
    );
    const routes = new Map<string, HttpRoute>();
    for (const route of props.routes) {
      const integration = integrations.get(route.functionName);
      if (!integration)
        throw new Error(`no function ${route.functionName} for ${route.method} ${route.path}`);
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
      });
      if (created) routes.set(`${route.method} ${route.path}`, created);
    }
    this.routes = routes;

    if (props.customDomain) {
      this.domainName = new DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
      });
      new ApiMapping(this, 'ApiMapping', {
        api: this.httpApi,
        domainName: this.domainName,
        stage: this.stage,
      });
    }
  }

  /** The host name CloudFront reaches the API under: the custom domain, or the execute-api endpoint's. */
  get originDomainName(): string {
    return this.domainName
      ? this.domainName.name
      : `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  /** https://{api-id}.execute-api.{region}.amazonaws.com (the $default stage has no path of its own). */
  get url(): string {
    return this.domainName ? `https://${this.domainName.name}` : this.httpApi.apiEndpoint;
  }
}
