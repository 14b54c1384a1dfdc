import {
  binaryRecordCodec,
  cacheKey,
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

/** Cache namespace of fixture models (the L2 key prefix). */
export const MODEL_NAMESPACE = 'fixture-model';

/** Binary-codec schema id of a fixture model record; bump only if the record layout itself changes. */
export const MODEL_SCHEMA_ID = 1;

/**
 * The cache key of one fixture's model: model version + fixture + the opinion version it was built from.
 * A new opinion (new inputsVersion) or a new model release (new MODEL_VERSION) never reads an old entry.
 *
 * @example
 * modelCacheKey('epl-2026-12-05-ars-che', 3); // 'fixture-model:2026.12.4:epl-2026-12-05-ars-che:3' with MODEL_VERSION 2026.12.4 (sanitised by cacheKey)
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
  /** Absent => in-process only (L1). */
  readonly redis: RedisClient | undefined;
  readonly l1MaxBytes: number;
  /** Upper bound of one L2 round trip. @default - the cache's default (50 ms) */
  readonly l2TimeoutMs?: number;
  /**
   * How long a read before a build (or the write of a built model) may wait for a slow L2: a build costs ~30 ms of CPU
   * warm and ~300 ms in a process that has not built before, a late L2 answer nothing more (`l2PatienceMs` of
   * `@betbuilder/cache`). @default - the cache's default (1000 ms)
   */
  readonly l2PatienceMs?: number;
  readonly hooks?: TieredCacheHooks;
}

/**
 * Builds another fixture-model cache from the container's parts: how a load test swaps in a baseline design
 * (`RuntimeOverrides.models`) while the deployed code has exactly one, {@link createModelCache}.
 */
export type ModelCacheFactory = (o: ModelCacheOptions) => TieredCache<FixtureModel>;

/**
 * The binary codec of fixture models: the record layout ({@link MODEL_SCHEMA_ID}) and MODEL_VERSION stamped into
 * every entry, so a record of another layout or release never decodes.
 *
 * @example
 * const bytes = modelCodec().encode(model);
 */
export function modelCodec() {
  return binaryRecordCodec<FixtureModel>({
    schemaId: MODEL_SCHEMA_ID,
    valueVersion: modelValueVersion(),
    toRecord,
    fromRecord,
  });
}

/**
 * The fixture-model cache: binary codec, L1 bounded by bytes in front of the shared Redis L2, cross-container
 * coalescing. Without Redis it is L1 only.
 *
 * @example
 * const models = createModelCache({ redis, l1MaxBytes: 64 << 20, l2TimeoutMs: 50, l2PatienceMs: 800 });
 * const { value, source } = await models.getOrCompute(modelCacheKey(id, 3), () => buildFixtureModel(opinion));
 */
export const createModelCache: ModelCacheFactory = (o) =>
  new TieredCache<FixtureModel>({
    namespace: MODEL_NAMESPACE,
    codec: modelCodec(),
    redis: o.redis,
    // The binary codec decodes without copying (the model's arrays are views over the L2 bytes): a model read from L2
    // holds its encoded length, counted as such instead of measuring it again on every read.
    l1: { maxBytes: o.l1MaxBytes, sizeOf: (m: FixtureModel) => modelByteSize(m), encodedSize: true },
    ...(o.l2TimeoutMs !== undefined ? { l2TimeoutMs: o.l2TimeoutMs } : {}),
    ...(o.l2PatienceMs !== undefined ? { l2PatienceMs: o.l2PatienceMs } : {}),
    ...(o.hooks !== undefined ? { hooks: o.hooks } : {}),
  });
