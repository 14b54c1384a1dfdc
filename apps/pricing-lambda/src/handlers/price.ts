import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { parsePriceRequest } from '@betbuilder/pricing-model';
import { isWarmupEvent, type WarmupEvent, type WarmupResponse } from '@betbuilder/warmup-contract';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ApiError } from '../errors/ApiError';
import { errorResponse, jsonResponse, readJsonBody } from '../http';
import { beginInvocation, coldStartTracker } from '../invocation';
import { annotate, flushMetrics, traceInvocation } from '../observability';
import { PriceService } from '../PriceService';
import { isInPlay } from '../quotes/inPlay';
import { lambdaEntry } from '../lambdaEntry';
import { createMarketsHandler, isMarketsEvent } from './markets';
import { getDefaultRuntime, type Runtime } from '../runtime';

export type PriceHandlerDeps = Pick<
  Runtime,
  'logger' | 'tracer' | 'metrics' | 'opinions' | 'models' | 'quotes' | 'containerId' | 'warmUp'
> &
  Partial<Pick<Runtime, 'versions' | 'config'>>;

export type PriceHandler = (
  event: APIGatewayProxyEvent | WarmupEvent,
  context: Context,
) => Promise<APIGatewayProxyResult | WarmupResponse>;

/**
 * `POST /v1/price` (API Gateway REST proxy, payload v1), `GET /v1/fixtures/{fixtureId}/markets` (the menu, handed to
 * {@link createMarketsHandler} with the same service and so the same models), plus `{"warmup": true}` from the
 * keep-warm Lambda. Thin: parse → {@link PriceService} → contract response; every error becomes the contract's error
 * body.
 *
 * @example
 * const handler = createHandler(createRuntime(loadConfig()));
 * await handler({ warmup: true }, context); // { warmed: true, containerId: '…', coldStart: true }
 */
export function createHandler(deps: PriceHandlerDeps): PriceHandler {
  const service = new PriceService({
    opinions: deps.opinions,
    models: deps.models,
    tracer: deps.tracer,
    metrics: deps.metrics,
    ...(deps.versions !== undefined ? { versions: deps.versions } : {}),
    ...(deps.config !== undefined ? { inPlayPrimerWaitMs: deps.config.inPlayPrimerWaitMs } : {}),
  });
  const isColdStart = coldStartTracker(deps.metrics);
  const { logger, tracer, metrics } = deps;
  const markets = createMarketsHandler({ logger, tracer, metrics, service });

  return async (event, context) => {
    const coldStart = isColdStart();
    if (isWarmupEvent(event)) {
      // Warm-up opens the Redis and DynamoDB (or DAX) connections (one read of a key no fixture has), then runs the
      // price path once on the built-in warm-up fixture, so the first real price finds everything connected and compiled.
      await Promise.all([deps.warmUp(), deps.quotes.prewarm()]);
      const warmedWith = await service.warmUp();
      logger.debug('warm-up done', { pricePath: warmedWith });
      return { warmed: true, containerId: deps.containerId, coldStart };
    }
    if (isMarketsEvent(event)) return markets(event, context);
    const correlationId = beginInvocation(deps, event, context);
    const started = performance.now();
    try {
      return await traceInvocation(tracer, 'price', async () => {
        const parsed = parsePriceRequest(readJsonBody(event));
        if (!parsed.ok) throw new ApiError('INVALID_REQUEST', 'invalid price request', parsed.issues);
        annotate(tracer, 'fixtureId', parsed.value.fixtureId);
        const { response, source, head } = await service.price(parsed.value);
        annotate(tracer, 'cacheSource', source);
        metrics.addMetric(`CacheSource${source}`, MetricUnit.Count, 1);
        // Every 200 carries a quote that bet placement verifies (POST /v1/quotes/verify).
        const quote = await deps.quotes.sign(response, { inPlay: isInPlay(head) });
        return jsonResponse(200, { ...response, quote }, correlationId);
      });
    } catch (err) {
      return errorResponse(err, correlationId, logger);
    } finally {
      metrics.addMetric('PriceLatency', MetricUnit.Milliseconds, performance.now() - started);
      flushMetrics(metrics);
    }
  };
}

/** The Lambda entry point: one handler per container, built from the environment. */
export const handler: PriceHandler = lambdaEntry(() => {
  const runtime = getDefaultRuntime();
  // The quote keys are read while the handler is built (during init in Lambda), not on the first price.
  void runtime.quotes.prewarm();
  return createHandler(runtime);
});
