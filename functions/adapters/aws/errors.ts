/**
 * What a failed AWS call throws: `name` is the service's error code (ConditionalCheckFailedException,
 * TooManyRequestsException, ExecutionDoesNotExist, ...), as with the SDK, because the state machines'
 * Retry/Catch and functions/handlers/runtime/middlewares.ts classify errors by name and HTTP status.
 */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  /** Further members of the error's body, e.g. DynamoDB's `Item` with ReturnValuesOnConditionCheckFailure. */
  readonly details: Record<string, unknown>;

  constructor(
    name: string,
    message: string,
    metadata: { httpStatusCode: number; requestId?: string },
    details: Record<string, unknown> = {},
  ) {
    super(message || name);
    this.name = name;
    this.$metadata = metadata;
    this.details = details;
  }
}

/** Whether `error` is an AWS error with this code (`instanceof` for the code without a class per code). */
export function isAwsError(error: unknown, ...names: readonly string[]): error is AwsServiceError {
  return error instanceof Error && names.includes(error.name);
}

/**
 * A class to match errors of one code with `instanceof`, as the SDK's exception classes do (and as the
 * adapters did before this client): `error instanceof ConditionalCheckFailedException`.
 */
export function errorCode(name: string): {
  readonly code: string;
  [Symbol.hasInstance](value: unknown): boolean;
} {
  return { code: name, [Symbol.hasInstance]: (value: unknown) => isAwsError(value, name) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` or `Code:http://...` -> the code. */
export function sanitizeErrorCode(raw: string): string {
  const afterHash = raw.includes('#') ? raw.slice(raw.lastIndexOf('#') + 1) : raw;
  return afterHash.split(':')[0]?.trim() ?? afterHash;
}

/** JSON 1.0/1.1 and REST-JSON: the code in x-amzn-ErrorType or the body's __type/code, the message in the body. */
export function jsonError(
  statusCode: number,
  errorTypeHeader: string | undefined,
  requestId: string | undefined,
  text: string,
): AwsServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (isRecord(parsed)) body = parsed;
  } catch {
    // Not JSON (a proxy's HTML page): the status decides.
  }
  const rawCode = errorTypeHeader ?? body.__type ?? body.code ?? body.Code;
  const name = typeof rawCode === 'string' && rawCode ? sanitizeErrorCode(rawCode) : fallbackName(statusCode);
  const rawMessage = body.message ?? body.Message;
  const { __type: _type, message: _message, Message: _Message, ...details } = body;
  return new AwsServiceError(
    name,
    typeof rawMessage === 'string' ? rawMessage : '',
    { httpStatusCode: statusCode, ...(requestId ? { requestId } : {}) },
    details,
  );
}

/** S3's XML errors: <Error><Code>NoSuchKey</Code><Message>...</Message></Error>; a HEAD has no body. */
export function xmlError(statusCode: number, requestId: string | undefined, text: string): AwsServiceError {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';
  return new AwsServiceError(code || fallbackName(statusCode), message, {
    httpStatusCode: statusCode,
    ...(requestId ? { requestId } : {}),
  });
}

function fallbackName(statusCode: number): string {
  if (statusCode === 404) return 'NotFound';
  if (statusCode === 429) return 'TooManyRequestsException';
  return statusCode >= 500 ? 'InternalFailure' : `Http${statusCode}`;
}
