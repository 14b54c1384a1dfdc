import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { CacheSource, TieredCache } from '@betbuilder/cache';
import {
  buildFixtureModel,
  parsePriceRequest,
  price,
  PricingError,
  type FixtureModel,
  type Leg,
} from '@betbuilder/pricing-model';
import { buildModel } from './buildModel';
import { ApiError } from './errors/ApiError';
import { modelCacheKey } from './modelCache';
import { traceAsync, traceSync } from './observability';
import type { OpinionReader } from './types/opinion';
import { WARMUP_BETS, WARMUP_FIXTURE_ID, WARMUP_OPINION } from './warmupFixture';

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
  private warmed: Promise<CacheSource | 'failed'> | undefined;

  constructor(private readonly deps: PriceServiceDeps) {}

  /**
   * Runs the price path once on the built-in warm-up fixture ({@link WARMUP_OPINION}, never stored): its model through
   * the real model cache (L1 → L2 → build; every container shares one L2 entry, so all but the first decode it from
   * L2), then validation and pricing of {@link WARMUP_BETS}, error paths included. A container's first real price
   * then finds that code compiled instead of paying ~100 ms of V8 compilation. Once per container (later calls answer
   * at once); no opinion read, no metrics. Never throws: answers `'failed'` and retries on the next warm-up.
   *
   * @example
   * await service.warmUp(); // 'L2' (another container built the warm-up model) | 'COMPUTED' | 'L1' | 'failed'
   */
  warmUp(): Promise<CacheSource | 'failed'> {
    this.warmed ??= this.runWarmUp().catch(() => {
      this.warmed = undefined;
      return 'failed' as const;
    });
    return this.warmed;
  }

  private async runWarmUp(): Promise<CacheSource> {
    const { value: model, source } = await this.deps.models.getOrCompute(
      modelCacheKey(WARMUP_FIXTURE_ID, WARMUP_OPINION.inputsVersion),
      // Not buildModel: a warm-up build is not a fixture's build and must not count in ModelBuildTime.
      () => buildFixtureModel(WARMUP_OPINION),
    );
    for (const body of WARMUP_BETS) {
      const parsed = parsePriceRequest(JSON.parse(JSON.stringify(body)));
      if (!parsed.ok) continue;
      try {
        price(model, parsed.value.legs);
      } catch (err) {
        if (!(err instanceof PricingError)) throw err;
      }
    }
    return source;
  }

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
