import { parseOpinion } from '@betbuilder/pricing-model';
import { isWarmupEvent, type WarmupEvent, type WarmupResponse } from '@betbuilder/warmup-contract';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ApiError } from '../errors/ApiError';
import { parseFixtureListQuery } from '../fixtureList';
import { errorResponse, FIXTURE_ID_PATTERN, header, jsonResponse, readJsonBody } from '../http';
import { beginInvocation, coldStartTracker } from '../invocation';
import { annotate, flushMetrics, traceAsync, traceInvocation } from '../observability';
import type { PutOptions } from '../OpinionStore';
import { lambdaEntry } from '../lambdaEntry';
// The store-only runtime: the opinion function needs no Redis or model cache, so its bundle carries neither.
import { getDefaultStoreRuntime, type StoreRuntime } from '../storeRuntime';

export type OpinionHandlerDeps = Pick<
  StoreRuntime,
  'logger' | 'tracer' | 'metrics' | 'store' | 'opinions' | 'containerId' | 'warmUp'
>;

export type OpinionHandler = (
  event: APIGatewayProxyEvent | WarmupEvent,
  context: Context,
) => Promise<APIGatewayProxyResult | WarmupResponse>;

/** API Gateway's resource for the fixture list (no path parameter). */
export const FIXTURE_LIST_RESOURCE = '/v1/fixtures';

/**
 * `PUT /v1/fixtures/{fixtureId}` (versioned write, `If-Match` optimistic concurrency),
 * `GET /v1/fixtures/{fixtureId}` (strongly consistent read) and `GET /v1/fixtures` (the traders' list, ordered by
 * kickoff, from the table's list index), plus `{"warmup": true}`.
 *
 * @example
 * const handler = createHandler(createRuntime(loadConfig()));
 */
export function createHandler(deps: OpinionHandlerDeps): OpinionHandler {
  const isColdStart = coldStartTracker(deps.metrics);
  const { logger, tracer, metrics } = deps;

  const get = async (event: APIGatewayProxyEvent, fixtureId: string, correlationId: string) => {
    // Traders read their own writes: consistent read from DynamoDB, never DAX or the L1 opinion cache.
    const stored = await traceAsync(tracer, 'opinion.get', () =>
      deps.store.get(fixtureId, { consistent: true }),
    );
    if (stored === undefined)
      throw new ApiError('FIXTURE_NOT_FOUND', `no opinion is stored for fixture '${fixtureId}'`);
    // A trader polling with the ETag he holds learns "unchanged" without the body (RFC 9110 §13.1.2).
    if (noneMatchHolds(header(event, 'if-none-match'), stored.inputsVersion)) {
      return withEtag(
        { statusCode: 304, headers: { 'x-correlation-id': correlationId }, body: '' },
        stored.inputsVersion,
      );
    }
    return withEtag(jsonResponse(200, stored, correlationId), stored.inputsVersion);
  };

  const put = async (event: APIGatewayProxyEvent, fixtureId: string, correlationId: string) => {
    const ifMatch = parseIfMatch(header(event, 'if-match'));
    const parsed = parseOpinion(readJsonBody(event), fixtureId);
    if (!parsed.ok) throw new ApiError('INVALID_REQUEST', 'invalid opinion', parsed.issues);
    const stored = await deps.store.put(fixtureId, parsed.value, ifMatch !== undefined ? { ifMatch } : {});
    deps.opinions.remember(stored);
    logger.info('opinion stored', { fixtureId, inputsVersion: stored.inputsVersion });
    return withEtag(jsonResponse(200, stored, correlationId), stored.inputsVersion);
  };

  const list = async (event: APIGatewayProxyEvent, correlationId: string) => {
    const query = parseFixtureListQuery(event.queryStringParameters, event.multiValueQueryStringParameters);
    const page = await traceAsync(tracer, 'opinion.list', () => deps.store.list(query));
    return jsonResponse(200, page, correlationId);
  };

  return async (event, context) => {
    const coldStart = isColdStart();
    if (isWarmupEvent(event)) {
      await deps.warmUp();
      return { warmed: true, containerId: deps.containerId, coldStart };
    }
    const correlationId = beginInvocation(deps, event, context);
    try {
      return await traceInvocation(tracer, 'opinion', async () => {
        if (event.resource === FIXTURE_LIST_RESOURCE) {
          if (event.httpMethod === 'GET') return await list(event, correlationId);
          throw new ApiError(
            'INVALID_REQUEST',
            `method ${event.httpMethod} is not supported on this resource`,
          );
        }
        const fixtureId = event.pathParameters?.fixtureId ?? '';
        if (!FIXTURE_ID_PATTERN.test(fixtureId)) {
          throw new ApiError('INVALID_REQUEST', 'invalid fixtureId', [
            { path: 'fixtureId', message: 'must match ^[a-z0-9][a-z0-9-]{2,63}$' },
          ]);
        }
        annotate(tracer, 'fixtureId', fixtureId);
        if (event.httpMethod === 'GET') return await get(event, fixtureId, correlationId);
        if (event.httpMethod === 'PUT') return await put(event, fixtureId, correlationId);
        throw new ApiError('INVALID_REQUEST', `method ${event.httpMethod} is not supported on this resource`);
      });
    } catch (err) {
      return errorResponse(err, correlationId, logger);
    } finally {
      flushMetrics(metrics);
    }
  };
}

/** `If-Match: 3`, `"3"` or `W/"3"` → 3; `*` → any existing version; absent → undefined. */
export function parseIfMatch(value: string | undefined): PutOptions['ifMatch'] {
  if (value === undefined) return undefined;
  const v = value
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (v === '*') return '*';
  if (/^[1-9][0-9]{0,14}$/.test(v)) return Number(v);
  throw new ApiError('INVALID_REQUEST', 'invalid If-Match header', [
    { path: 'If-Match', message: 'must be an inputsVersion (a positive integer) or *' },
  ]);
}

/**
 * Whether `If-None-Match` names the stored version, so a GET answers `304 Not Modified`: `*`, or any of a
 * comma-separated list of entity tags compared weakly (`"3"`, `W/"3"` and a bare `3` all name version 3). A value
 * that names no version (malformed, or another version) does not hold, and the GET answers the opinion.
 *
 * @example
 * noneMatchHolds('W/"2", "3"', 3); // true
 * noneMatchHolds('"2"', 3); // false
 */
export function noneMatchHolds(value: string | undefined, inputsVersion: number): boolean {
  if (value === undefined) return false;
  return value.split(',').some((tag) => {
    const v = tag
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
    return v === '*' || v === String(inputsVersion);
  });
}

function withEtag(res: APIGatewayProxyResult, inputsVersion: number): APIGatewayProxyResult {
  return { ...res, headers: { ...res.headers, etag: `"${inputsVersion}"` } };
}

/** The Lambda entry point: one handler per container, built from the environment. */
export const handler: OpinionHandler = lambdaEntry(() => createHandler(getDefaultStoreRuntime()));
