import { jsonRecordCodec, TieredCache } from '@betbuilder/cache';
import { createModelCache, MODEL_NAMESPACE, type ModelCacheFactory } from '@betbuilder/pricing-lambda';
import { fromRecord, toRecord, type FixtureModel } from '@betbuilder/pricing-model';

/**
 * Baseline A: each container has only its in-process cache (the deployed cache without Redis): every container builds
 * every model it prices.
 */
export const l1OnlyModelCache: ModelCacheFactory = (parts) =>
  createModelCache({ ...parts, redis: undefined });

/**
 * Baseline B, the naive shared cache: Redis only, JSON-serialised models, no L1, no cross-container coalescing.
 */
export const redisJsonModelCache: ModelCacheFactory = (parts) =>
  new TieredCache<FixtureModel>({
    namespace: MODEL_NAMESPACE,
    codec: jsonRecordCodec<FixtureModel>({ toRecord, fromRecord }),
    redis: parts.redis,
    l1: false,
    coalesce: false,
    ...(parts.l2TimeoutMs !== undefined ? { l2TimeoutMs: parts.l2TimeoutMs } : {}),
    ...(parts.l2PatienceMs !== undefined ? { l2PatienceMs: parts.l2PatienceMs } : {}),
    ...(parts.hooks !== undefined ? { hooks: parts.hooks } : {}),
  });
