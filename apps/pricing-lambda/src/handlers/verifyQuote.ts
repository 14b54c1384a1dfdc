import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isWarmupEvent, type WarmupEvent, type WarmupResponse } from '@betbuilder/warmup-contract';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ApiError } from '../errors/ApiError';
import { errorResponse, jsonResponse, readJsonBody, type ErrorBody } from '../http';
import { beginInvocation, coldStartTracker } from '../invocation';
import { annotate, flushMetrics, traceInvocation } from '../observability';
import { QuoteVerifier, type QuotedPrice, type VerifyOutcome } from '../quotes/QuoteVerifier';
import { lambdaEntry } from '../lambdaEntry';
import { getDefaultRuntime, type Runtime } from '../runtime';

export type VerifyQuoteHandlerDeps = Pick<
  Runtime,
  'logger' | 'tracer' | 'metrics' | 'store' | 'models' | 'quotes' | 'containerId' | 'warmUp'
>;

export type VerifyQuoteHandler = (
  event: APIGatewayProxyEvent | WarmupEvent,
  context: Context,
) => Promise<APIGatewayProxyResult | WarmupResponse>;

/** The 409 body of `PRICE_CHANGED`: the contract's error, plus the current price and a fresh quote in `current`. */
export interface PriceChangedBody extends ErrorBody {
  error: ErrorBody['error'] & { current: QuotedPrice };
}

/**
 * `POST /v1/quotes/verify` with `{"token": "…"}`: bet placement asks whether it may accept the quote. Thin: parse →
 * {@link QuoteVerifier} (strongly consistent read of the fixture) → `200 {"valid": true, "quote": {…}}`, `409
 * QUOTE_EXPIRED`, `409 PRICE_CHANGED` (with `error.current`), `409 FIXTURE_SUSPENDED`, `404 FIXTURE_NOT_FOUND` or `400
 * INVALID_QUOTE`; plus `{"warmup": true}`.
 *
 * @example
 * const verify = createHandler(createRuntime(loadConfig()));
 * await verify(eventWithBody({ token }), context); // { statusCode: 200, body: '{"valid":true,"quote":{…}}' }
 */
export function createHandler(deps: VerifyQuoteHandlerDeps): VerifyQuoteHandler {
  const verifier = new QuoteVerifier({
    signer: deps.quotes,
    store: deps.store,
    models: deps.models,
    tracer: deps.tracer,
    metrics: deps.metrics,
  });
  const isColdStart = coldStartTracker(deps.metrics);
  const { logger, tracer, metrics } = deps;

  return async (event, context) => {
    const coldStart = isColdStart();
    if (isWarmupEvent(event)) {
      await Promise.all([deps.warmUp(), deps.quotes.prewarm()]);
      return { warmed: true, containerId: deps.containerId, coldStart };
    }
    const correlationId = beginInvocation(deps, event, context);
    try {
      return await traceInvocation(tracer, 'verify', async () => {
        const result = await verifier.verify(tokenOf(readJsonBody(event)));
        annotate(tracer, 'fixtureId', result.quote.fixtureId);
        annotate(tracer, 'quoteOutcome', result.outcome);
        metrics.addMetric(`QuoteOutcome${result.outcome}`, MetricUnit.Count, 1);
        return respond(result, correlationId);
      });
    } catch (err) {
      return errorResponse(err, correlationId, logger);
    } finally {
      flushMetrics(metrics);
    }
  };
}

function tokenOf(body: unknown): string {
  const ok =
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).every((k) => k === 'token') &&
    typeof (body as { token?: unknown }).token === 'string';
  if (!ok) {
    throw new ApiError('INVALID_REQUEST', 'invalid quote verification request', [
      { path: 'token', message: 'the body must be {"token": "<the quote token>"} and nothing else' },
    ]);
  }
  return (body as { token: string }).token;
}

function respond(r: VerifyOutcome, correlationId: string): APIGatewayProxyResult {
  switch (r.outcome) {
    case 'VALID':
      return jsonResponse(200, { valid: true, quote: r.quote }, correlationId);
    case 'PRICE_CHANGED': {
      const body: PriceChangedBody = {
        error: {
          code: 'PRICE_CHANGED',
          message: `the fixture's inputs moved from version ${r.quote.inputsVersion} to ${r.current.inputsVersion} and the odds are now ${r.current.odds.decimal} (quoted ${r.quote.odds.decimal})`,
          current: r.current,
        },
      };
      return jsonResponse(409, body, correlationId);
    }
    case 'QUOTE_EXPIRED':
      throw new ApiError('QUOTE_EXPIRED', `the quote expired at ${r.quote.expiresAt}`);
    case 'FIXTURE_SUSPENDED':
      throw new ApiError('FIXTURE_SUSPENDED', `fixture '${r.quote.fixtureId}' is suspended`);
    case 'FIXTURE_NOT_FOUND':
      throw new ApiError('FIXTURE_NOT_FOUND', `no opinion is stored for fixture '${r.quote.fixtureId}'`);
  }
}

/** The Lambda entry point: one handler per container, built from the environment. */
export const handler: VerifyQuoteHandler = lambdaEntry(() => {
  const runtime = getDefaultRuntime();
  // The quote keys are read while the handler is built (during init in Lambda), not on the first verification.
  void runtime.quotes.prewarm();
  return createHandler(runtime);
});
