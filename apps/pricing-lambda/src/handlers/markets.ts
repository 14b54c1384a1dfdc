import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TieredCache, type ValueCodec } from '@betbuilder/cache';
import { marketMenu } from '@betbuilder/pricing-model';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ApiError } from '../errors/ApiError';
import { errorResponse, FIXTURE_ID_PATTERN, jsonTextResponse } from '../http';
import { beginInvocation } from '../invocation';
import { modelCacheKey } from '../modelCache';
import { annotate, flushMetrics, traceAsync, traceInvocation } from '../observability';
import type { PriceService } from '../PriceService';
import type { Runtime } from '../runtime';

/** The API Gateway resource of the menu route (served by the price function). */
export const MARKETS_RESOURCE = '/v1/fixtures/{fixtureId}/markets';

/** Default bound of the menu cache: a 20-player menu is ~30 kB of JSON, so this holds several hundred fixtures. */
export const DEFAULT_MENU_CACHE_BYTES = 16 * 1024 * 1024;

export interface MarketsHandlerDeps extends Pick<Runtime, 'logger' | 'tracer' | 'metrics'> {
  /** The price path's service: the menu comes from the very model a price would use. */
  readonly service: Pick<PriceService, 'currentModel'>;
  /** Bytes of menu JSON kept in process. @default DEFAULT_MENU_CACHE_BYTES */
  readonly menuCacheBytes?: number;
}

export type MarketsHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** True for an event of `GET /v1/fixtures/{fixtureId}/markets`. */
export function isMarketsEvent(event: object): event is APIGatewayProxyEvent {
  return (event as Partial<APIGatewayProxyEvent>).resource === MARKETS_RESOURCE;
}

// The menu cache never leaves the process (no L2), so the codec is never asked to run; it exists for the type.
const utf8: ValueCodec<string> = {
  name: 'utf8',
  encode: (value) => Buffer.from(value, 'utf8'),
  decode: (bytes) => Buffer.from(bytes).toString('utf8'),
};

/**
 * `GET /v1/fixtures/{fixtureId}/markets`: the fixture's menu ({@link marketMenu}) from the model a price would use at
 * this moment, with the same 404 / 409 answers. The menu's JSON is computed once per model — keyed by the model's
 * cache key (model version, fixture, inputsVersion) in an in-process LRU bounded by bytes — and sent as cached, so a
 * request costs the opinion head read and a map lookup. Traced as `## markets` with a `markets` subsegment.
 *
 * @example
 * const markets = createMarketsHandler({ logger, tracer, metrics, service });
 * await markets(event, context); // 200 {"fixtureId":…,"inputsVersion":3,"modelVersion":"2026.12.2","markets":[…]}
 */
export function createMarketsHandler(deps: MarketsHandlerDeps): MarketsHandler {
  const { logger, tracer, metrics, service } = deps;
  const menus = new TieredCache<string>({
    namespace: 'fixture-menu',
    codec: utf8,
    l1: { maxBytes: deps.menuCacheBytes ?? DEFAULT_MENU_CACHE_BYTES, sizeOf: (json) => json.length * 2 },
  });

  return async (event, context) => {
    const correlationId = beginInvocation(deps, event, context);
    const started = performance.now();
    try {
      return await traceInvocation(tracer, 'markets', async () => {
        const fixtureId = event.pathParameters?.fixtureId ?? '';
        if (!FIXTURE_ID_PATTERN.test(fixtureId)) {
          throw new ApiError('INVALID_REQUEST', 'invalid fixture id', [
            { path: 'fixtureId', message: 'fixtureId must match ^[a-z0-9][a-z0-9-]{2,63}$' },
          ]);
        }
        annotate(tracer, 'fixtureId', fixtureId);
        const { model, source, inputsVersion } = await service.currentModel(fixtureId);
        annotate(tracer, 'cacheSource', source);
        const menu = await traceAsync(tracer, 'markets', () =>
          menus.getOrCompute(modelCacheKey(fixtureId, inputsVersion), () =>
            JSON.stringify(marketMenu(model)),
          ),
        );
        annotate(tracer, 'menuSource', menu.source);
        metrics.addMetric(`MenuSource${menu.source}`, MetricUnit.Count, 1);
        const head = JSON.stringify({ fixtureId, inputsVersion, modelVersion: model.modelVersion });
        return jsonTextResponse(200, `${head.slice(0, -1)},"markets":${menu.value}}`, correlationId);
      });
    } catch (err) {
      return errorResponse(err, correlationId, logger);
    } finally {
      metrics.addMetric('MenuLatency', MetricUnit.Milliseconds, performance.now() - started);
      flushMetrics(metrics);
    }
  };
}
