import { type AwsCredentials, credentialsFromEnvironment, regionFromEnvironment } from './credentials.js';
import { jsonError, xmlError } from './errors.js';
import { type HttpResponse, sendHttp } from './http.js';
import { RetryQuota, withRetries } from './retry.js';
import { presignUrl, signRequest } from './signing.js';

/** How a service is reached and signed. */
export interface ServiceSpec {
  /** The suffix of its AWS_ENDPOINT_URL_<SERVICE> variable, as the SDK names it (DYNAMODB, SESV2, SFN, ...). */
  endpointVariable: string;
  /** The first label of its regional host name (dynamodb, email, states, events, scheduler, s3). */
  hostPrefix: string;
  /** The SigV4 signing name (dynamodb, ses, states, events, scheduler, s3). */
  signingName: string;
  /** How the service writes an error: JSON (with x-amzn-ErrorType) or S3's XML. */
  errors: 'json' | 'xml';
}

/** For tests and the local stack's own reads: what the environment gives otherwise. */
export interface AwsClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: AwsCredentials;
  maxAttempts?: number;
  /** How long a socket may stay silent before the attempt fails (and is retried). */
  timeoutMs?: number;
}

export interface AwsRequest {
  method: string;
  /** Path with its segments URI-encoded, from the endpoint's root. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** Five times the SDK's usual answer time and well inside a function's 30 s. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** Signed, retried HTTP to one AWS service; endpoint, region and credentials come from the environment. */
export class AwsClient {
  private readonly retryQuota = new RetryQuota();

  constructor(
    private readonly spec: ServiceSpec,
    private readonly options: AwsClientOptions = {},
  ) {}

  region(): string {
    return this.options.region ?? regionFromEnvironment();
  }

  credentials(): AwsCredentials {
    return this.options.credentials ?? credentialsFromEnvironment();
  }

  /** The service's endpoint: given, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, or the regional one. */
  endpoint(): URL {
    const configured =
      this.options.endpoint ??
      process.env[`AWS_ENDPOINT_URL_${this.spec.endpointVariable}`] ??
      process.env.AWS_ENDPOINT_URL;
    return new URL(configured ?? `https://${this.spec.hostPrefix}.${this.region()}.amazonaws.com`);
  }

  /** Whether the endpoint is a configured one (a local emulator): S3 then takes the bucket in the path. */
  hasCustomEndpoint(): boolean {
    return (
      this.options.endpoint !== undefined ||
      process.env[`AWS_ENDPOINT_URL_${this.spec.endpointVariable}`] !== undefined ||
      process.env.AWS_ENDPOINT_URL !== undefined
    );
  }

  /** Sends the request, retrying as the SDK's standard mode does; a status >= 300 throws an AwsServiceError. */
  send(request: AwsRequest, endpoint: URL = this.endpoint()): Promise<HttpResponse> {
    return withRetries(() => this.attempt(request, endpoint), {
      maxAttempts: this.options.maxAttempts,
      quota: this.retryQuota,
    });
  }

  /** A GET link for the request, signed in its query (S3 presigned URLs). */
  presign(request: AwsRequest, expiresInSeconds: number, endpoint: URL = this.endpoint()): string {
    return presignUrl(urlOf(endpoint, request), expiresInSeconds, this.scope());
  }

  /** Nothing to release: the keep-alive agents are shared per process. Kept for the SDK clients' shape. */
  destroy(): void {}

  private scope() {
    return { credentials: this.credentials(), region: this.region(), service: this.spec.signingName };
  }

  private async attempt(request: AwsRequest, endpoint: URL): Promise<HttpResponse> {
    const url = urlOf(endpoint, request);
    const body = request.body ?? '';
    const headers = signRequest(
      {
        method: request.method,
        url,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(body)) },
        body,
      },
      this.scope(),
    );
    const response = await sendHttp(
      url,
      request.method,
      headers,
      body,
      this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (response.statusCode < 300) return response;
    const requestId = headerOf(response, 'x-amzn-requestid') ?? headerOf(response, 'x-amz-request-id');
    const text = response.body.toString('utf8');
    throw this.spec.errors === 'xml'
      ? xmlError(response.statusCode, requestId, text)
      : jsonError(response.statusCode, headerOf(response, 'x-amzn-errortype'), requestId, text);
  }
}

export function headerOf(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function urlOf(endpoint: URL, request: AwsRequest): URL {
  const base = endpoint.pathname.replace(/\/$/, '');
  const url = new URL(`${endpoint.origin}${base}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  return url;
}

/**
 * The JSON 1.0/1.1 protocols (DynamoDB, Step Functions, EventBridge): a POST to / naming the operation in
 * X-Amz-Target, the input as the body and the output as the answer.
 */
export async function callJsonRpc(
  client: AwsClient,
  target: string,
  version: '1.0' | '1.1',
  input: unknown,
): Promise<Record<string, unknown>> {
  const response = await client.send({
    method: 'POST',
    path: '/',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    body: JSON.stringify(input),
  });
  return parseJsonBody(response);
}

export function parseJsonBody(response: HttpResponse): Record<string, unknown> {
  if (response.body.length === 0) return {};
  const parsed: unknown = JSON.parse(response.body.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
