import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** Vite builds the page with `base: '/app/'` (web/vite.config.ts); the bucket holds it under the same prefix. */
export const PAGE_PATH = '/app/';
/**
 * The caller API's OpenAPI document: the web build writes it next to index.html (web/vite.config.ts), so the
 * bucket holds it under the page's prefix; the page's routing serves it at this path of the origin.
 */
export const OPENAPI_PATH = '/openapi.json';
/** How long access logs of the bucket and the distribution are kept, like the other operational logs. */
export const ACCESS_LOG_RETENTION = Duration.days(90);

/** The upload of the built page: the deployments and the role their (shared) Lambda runs as. */
export interface PageDeployment {
  readonly deployments: BucketDeployment[];
  readonly role: iam.Role;
}

export interface WebHostingProps {
  /** Host of Cognito's hosted UI: the page exchanges the authorization code there (CSP connect-src). */
  readonly hostedUiDomainName: string;
  /**
   * A custom domain with its us-east-1 certificate.
   *
   * @default - the distribution's own *.cloudfront.net name
   */
  readonly customDomain?: { readonly domainName: string; readonly certificate: ICertificate };
}

/**
 * The caller page as a private S3 bucket behind CloudFront (origin access control, TLS only). Security
 * headers on every response, access logs of bucket and distribution in a log bucket. `routeToApi` adds the
 * API's paths on the same distribution; `deployPage` uploads the page's files.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** The page's host name: the custom domain, or the distribution's *.cloudfront.net name. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);

    // Server access logs of the bucket and CloudFront standard logs. CloudFront's standard logging writes
    // with an ACL grant, so this bucket keeps ACLs enabled (bucket owner preferred); nothing in it is public.
    this.logBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: ACCESS_LOG_RETENTION }],
      // Logs outlive a `cdk destroy` (they may be needed to investigate); they expire on their own.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The page is a build output: `npm run build:web` and a deploy restore it, so no versioning.
    this.bucket = new Bucket(this, 'Page', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3-page/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const pageOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Mahnwesen: security headers for the caller page and API',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(props.hostedUiDomainName),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    // `/` and anything outside the page redirect to it; directory paths inside it serve its index.html; the
    // API's description is the page's file. It is uploaded like index.html (Cache-Control: no-cache), so
    // browsers revalidate it on every load and the edge keeps it for CachingOptimized's minimum TTL (1 s):
    // a deploy shows at once, without an invalidation.
    const pageRouting = new CloudFrontFunction(this, 'PageRouting', {
      comment: `Redirects to ${PAGE_PATH}, serves index.html for its directory paths and ${OPENAPI_PATH}`,
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(pageRoutingCode(PAGE_PATH, OPENAPI_PATH)),
    });
    const page: BehaviorOptions = {
      origin: pageOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: this.responseHeadersPolicy,
      functionAssociations: [{ function: pageRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Mahnwesen caller page and API',
      defaultBehavior: page,
      additionalBehaviors: { [`${PAGE_PATH}*`]: page },
      // TLS 1.2 or newer for viewers. CloudFront applies a security policy only with an own certificate:
      // its default *.cloudfront.net certificate is fixed at the TLSv1 policy.
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: props.customDomain.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Callers work in Germany: edge locations in Europe and North America are enough and cost least.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
    });
    this.domainName = props.customDomain?.domainName ?? this.distribution.distributionDomainName;
  }

  /**
   * Sends `pathPatterns` (e.g. `/tasks*`) to the HTTP API at `apiDomainName`
   * (`{api-id}.execute-api.{region}.amazonaws.com`): page and API share one origin, so the browser needs no
   * CORS. Never cached; every viewer header but Host goes to API Gateway (with caching disabled that
   * includes Authorization), so the JWT authorizer sees the caller's token.
   */
  routeToApi(apiDomainName: string, pathPatterns: readonly string[]): void {
    const origin = new HttpOrigin(apiDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    for (const pattern of pathPatterns) {
      this.distribution.addBehavior(pattern, origin, {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.responseHeadersPolicy,
      });
    }
  }

  /** https://{host}/app/: where the page lives, and where Cognito sends the browser back to. */
  get pageUrl(): string {
    return `https://${this.domainName}${PAGE_PATH}`;
  }

  /** https://{host}: the origin the page calls the API on. */
  get origin(): string {
    return `https://${this.domainName}`;
  }

  /**
   * Uploads the built page from `distDirectory` (web/dist) with `configJson` as its config.json. Hashed
   * files under assets/ are cached for a year and never pruned (an open tab may still load them); index.html,
   * config.json and openapi.json are revalidated on every load, so a deploy takes effect at once.
   */
  deployPage(distDirectory: string, configJson: Record<string, unknown>): PageDeployment {
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of CDK's default with AWSLambdaBasicExecutionRole (which may write to every log
    // group): the deployment Lambda writes only to its log group; BucketDeployment adds the S3 grants.
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the Mahnwesen caller page to its bucket (CDK BucketDeployment)',
    });
    logGroup.grantWrite(role);
    const deployments: BucketDeployment[] = [];
    const assets = join(distDirectory, 'assets');
    if (existsSync(assets)) {
      deployments.push(
        new BucketDeployment(this, 'DeployPageAssets', {
          sources: [Source.asset(assets)],
          destinationBucket: this.bucket,
          destinationKeyPrefix: `${PAGE_PATH.slice(1)}assets/`,
          prune: false,
          cacheControl: [
            CacheControl.setPublic(),
            CacheControl.maxAge(Duration.days(365)),
            CacheControl.immutable(),
          ],
          logGroup,
          role,
        }),
      );
    }
    const entry = new BucketDeployment(this, 'DeployPage', {
      sources: [
        Source.asset(distDirectory, { exclude: ['assets', 'config.json'] }),
        Source.jsonData('config.json', configJson),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: PAGE_PATH.slice(1),
      prune: false,
      cacheControl: [CacheControl.noCache()],
      logGroup,
      role,
    });
    // index.html names the new hashed files: they must be there first.
    for (const deployment of deployments) entry.node.addDependency(deployment);
    deployments.push(entry);
    return { deployments, role };
  }
}

/**
 * The page loads scripts, styles and data only from its own origin; it talks to the API on the same origin
 * and to Cognito's token endpoint. No frames, no plugins, no inline script.
 */
export function contentSecurityPolicy(hostedUiDomainName: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' https://${hostedUiDomainName}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A CloudFront Function (cloudfront-js-2.0) for the viewer requests of the page. */
function pageRoutingCode(pagePath: string, openApiPath: string): string {
  return `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '${openApiPath}') {
    request.uri = '${pagePath}${openApiPath.slice(1)}';
    return request;
  }
  if (uri.indexOf('${pagePath}') !== 0) {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '${pagePath}' } } };
  }
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment === '' || lastSegment.indexOf('.') === -1) {
    request.uri = '${pagePath}index.html';
  }
  return request;
}`;
}
