import type { Logger } from '@aws-lambda-powertools/logger';
import { PricingError } from '@betbuilder/pricing-model';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ApiError, type ErrorDetail } from './errors/ApiError';
import { FixtureUnavailableError } from './errors/FixtureUnavailableError';
import { OpinionStoreError } from './errors/OpinionStoreError';
import { QuoteKeyError } from './errors/QuoteKeyError';
import { QuoteTokenError } from './errors/QuoteTokenError';

/** The contract's request body limit. */
export const MAX_BODY_BYTES = 16 * 1024;

/** `^[a-z0-9][a-z0-9-]{2,63}$` (api-contract.md). */
export const FIXTURE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

/** The contract's error body. `correlationId` is an optional extension carried by 500s. */
export interface ErrorBody {
  error: { code: string; message: string; details?: readonly ErrorDetail[]; correlationId?: string };
}

/** Case-insensitive header lookup (API Gateway keeps the client's casing). */
export function header(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) {
    if (k.toLowerCase() === wanted && v !== undefined) return v;
  }
  return undefined;
}

/** `application/json` with optional parameters (`; charset=utf-8`), any case (RFC 9110 media types are case-insensitive). */
const JSON_MEDIA_TYPE = /^application\/json[ \t]*(;.*)?$/i;

/**
 * The request body as parsed JSON: the content type must be `application/json` (parameters allowed), then the
 * 16 KiB limit, then JSON. Throws ApiError `UNSUPPORTED_MEDIA_TYPE` (a missing or other content type),
 * `PAYLOAD_TOO_LARGE` or `INVALID_REQUEST` (missing or malformed JSON).
 *
 * @example
 * const body = readJsonBody(event); // event.headers['content-type'] === 'application/json; charset=utf-8'
 */
export function readJsonBody(
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>,
): unknown {
  const contentType = header(event, 'content-type');
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      contentType === undefined
        ? 'the request body must be sent as content-type: application/json (none was given)'
        : 'the request body must be sent as content-type: application/json',
    );
  }
  // JSON is UTF-8 (RFC 8259): a body declared in another charset would be misread, so it is refused, not guessed at
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `the request body must be UTF-8 JSON (content-type: application/json; charset=utf-8), not charset=${charset.slice(0, 40)}`,
    );
  }
  // A compressed body is not decoded here (nor by API Gateway): refused rather than read as bytes that are not JSON
  const encoding = header(event, 'content-encoding')?.trim();
  if (encoding !== undefined && encoding !== '' && encoding.toLowerCase() !== 'identity') {
    throw new ApiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `the request body must not be content-encoded (content-encoding: ${encoding.slice(0, 40)} is not accepted)`,
    );
  }
  if (event.body === null || event.body === undefined || event.body === '') {
    throw new ApiError('INVALID_REQUEST', 'request body is required (JSON)');
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > MAX_BODY_BYTES) {
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `request body is ${bytes.byteLength} bytes; the limit is ${MAX_BODY_BYTES}`,
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new ApiError('INVALID_REQUEST', 'request body is not valid JSON');
  }
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's correlation id: the caller's `x-correlation-id` when sane, else API Gateway's request id, else Lambda's. */
export function correlationIdOf(
  event: Partial<APIGatewayProxyEvent>,
  context: Pick<Context, 'awsRequestId'>,
): string {
  const fromHeader = event.headers ? header({ headers: event.headers }, 'x-correlation-id') : undefined;
  if (fromHeader !== undefined && SAFE_ID.test(fromHeader)) return fromHeader;
  return event.requestContext?.requestId ?? context.awsRequestId;
}

/** A JSON response with the correlation id echoed in a header. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  correlationId: string,
): APIGatewayProxyResult {
  return jsonTextResponse(statusCode, JSON.stringify(body), correlationId);
}

/** {@link jsonResponse} of a body already serialised (a cached JSON text is sent as it is). */
export function jsonTextResponse(
  statusCode: number,
  json: string,
  correlationId: string,
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: json,
  };
}

/** Maps any error to a client-facing {@link ApiError}; unknown errors become `INTERNAL` (their detail stays in the log). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof OpinionStoreError) {
    if (err.code === 'UNAVAILABLE') {
      return new ApiError(
        'DEPENDENCY_UNAVAILABLE',
        'the opinion store is unavailable; retry shortly',
        undefined,
        {
          cause: err,
        },
      );
    }
    if (err.code === 'VERSION_CONFLICT') {
      return new ApiError('VERSION_CONFLICT', err.message, undefined, { cause: err });
    }
    if (err.code === 'UNSTORABLE_VALUE') {
      return new ApiError('INVALID_REQUEST', 'invalid opinion', err.details, { cause: err });
    }
  }
  if (err instanceof QuoteTokenError)
    return new ApiError('INVALID_QUOTE', err.message, undefined, { cause: err });
  if (err instanceof QuoteKeyError && err.code === 'UNAVAILABLE') {
    return new ApiError(
      'DEPENDENCY_UNAVAILABLE',
      'the quote keys are unavailable; retry shortly',
      undefined,
      {
        cause: err,
      },
    );
  }
  if (err instanceof FixtureUnavailableError) {
    const code = err.code === 'NOT_FOUND' ? 'FIXTURE_NOT_FOUND' : 'FIXTURE_SUSPENDED';
    return new ApiError(code, err.message, undefined, { cause: err });
  }
  if (err instanceof PricingError) {
    if (err.code === 'NO_PRICE') return new ApiError('NO_PRICE', err.message, undefined, { cause: err });
    if (err.code === 'PLAYER_NOT_FOUND')
      return new ApiError('PLAYER_NOT_FOUND', err.message, undefined, { cause: err });
  }
  return new ApiError('INTERNAL', 'internal error', undefined, { cause: err });
}

/**
 * The contract's error response for any error. 5xx are logged (500 with the stack, 503 as a warning);
 * 4xx are the client's business and only logged at debug. No stack or internal detail reaches the client.
 */
export function errorResponse(
  err: unknown,
  correlationId: string,
  logger: Pick<Logger, 'error' | 'warn' | 'debug'>,
): APIGatewayProxyResult {
  const api = toApiError(err);
  const body: ErrorBody = { error: { code: api.code, message: api.message } };
  if (api.details !== undefined && api.details.length > 0) body.error.details = api.details;
  if (api.code === 'INTERNAL') {
    body.error.message = `internal error (correlation id ${correlationId})`;
    body.error.correlationId = correlationId;
    logger.error('request failed', { correlationId, error: err as Error });
  } else if (api.status >= 500) {
    logger.warn('dependency unavailable', { correlationId, error: describe(api.cause ?? err) });
  } else {
    logger.debug('request rejected', { correlationId, code: api.code, message: api.message });
  }
  return jsonResponse(api.status, body, correlationId);
}

function describe(err: unknown): string {
  if (err instanceof OpinionStoreError && err.cause instanceof Error)
    return `${err.message} (${err.cause.name})`;
  return err instanceof Error ? err.message : String(err);
}
