import {
  binaryRecordCodec,
  cacheKey,
  TieredCache,
  type RedisClient,
  type TieredCacheHooks,
} from '@betbuilder/cache';
import {
  fromSectionRecord,
  MODEL_VERSION,
  sectionByteSize,
  toSectionRecord,
  type ModelSection,
  type RecordSection,
} from '@betbuilder/pricing-model';

/** Cache namespace of fixture models (the L2 key prefix). */
export const MODEL_NAMESPACE = 'fixture-model';

/**
 * Binary-codec schema id of a fixture model's section records (core, cards, corners, halves); bump only if the record
 * layout itself changes. 3: four sections, the full-time count tables out of the core (ADR 0034; since ADR 0035 a core
 * keeps only the tables' score caps, and a schema-3 core with their count caps too still reads as the same core); 2
 * was a core with them and the halves (ADR 0028), 1 one whole-model record: neither is ever read as a section of 3.
 */
export const MODEL_SCHEMA_ID = 3;

/**
 * How many cores (most recently used first) a container writes back to a Redis that lost its data, before any other
 * section: ~512 × 28 kB at most per container, each skipped when another container wrote it first (ADR 0030).
 */
export const L1_WRITE_BACK_CORES = 512;

/**
 * How many other L1 entries (cards, corners and halves sections, most recently used first) a container writes back
 * to a Redis that lost its data, after its cores: ~64 × 160 kB at most, each skipped when another container wrote it
 * first.
 */
export const L1_WRITE_BACK_ENTRIES = 64;

/** How many entries a write-back sends at once (each an `EXISTS` and maybe a `SET`; the cores are ~28 kB). */
export const L1_WRITE_BACK_CONCURRENCY = 8;

/**
 * The cache key of one fixture's model (its core section; the others are under {@link modelSectionKey}): model version +
 * fixture + the opinion version it was built from. A new opinion (new inputsVersion) or a new model release (new
 * MODEL_VERSION) never reads an old entry.
 *
 * @example
 * modelCacheKey('epl-2026-12-05-ars-che', 3); // 'fixture-model:2026.12.4:epl-2026-12-05-ars-che:3' with MODEL_VERSION 2026.12.4 (sanitised by cacheKey)
 */
export function modelCacheKey(fixtureId: string, inputsVersion: number): string {
  return cacheKey({ namespace: MODEL_NAMESPACE, valueVersion: MODEL_VERSION, id: fixtureId, inputsVersion });
}

/**
 * The cache key of one section of a model: the core's is {@link modelCacheKey}, every other section's is the core's key
 * + `:` + its name (`cards`, `corners`, `halves`).
 *
 * @example
 * modelSectionKey('epl-2026-12-05-ars-che', 3, 'cards'); // 'fixture-model:2026.12.4:epl-2026-12-05-ars-che:3:cards'
 */
export function modelSectionKey(fixtureId: string, inputsVersion: number, section: RecordSection): string {
  const key = modelCacheKey(fixtureId, inputsVersion);
  return section === 'core' ? key : `${key}:${section}`;
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
export type ModelCacheFactory = (o: ModelCacheOptions) => TieredCache<ModelSection>;

/**
 * The binary codec of fixture-model sections (a core, cards, corners or halves record, told apart by the record's kind): the record
 * layout ({@link MODEL_SCHEMA_ID}) and MODEL_VERSION stamped into every entry, so a record of another layout or release
 * never decodes.
 *
 * @example
 * const bytes = modelCodec().encode(splitModel(model).core);
 */
export function modelCodec() {
  return binaryRecordCodec<ModelSection>({
    schemaId: MODEL_SCHEMA_ID,
    valueVersion: modelValueVersion(),
    toRecord: toSectionRecord,
    fromRecord: fromSectionRecord,
  });
}

/**
 * The fixture-model cache of every section (a model's core, full-time cards, full-time corners and halves are four
 * entries): binary codec, L1 bounded
 * by bytes in front of the shared Redis L2, cross-container coalescing. Without Redis it is L1 only. Read it through
 * a {@link ModelStore}, which knows which entries a price needs.
 *
 * @example
 * const models = new ModelStore(createModelCache({ redis, l1MaxBytes: 64 << 20, l2TimeoutMs: 50, l2PatienceMs: 800 }));
 * const { value, source } = await models.core(id, 3, () => buildFixtureModel(opinion));
 */
export const createModelCache: ModelCacheFactory = (o) =>
  new TieredCache<ModelSection>({
    namespace: MODEL_NAMESPACE,
    codec: modelCodec(),
    redis: o.redis,
    // The binary codec decodes without copying (the section's arrays are views over the L2 bytes): a section read from
    // L2 holds its encoded length, counted as such instead of measuring it again on every read. A fixture whose count
    // sections were never read here costs its core's bytes only.
    l1: { maxBytes: o.l1MaxBytes, sizeOf: (m: ModelSection) => sectionByteSize(m), encodedSize: true },
    ...(o.l2TimeoutMs !== undefined ? { l2TimeoutMs: o.l2TimeoutMs } : {}),
    ...(o.l2PatienceMs !== undefined ? { l2PatienceMs: o.l2PatienceMs } : {}),
    ...(o.hooks !== undefined ? { hooks: o.hooks } : {}),
  });
