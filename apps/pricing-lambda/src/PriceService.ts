import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CacheSource } from '@betbuilder/cache';
import {
  ALL_SECTIONS,
  buildFixtureModel,
  price,
  sectionsNeeded,
  splitModel,
  type CoreModel,
  type FixtureModel,
  type Leg,
  type PriceResult,
  type RecordSection,
} from '@betbuilder/pricing-model';
import { buildModel } from './buildModel';
import { FixtureUnavailableError } from './errors/FixtureUnavailableError';
import type { BuildRequest, ModelStore } from './ModelStore';
import { traceAsync, traceSync, type Tracing } from './observability';
import type { CurrentVersions } from './CurrentVersions';
import { isStoredOpinion } from './CachedOpinionReader';
import { isInPlay } from './quotes/inPlay';
import type { FixtureHead, OpinionReader, StoredOpinion } from './types/opinion';
import { WARMUP_FIXTURE_ID, WARMUP_OPINION, warmUpPricing } from './warmupFixture';

/** The contract's 200 body of `POST /v1/price`: the price of the fixture version's model, and which version it was. */
export type PriceResponse = { fixtureId: string; inputsVersion: number; modelVersion: string } & PriceResult;

/** The 200 body from the priced bet (fields in the contract's order). */
export function toPriceResponse(
  version: { readonly fixtureId: string; readonly inputsVersion: number },
  modelVersion: string,
  result: PriceResult,
): PriceResponse {
  const { probability, fairOdds, margin, odds, legs } = result;
  const { fixtureId, inputsVersion } = version;
  return { fixtureId, inputsVersion, modelVersion, probability, fairOdds, margin, odds, legs };
}

/** The price path's opinion source: whole opinions, and (cheaper) the current version + status. */
export interface PriceOpinionSource extends OpinionReader {
  /**
   * The current version and status (or a whole opinion when that is what was at hand), and whether it was just read
   * from the table (no cached entry, no pointer).
   */
  getHead(fixtureId: string): Promise<{ head: FixtureHead | StoredOpinion | undefined; fromStore: boolean }>;
}

export interface PriceServiceDeps {
  readonly opinions: PriceOpinionSource;
  /** Shared current-version pointers; when given, a price that had to read the table publishes what it read. */
  readonly versions?: CurrentVersions;
  /** The models' sections (core, cards, corners, halves): a price reads the core and what its legs need. */
  readonly models: ModelStore;
  readonly tracer: Tracing;
  readonly metrics: Metrics;
  /**
   * How long a price of an in-play version missing from L1 and L2 waits for the primer's model before building it
   * (ADR 0027). @default 0 (build at once)
   */
  readonly inPlayPrimerWaitMs?: number;
}

/** Most fixtures whose newest priced version a container remembers (to drop older versions from its L1). */
const MAX_TRACKED_FIXTURES = 20_000;

/**
 * The price path: opinion (L1 opinion cache → DAX/DynamoDB) → fixture model (L1 → L2 → build; its core and only the
 * sections the legs need, ADR 0028 and 0034) → price.
 * Throws domain errors only — FixtureUnavailableError (NOT_FOUND, SUSPENDED), OpinionStoreError or PricingError —
 * which the handler's edge (`http.ts`) maps onto the contract's statuses.
 *
 * @example
 * const service = new PriceService({ opinions, models, tracer, metrics });
 * const { response, source } = await service.price({ fixtureId: 'epl-2026-12-05-ars-che', legs });
 */
export class PriceService {
  private warmed: Promise<CacheSource | 'failed'> | undefined;
  /** The newest version of each fixture this container priced: an older one's model leaves L1 (never priced again). */
  private readonly newest = new Map<string, number>();

  constructor(private readonly deps: PriceServiceDeps) {}

  /**
   * The model of `head`'s version: L1 → L2 → build, its core joined with `sections`. Building needs the
   * whole opinion: the head itself when it is one, else the table's current opinion; if the table holds another
   * version than the head names (a pointer lagging a write, or a removed fixture), answers undefined and the caller
   * prices what the table holds.
   */
  private async modelFor(
    fixtureId: string,
    head: FixtureHead | StoredOpinion | undefined,
    sections: readonly RecordSection[],
  ): Promise<{ model: CoreModel; source: CacheSource; head: FixtureHead } | undefined> {
    if (head === undefined) {
      throw new FixtureUnavailableError('NOT_FOUND', fixtureId);
    }
    if (head.status === 'SUSPENDED') {
      throw new FixtureUnavailableError('SUSPENDED', fixtureId);
    }
    const { tracer, metrics, models } = this.deps;
    const build = async (request: BuildRequest) => {
      // An in-play version is read strongly consistently (never an older item from DAX or a cache).
      const opinion = isStoredOpinion(head)
        ? head
        : await this.deps.opinions.get(fixtureId, isInPlay(head) ? { consistent: true } : {});
      if (opinion?.inputsVersion !== head.inputsVersion) throw new VersionMovedError();
      return buildModel(opinion, { tracer, metrics }, request);
    };
    // The primer builds every in-play version as it is written (its kick-off calibration is warm there): wait a
    // little for its model in L2 rather than build a copy here (a build still happens once, under the lock).
    const opts =
      isInPlay(head) && this.deps.inPlayPrimerWaitMs
        ? { awaitOthersMs: this.deps.inPlayPrimerWaitMs }
        : undefined;
    try {
      const { value, source } = await models.read(fixtureId, head.inputsVersion, sections, build, opts);
      this.retireOlder(fixtureId, head.inputsVersion);
      return { model: value, source, head };
    } catch (err) {
      if (err instanceof VersionMovedError) return undefined;
      throw err;
    }
  }

  /**
   * Drops the fixture's previous version from this container's L1 once a newer one is priced (prices never go back to
   * an older version): an in-play fixture gets a version every few seconds, whose models would otherwise fill L1 and
   * push other fixtures' current models out (re-read from L2 on their next price).
   */
  private retireOlder(fixtureId: string, inputsVersion: number): void {
    const previous = this.newest.get(fixtureId);
    if (previous !== undefined && previous >= inputsVersion) return;
    if (this.newest.size >= MAX_TRACKED_FIXTURES) this.newest.clear();
    this.newest.set(fixtureId, inputsVersion);
    if (previous !== undefined) this.deps.models.forgetLocal(fixtureId, previous);
  }

  /**
   * Runs the price path once on the built-in warm-up fixture ({@link WARMUP_OPINION}, never stored): builds its model
   * in this container, then fetches it through the real model cache (L1 → L2 → the model just built; every container
   * shares one L2 entry, so all but the first decode it from L2), then {@link warmUpPricing}: the fixed warm-up bets
   * (error paths included), the market menu, and bets drawn from the whole menu, twice within a time budget (ADR 0033).
   * A container's first real price then finds that code optimized on complete type feedback instead of paying ~100 ms
   * of V8 compilation and recompiling as real bets take branches a handful of bets never took; its first build on a
   * request (a version the primer has not built yet) costs ~30 ms instead of the ~300 ms of CPU a process's first build costs. Once per container (later calls answer at once); no opinion read,
   * no metrics. Never throws: answers `'failed'` and retries on the next warm-up.
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
    // Not buildModel: a warm-up build is not a fixture's build and must not count in ModelBuildTime.
    const built = buildFixtureModel(WARMUP_OPINION);
    // Both sections, so both decoders run once (all but the first container read them from L2).
    const { value: model, source } = await this.deps.models.full(
      WARMUP_FIXTURE_ID,
      WARMUP_OPINION.inputsVersion,
      () => splitModel(built),
    );
    warmUpPricing(model);
    return source;
  }

  /**
   * The whole model a price of the fixture uses at this moment (the menu, quote checks): the current version's
   * (opinion head → L1 → L2 → build, every section). Throws FixtureUnavailableError (`NOT_FOUND`, `SUSPENDED`,
   * `IN_PLAY`) or OpinionStoreError; the handlers map them to HTTP.
   *
   * @example
   * const { model, inputsVersion } = await service.currentModel('epl-2026-12-05-ars-che');
   */
  async currentModel(
    fixtureId: string,
  ): Promise<{ model: FixtureModel; source: CacheSource; inputsVersion: number; head: FixtureHead }> {
    const found = await this.current(fixtureId, ALL_SECTIONS);
    return { ...found, model: found.model as FixtureModel };
  }

  /** {@link currentModel}, of the core joined with `sections` only. */
  private async current(
    fixtureId: string,
    sections: readonly RecordSection[],
  ): Promise<{ model: CoreModel; source: CacheSource; inputsVersion: number; head: FixtureHead }> {
    const { head, fromStore } = await traceAsync(this.deps.tracer, 'opinion.get', () =>
      this.deps.opinions.getHead(fixtureId),
    );
    let found = await this.modelFor(fixtureId, head, sections);
    if (found === undefined) {
      // The pointer named a version the table no longer holds (a newer write whose model is not built yet, or a
      // removal): price what the table holds now.
      found = (await this.modelFor(fixtureId, await this.deps.opinions.get(fixtureId), sections))!;
    } else if (fromStore && this.deps.versions) {
      // No pointer was there (expired, evicted, Redis restarted): publish what the table said, now that its model is cached.
      await this.deps.versions.publish(found.head);
    }
    return {
      model: found.model,
      source: found.source,
      inputsVersion: found.head.inputsVersion,
      head: found.head,
    };
  }

  /**
   * Prices the legs on the fixture's current model: its core joined with the sections the legs need (`sectionsNeeded`).
   *
   * @example
   * const { response } = await service.price({ fixtureId: 'epl-2026-12-05-ars-che', legs });
   */
  async price(request: {
    fixtureId: string;
    legs: readonly Leg[];
  }): Promise<{ response: PriceResponse; source: CacheSource; head: FixtureHead }> {
    const { fixtureId } = request;
    const { model, source, inputsVersion, head } = await this.current(
      fixtureId,
      sectionsNeeded(request.legs),
    );
    const result = traceSync(this.deps.tracer, 'price', () => price(model, request.legs));
    return {
      source,
      head,
      response: toPriceResponse({ fixtureId, inputsVersion }, model.modelVersion, result),
    };
  }
}

/** The opinion behind a current-version pointer is gone or newer: the model to price is another version's. */
class VersionMovedError extends Error {
  readonly code = 'VERSION_MOVED';
  constructor() {
    super('the stored opinion is not the version the pointer named');
    this.name = 'VersionMovedError';
  }
}
