import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { CacheSource, TieredCache } from '@betbuilder/cache';
import { price, type FixtureModel, type Leg } from '@betbuilder/pricing-model';
import { buildModel } from './buildModel';
import { ApiError } from './errors/ApiError';
import { modelCacheKey } from './modelCache';
import { traceAsync, traceSync } from './observability';
import type { OpinionReader } from './types/opinion';

/** The contract's 200 body of `POST /v1/price`. */
export interface PriceResponse {
  fixtureId: string;
  inputsVersion: number;
  modelVersion: string;
  probability: number;
  fairOdds: number;
  margin: number;
  odds: { decimal: number; fractional: string };
  legs: Leg[];
}

export interface PriceServiceDeps {
  readonly opinions: OpinionReader;
  readonly models: TieredCache<FixtureModel>;
  readonly tracer: Tracer;
  readonly metrics: Metrics;
}

/**
 * The price path: opinion (L1 opinion cache → DAX/DynamoDB) → fixture model (L1 → L2 → build) → price.
 * Throws ApiError (FIXTURE_NOT_FOUND, FIXTURE_SUSPENDED), OpinionStoreError or PricingError; the handler maps them.
 *
 * @example
 * const service = new PriceService({ opinions, models, tracer, metrics });
 * const { response, source } = await service.price({ fixtureId: 'epl-2026-12-05-ars-che', legs });
 */
export class PriceService {
  constructor(private readonly deps: PriceServiceDeps) {}

  async price(request: {
    fixtureId: string;
    legs: readonly Leg[];
  }): Promise<{ response: PriceResponse; source: CacheSource }> {
    const { tracer, metrics } = this.deps;
    const { fixtureId } = request;
    const opinion = await traceAsync(tracer, 'opinion.get', () => this.deps.opinions.get(fixtureId));
    if (opinion === undefined) {
      throw new ApiError('FIXTURE_NOT_FOUND', `no opinion is stored for fixture '${fixtureId}'`);
    }
    if (opinion.status === 'SUSPENDED') {
      throw new ApiError('FIXTURE_SUSPENDED', `fixture '${fixtureId}' is suspended`);
    }
    const { value: model, source } = await this.deps.models.getOrCompute(
      modelCacheKey(fixtureId, opinion.inputsVersion),
      () => buildModel(opinion, { tracer, metrics }),
    );
    const result = traceSync(tracer, 'price', () => price(model, request.legs));
    return {
      source,
      response: {
        fixtureId,
        inputsVersion: opinion.inputsVersion,
        modelVersion: model.modelVersion,
        probability: result.probability,
        fairOdds: result.fairOdds,
        margin: result.margin,
        odds: result.odds,
        legs: result.legs,
      },
    };
  }
}
