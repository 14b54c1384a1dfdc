import {
  binaryRecordCodec,
  cacheKey,
  jsonRecordCodec,
  TieredCache,
  type RedisClient,
  type TieredCacheHooks,
} from '@betbuilder/cache';
import {
  fromRecord,
  MODEL_VERSION,
  modelByteSize,
  toRecord,
  type FixtureModel,
} from '@betbuilder/pricing-model';
import type { CacheMode } from './types/config';

/** Cache namespace of fixture models (the L2 key prefix). */
export const MODEL_NAMESPACE = 'fixture-model';

/** Binary-codec schema id of a fixture model record; bump only if the record layout itself changes. */
const MODEL_SCHEMA_ID = 1;

/**
 * The cache key of one fixture's model: model version + fixture + the opinion version it was built from.
 * A new opinion (new inputsVersion) or a new model release (new MODEL_VERSION) never reads an old entry.
 *
 * @example
 * modelCacheKey('epl-2026-12-05-ars-che', 3); // 'fixture-model:2026.12.3:epl-2026-12-05-ars-che:3' with MODEL_VERSION 2026.12.3 (sanitised by cacheKey)
 */
export function modelCacheKey(fixtureId: string, inputsVersion: number): string {
  return cacheKey({ namespace: MODEL_NAMESPACE, valueVersion: MODEL_VERSION, id: fixtureId, inputsVersion });
}

/** MODEL_VERSION as the u32 the binary codec stamps into every entry (FNV-1a), so a record of another release never decodes. */
export function modelValueVersion(version: string = MODEL_VERSION): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < version.length; i++) {
    h ^= version.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface ModelCacheOptions {
  readonly mode: CacheMode;
  /** Absent => in-process only, whatever the mode. */
  readonly redis: RedisClient | undefined;
  readonly l1MaxBytes: number;
  /** Upper bound of one L2 round trip. @default - the cache's default (50 ms) */
  readonly l2TimeoutMs?: number;
  readonly hooks?: TieredCacheHooks;
}

/**
 * Builds the fixture-model cache for a {@link CacheMode}:
 * - `tiered`: binary codec, L1 (bounded by bytes) + Redis L2, cross-container coalescing;
 * - `l1`: binary codec, L1 only;
 * - `redis-json`: JSON codec, Redis only, no L1, no coalescing (the naive baseline the load test compares against).
 *
 * @example
 * const models = createModelCache({ mode: 'tiered', redis, l1MaxBytes: 64 << 20, l2TimeoutMs: 50 });
 * const { value, source } = await models.getOrCompute(modelCacheKey(id, 3), () => buildFixtureModel(opinion));
 */
export function createModelCache(o: ModelCacheOptions): TieredCache<FixtureModel> {
  const record = { toRecord, fromRecord };
  const l1 = { maxBytes: o.l1MaxBytes, sizeOf: (m: FixtureModel) => modelByteSize(m) };
  if (o.mode === 'redis-json') {
    return new TieredCache<FixtureModel>({
      namespace: MODEL_NAMESPACE,
      codec: jsonRecordCodec<FixtureModel>(record),
      redis: o.redis,
      l1: false,
      coalesce: false,
      ...optional(o),
    });
  }
  return new TieredCache<FixtureModel>({
    namespace: MODEL_NAMESPACE,
    codec: binaryRecordCodec<FixtureModel>({
      schemaId: MODEL_SCHEMA_ID,
      valueVersion: modelValueVersion(),
      ...record,
    }),
    redis: o.mode === 'tiered' ? o.redis : undefined,
    l1,
    coalesce: o.mode === 'tiered',
    ...optional(o),
  });
}

// Only defined knobs are passed, so the cache's own defaults apply to the rest.
function optional(o: ModelCacheOptions): { l2TimeoutMs?: number; hooks?: TieredCacheHooks } {
  return {
    ...(o.l2TimeoutMs !== undefined ? { l2TimeoutMs: o.l2TimeoutMs } : {}),
    ...(o.hooks !== undefined ? { hooks: o.hooks } : {}),
  };
}
