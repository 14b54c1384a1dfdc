import type { CacheSource, CacheStats, GetOrComputeOptions, TieredCache } from '@betbuilder/cache';
import {
  isHalves,
  joinModel,
  splitModel,
  type CoreModel,
  type FixtureModel,
  type ModelHalves,
  type ModelSection,
} from '@betbuilder/pricing-model';
import { modelCacheKey, modelHalvesKey } from './modelCache';

/** Builds the whole model of one (fixture, version): called at most once per read, under the cache's lock. */
export type ModelBuild = () => Promise<FixtureModel> | FixtureModel;

/** A model read through the store, and where it came from (the colder of its sections' sources). */
export interface ModelRead<M extends CoreModel> {
  readonly value: M;
  readonly source: CacheSource;
}

/** A key no model has: {@link ModelStore.sharedTierUp} reads it to learn whether L2 answers. */
const SHARED_TIER_PROBE_KEY = 'probe:shared-tier';

/** How cold a source is: a model whose core came from L1 and its halves from L2 was read from L2. */
const COLDNESS: Record<CacheSource, number> = { L1: 0, L2: 1, STALE: 2, COMPUTED: 3 };

function colder(a: CacheSource, b: CacheSource): CacheSource {
  return COLDNESS[a] >= COLDNESS[b] ? a : b;
}

export interface ModelStoreOptions {
  /**
   * How long the write of a built model's halves may wait for a slow L2 (the core's write waits as long, inside the
   * cache): halves missing from L2 cost another build of the version on its next half-count leg. @default 1000
   */
  readonly l2PatienceMs?: number;
}

/**
 * Fixture models as two cache entries (ADR 0028): the core ({@link modelCacheKey}: goals, full-time counts, players,
 * the halves' goals) and the halves ({@link modelHalvesKey}: each half's card and corner tables, two thirds of the
 * bytes). A price reads the core only, unless a leg needs the halves (`sectionsNeeded`): then the halves too, each
 * L1 → L2 → build. A build (on a price, or the primer's) writes the halves first and the core second, under the core's
 * cross-container lock, so whoever finds the core finds its halves; halves missing later (evicted) are built once,
 * under the halves' own lock.
 *
 * @example
 * const models = new ModelStore(createModelCache({ redis, l1MaxBytes: 221 << 20 }));
 * const read = sectionsNeeded(legs).includes('halves') ? models.full : models.core;
 * const { value } = await read.call(models, 'epl-2026-12-05-ars-che', 3, () => buildFixtureModel(opinion));
 * price(value, legs); // the core alone, or the whole model when a leg is on a half's cards or corners
 */
export class ModelStore {
  constructor(
    /** The cache of both sections (one L1 budget by bytes, one L2 namespace). */
    readonly cache: TieredCache<ModelSection>,
    private readonly options: ModelStoreOptions = {},
  ) {}

  /**
   * The model's core (L1 → L2 → build). A build writes both sections (the halves first), so the halves of a version
   * built here are in L1 and L2 before its core is; `failOnL2Error` (the primer) fails the read when either write does.
   */
  async core(
    fixtureId: string,
    inputsVersion: number,
    build: ModelBuild,
    opts?: GetOrComputeOptions,
  ): Promise<ModelRead<CoreModel> & { built?: FixtureModel }> {
    let built: FixtureModel | undefined;
    let halvesWrite: Promise<Error | undefined> | undefined;
    const { value, source } = await this.cache.getOrCompute(
      modelCacheKey(fixtureId, inputsVersion),
      async () => {
        const model = await build();
        const { core, halves } = splitModel(model);
        // Sent before the core's write: on one Redis node (one connection) it is stored first, so a reader that finds
        // the core (another container waiting on our lock) finds its halves. In cluster mode the two keys may live on
        // different shards, and a reader that finds the core a moment before its halves builds them once under their
        // own lock, as after an eviction. Not awaited here: the two writes wait for a slow Redis side by side, and the
        // halves' wait is no part of the build's time budget. A failed write fails only a caller that asked for it (the
        // primer), after the fact: a price that joined this build still gets the model.
        halvesWrite = this.cache
          .set(modelHalvesKey(fixtureId, inputsVersion), halves, {
            l2TimeoutMs: this.options.l2PatienceMs ?? 1000,
            failOnL2Error: true,
          })
          .then(
            () => undefined,
            (err: unknown) => err as Error, // CacheWriteError: the only rejection of a set with failOnL2Error
          );
        built = model;
        return core;
      },
      opts,
    );
    // Awaited before answering (work left after a Lambda response is frozen); by now it has mostly landed.
    const halvesWriteError = halvesWrite === undefined ? undefined : await halvesWrite;
    if (halvesWriteError !== undefined && opts?.failOnL2Error) throw halvesWriteError;
    if (isHalves(value))
      throw new Error(`the cache entry of ${fixtureId}:${inputsVersion} is not a model's core`);
    // A caller that needs both sections in L2 (the primer) and found the core already there: its halves may be missing
    // (an earlier attempt whose halves' write failed after the core's landed, or an eviction), and a retry that stopped
    // at the core would leave the version's first price of a half's cards or corners to build it again.
    if (opts?.failOnL2Error && built === undefined) await this.ensureHalves(fixtureId, inputsVersion, build);
    return built !== undefined && source === 'COMPUTED' ? { value, source, built } : { value, source };
  }

  /** Writes the version's halves unless L2 has them (a build when it does not); rejects when the write fails. */
  private async ensureHalves(fixtureId: string, inputsVersion: number, build: ModelBuild): Promise<void> {
    const key = modelHalvesKey(fixtureId, inputsVersion);
    // Asked of L2 itself (EXISTS, not the ~550 kB entry): this process's L1 copy proves nothing, a failed write leaves
    // one there. L2 unusable reads as missing: the build's write then fails and the record is retried.
    if (await this.cache.inL2(key)) return;
    const { halves } = splitModel(await build());
    await this.cache.set(key, halves, {
      l2TimeoutMs: this.options.l2PatienceMs ?? 1000,
      failOnL2Error: true,
    });
  }

  /** The whole model: its core, then its halves (L1 → L2 → build each; one more round trip on a halves miss in L1). */
  async full(
    fixtureId: string,
    inputsVersion: number,
    build: ModelBuild,
    opts?: GetOrComputeOptions,
  ): Promise<ModelRead<FixtureModel>> {
    const core = await this.core(fixtureId, inputsVersion, build, opts);
    if (core.built) return { value: core.built, source: core.source };
    const halves = await this.cache.getOrCompute(
      modelHalvesKey(fixtureId, inputsVersion),
      async (): Promise<ModelHalves> => splitModel(await build()).halves,
      // The primer's options are for its own build of a version; a price that finds the halves missing builds them
      // at once under the lock (nobody else is producing them).
      opts?.lockWaitMs !== undefined ? { lockWaitMs: opts.lockWaitMs } : undefined,
    );
    if (!isHalves(halves.value))
      throw new Error(`the cache entry of ${fixtureId}:${inputsVersion}:halves is not a model's halves`);
    return { value: joinModel(core.value, halves.value), source: colder(core.source, halves.source) };
  }

  /**
   * Whether the shared tier takes writes, waiting up to `maxWaitMs` while its circuit breaker is open (a probe read
   * every `pollMs`: the breaker's half-open trial, so the first answer after Redis is back closes it). For a caller whose
   * only purpose is L2 (the primer): a build whose write cannot land is CPU taken from the prices, which build for
   * themselves meanwhile. True at once when the breaker is closed (a closed breaker's first failures still cost a write).
   */
  async sharedTierUp(maxWaitMs: number, pollMs = 250): Promise<boolean> {
    const deadline = performance.now() + maxWaitMs;
    while (this.cache.l2Breaker === 'open') {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
      await this.cache.get(SHARED_TIER_PROBE_KEY); // never throws; a miss is the expected answer
    }
    return true;
  }

  /** Drops both sections of a version from this process's L1 (see `TieredCache.forgetLocal`). */
  forgetLocal(fixtureId: string, inputsVersion: number): void {
    this.cache.forgetLocal(modelCacheKey(fixtureId, inputsVersion));
    this.cache.forgetLocal(modelHalvesKey(fixtureId, inputsVersion));
  }

  /** Removes both sections of a version from L1 and L2. */
  async delete(fixtureId: string, inputsVersion: number): Promise<void> {
    await Promise.all([
      this.cache.delete(modelCacheKey(fixtureId, inputsVersion)),
      this.cache.delete(modelHalvesKey(fixtureId, inputsVersion)),
    ]);
  }

  /** The cache's counters (both sections). */
  stats(): CacheStats {
    return this.cache.stats();
  }

  /** Closes the cache (see `TieredCache.close`). */
  close(): Promise<void> {
    return this.cache.close();
  }
}
