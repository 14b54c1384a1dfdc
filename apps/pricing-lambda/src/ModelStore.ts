import type { CacheSource, CacheStats, GetOrComputeOptions, TieredCache } from '@betbuilder/cache';
import {
  ALL_SECTIONS,
  joinModel,
  sectionOf,
  type BuiltSections,
  type CoreModel,
  type FixtureModel,
  type ModelParts,
  type ModelSection,
  type RecordSection,
} from '@betbuilder/pricing-model';
import { modelSectionKey } from './modelCache';

/** What a {@link ModelBuild} is asked to build. */
export interface BuildRequest {
  /** The sections to build (`core` always among them): what the read needs, not necessarily the whole model. */
  readonly sections: readonly RecordSection[];
  /**
   * Whether the core itself is missing (the version's build, under the core's lock), or only other sections beside a
   * cached core (evicted, or never built: a price that built the core built only what its legs needed, ADR 0035).
   */
  readonly core: boolean;
}

/**
 * Builds sections of one (fixture, version) (`buildModelSections`): the core and at least the sections asked for.
 * Called at most once per read, under the cache's lock.
 */
export type ModelBuild = (request: BuildRequest) => Promise<BuiltSections> | BuiltSections;

/** A model read through the store, and where it came from (the coldest of its sections' sources). */
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

/** The sections beside the core, in the order a build writes them (each before the core). */
const PARTS = ['cards', 'corners', 'halves'] as const;
type PartName = (typeof PARTS)[number];

export interface ModelStoreOptions {
  /**
   * How long the write of a built model's other sections (cards, corners, halves) may wait for a slow L2 (the core's
   * write waits as long, inside the cache): a section missing from L2 costs another build of the version on its next
   * leg that needs it. @default 1000
   */
  readonly l2PatienceMs?: number;
}

/**
 * Fixture models as four cache entries (ADR 0028, ADR 0034): the core ({@link modelSectionKey} `core`: goals, players,
 * the halves' goals, the count tables' score caps), the full-time card table, the full-time corner table and the
 * halves (each half's card and corner tables). A price reads the core and only the sections its legs need
 * (`sectionsNeeded`), each L1 → L2 → build. The primer's build makes every section and writes the others first and the
 * core last, under the core's cross-container lock, so whoever finds a primed core finds the rest. A price that has to
 * build a version makes only the core and the sections its legs need (ADR 0035); a section missing beside a cached
 * core (never built, or evicted) is built once, under its own lock, by the first read that needs it.
 *
 * @example
 * const models = new ModelStore(createModelCache({ redis, l1MaxBytes: 221 << 20 }));
 * const { value } = await models.read('epl-2026-12-05-ars-che', 3, sectionsNeeded(legs), ({ sections }) =>
 *   buildModelSections(opinion, sections),
 * );
 * price(value, legs); // the core joined with what the legs need
 */
export class ModelStore {
  constructor(
    /** The cache of every section (one L1 budget by bytes, one L2 namespace). */
    readonly cache: TieredCache<ModelSection>,
    private readonly options: ModelStoreOptions = {},
  ) {}

  /**
   * The model's core (L1 → L2 → build). A build makes the core and `sections` (default: every section), and writes
   * what it made, the others first, so the sections of a version built here are in L1 and L2 before its core is;
   * `failOnL2Error` (the primer) fails the read when any write does, and makes sure every section is in L2 when the
   * core already was.
   */
  async core(
    fixtureId: string,
    inputsVersion: number,
    build: ModelBuild,
    opts?: GetOrComputeOptions,
    sections: readonly RecordSection[] = ALL_SECTIONS,
  ): Promise<ModelRead<CoreModel> & { built?: BuiltSections }> {
    let built: BuiltSections | undefined;
    let partsWrite: Promise<Error | undefined> | undefined;
    const { value, source } = await this.cache.getOrCompute(
      modelSectionKey(fixtureId, inputsVersion, 'core'),
      async () => {
        const made = await build({ sections, core: true });
        // Sent before the core's write: on one Redis node (one connection) they are stored first, so a reader that
        // finds the core (another container waiting on our lock) finds the rest. In cluster mode the keys may live on
        // different shards, and a reader that finds the core a moment before a section builds it once under its own
        // lock, as after an eviction. Not awaited here: the writes wait for a slow Redis side by side, and their wait is
        // no part of the build's time budget. A failed write fails only a caller that asked for it (the primer), after
        // the fact: a price that joined this build still gets the model.
        partsWrite = Promise.all(
          PARTS.filter((name) => made[name] !== undefined).map((name) =>
            this.writePart(fixtureId, inputsVersion, name, made),
          ),
        ).then((errors) => errors.find((e) => e !== undefined));
        built = made;
        return made.core;
      },
      opts,
    );
    // Awaited before answering (work left after a Lambda response is frozen); by now it has mostly landed.
    const partsWriteError = partsWrite === undefined ? undefined : await partsWrite;
    if (partsWriteError !== undefined && opts?.failOnL2Error) throw partsWriteError;
    if (sectionOf(value) !== 'core')
      throw new Error(`the cache entry of ${fixtureId}:${inputsVersion} is not a model's core`);
    // A caller that needs every section in L2 (the primer) and found the core already there: a section may be missing
    // (an earlier attempt whose write failed after the core's landed, or an eviction), and a retry that stopped at the
    // core would leave the version's first price that needs it to build it again.
    if (opts?.failOnL2Error && built === undefined) await this.ensureParts(fixtureId, inputsVersion, build);
    const core = value as CoreModel;
    return built !== undefined && source === 'COMPUTED'
      ? { value: core, source, built }
      : { value: core, source };
  }

  /** Writes one of a build's sections to L1 and L2; resolves to the write's error (never rejects). */
  private writePart(
    fixtureId: string,
    inputsVersion: number,
    name: PartName,
    made: BuiltSections,
  ): Promise<Error | undefined> {
    return this.cache
      .set(modelSectionKey(fixtureId, inputsVersion, name), partOf(made, name), {
        l2TimeoutMs: this.options.l2PatienceMs ?? 1000,
        failOnL2Error: true,
      })
      .then(
        () => undefined,
        (err: unknown) => err as Error, // CacheWriteError: the only rejection of a set with failOnL2Error
      );
  }

  /** Writes every section beside the core that L2 lacks (one build when any does); rejects when a write fails. */
  private async ensureParts(fixtureId: string, inputsVersion: number, build: ModelBuild): Promise<void> {
    // Asked of L2 itself (EXISTS, not the entries): this process's L1 copy proves nothing, a failed write leaves one
    // there. L2 unusable reads as missing: the build's write then fails and the record is retried.
    const held = await Promise.all(
      PARTS.map((name) => this.cache.inL2(modelSectionKey(fixtureId, inputsVersion, name))),
    );
    const missing = PARTS.filter((_, i) => !held[i]);
    if (missing.length === 0) return;
    const made = await build({ sections: ['core', ...missing], core: false });
    const errors = await Promise.all(
      missing.map((name) => this.writePart(fixtureId, inputsVersion, name, made)),
    );
    const error = errors.find((e) => e !== undefined);
    if (error !== undefined) throw error;
  }

  /**
   * The model joined from its core and the given sections (`sectionsNeeded(legs)`; `core` is always read): the core
   * and the others looked up side by side (L1, then L2), then whatever is missing built: the core under its lock
   * (making the legs' sections with it), or the missing sections together beside a cached core. It prices exactly the
   * legs those sections cover.
   */
  async read(
    fixtureId: string,
    inputsVersion: number,
    sections: readonly RecordSection[],
    build: ModelBuild,
    opts?: GetOrComputeOptions,
  ): Promise<ModelRead<CoreModel>> {
    const wanted = PARTS.filter((name) => sections.includes(name));
    // A build of the core here makes only what these legs need (ADR 0035): the core alone for a bet on goals,
    // results and scorers, a quarter (pre-match) to an eighth (in play) of a whole build.
    const reading = this.core(fixtureId, inputsVersion, build, opts, ['core', ...wanted]);
    // The other sections are looked up side by side with the core, so a container's first read of a fixture waits for
    // one L2 round trip, not two. Wasted only when the core is built here, where a miss costs a GET beside a build.
    // Nothing depends on which GET Redis serves first: a section a lookup missed goes through getOrCompute below,
    // which reads L2 again (e.g. a primer's write that landed between the two reads) before it builds.
    const keys = wanted.map((name) => modelSectionKey(fixtureId, inputsVersion, name));
    const looking =
      keys.length === 0
        ? undefined
        : Promise.all(keys.map((key) => this.cache.lookup(key))).catch(() => keys.map(() => undefined));
    const core = await reading;
    if (core.built) {
      const made = core.built;
      const parts: Partial<Record<PartName, ModelSection>> = {};
      for (const name of wanted) parts[name] = partOf(made, name);
      return { value: joinModel(made.core, parts as ModelParts), source: core.source };
    }
    if (looking === undefined) return core;
    // The primer's options are for its own build of a version; a price that finds a section missing builds it at
    // once under the lock (nobody else is producing it). Sections missing together share one build, of them only:
    // looked up first, so a section already cached costs no chain (a read that lacks the corners beside cached cards
    // runs the corner chain alone).
    const found = await looking;
    const missing = wanted.filter((_, i) => found[i] === undefined);
    const partOpts = opts?.lockWaitMs !== undefined ? { lockWaitMs: opts.lockWaitMs } : undefined;
    let rebuilt: Promise<BuiltSections> | undefined;
    const rebuild = () =>
      (rebuilt ??= Promise.resolve().then(() => build({ sections: ['core', ...missing], core: false })));
    const reads = await Promise.all(
      wanted.map(
        async (name, i) =>
          found[i] ??
          this.cache.getOrCompute(
            keys[i]!,
            async (): Promise<ModelSection> => partOf(await rebuild(), name),
            partOpts,
          ),
      ),
    );
    // Each checked to be the section it is keyed as, so the cast below only names what was checked.
    const parts: Partial<Record<PartName, ModelSection>> = {};
    let source = core.source;
    reads.forEach((r, i) => {
      const name = wanted[i]!;
      if (sectionOf(r.value) !== name)
        throw new Error(`the cache entry of ${fixtureId}:${inputsVersion}:${name} is not a model's ${name}`);
      parts[name] = r.value;
      source = colder(source, r.source);
    });
    return { value: joinModel(core.value, parts as ModelParts), source };
  }

  /** The whole model: its core, then every other section (L1 → L2 → build each). */
  async full(
    fixtureId: string,
    inputsVersion: number,
    build: ModelBuild,
    opts?: GetOrComputeOptions,
  ): Promise<ModelRead<FixtureModel>> {
    const read = await this.read(fixtureId, inputsVersion, ALL_SECTIONS, build, opts);
    return read as ModelRead<FixtureModel>;
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

  /** Drops every section of a version from this process's L1 (see `TieredCache.forgetLocal`). */
  forgetLocal(fixtureId: string, inputsVersion: number): void {
    for (const name of ALL_SECTIONS) this.cache.forgetLocal(modelSectionKey(fixtureId, inputsVersion, name));
  }

  /** Removes every section of a version from L1 and L2. */
  async delete(fixtureId: string, inputsVersion: number): Promise<void> {
    await Promise.all(
      ALL_SECTIONS.map((name) => this.cache.delete(modelSectionKey(fixtureId, inputsVersion, name))),
    );
  }

  /** The cache's counters (every section). */
  stats(): CacheStats {
    return this.cache.stats();
  }

  /** Closes the cache (see `TieredCache.close`). */
  close(): Promise<void> {
    return this.cache.close();
  }
}

/** A section a build was asked for; an Error if it did not make it (a build answers at least what it was asked). */
function partOf(made: BuiltSections, name: PartName): ModelSection {
  const part = made[name];
  if (part === undefined)
    throw new Error(`the build of ${made.core.fixtureId} did not make its ${name} section`);
  return part;
}
