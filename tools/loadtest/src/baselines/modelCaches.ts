import { jsonRecordCodec, TieredCache } from '@betbuilder/cache';
import { createModelCache, MODEL_NAMESPACE, type ModelCacheFactory } from '@betbuilder/pricing-lambda';
import { fromSectionRecord, toSectionRecord, type ModelSection } from '@betbuilder/pricing-model';

/**
 * Baseline A: each container has only its in-process cache (the deployed cache without Redis): every container builds
 * every model it prices.
 */
export const l1OnlyModelCache: ModelCacheFactory = (parts) =>
  createModelCache({ ...parts, redis: undefined });

/**
 * Baseline B, the naive shared cache: Redis only, JSON-serialised models (both sections, as the deployed design caches
 * them), no L1, no cross-container coalescing.
 */
export const redisJsonModelCache: ModelCacheFactory = (parts) =>
  new TieredCache<ModelSection>({
    namespace: MODEL_NAMESPACE,
    codec: jsonRecordCodec<ModelSection>({ toRecord: toSectionRecord, fromRecord: fromSectionRecord }),
    redis: parts.redis,
    l1: false,
    coalesce: false,
    ...(parts.l2TimeoutMs !== undefined ? { l2TimeoutMs: parts.l2TimeoutMs } : {}),
    ...(parts.l2PatienceMs !== undefined ? { l2PatienceMs: parts.l2PatienceMs } : {}),
    ...(parts.hooks !== undefined ? { hooks: parts.hooks } : {}),
  });
