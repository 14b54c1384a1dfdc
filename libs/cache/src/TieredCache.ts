import { LRUCache } from 'lru-cache';
import { CacheObserver, type StaleTier } from './CacheObserver';
import { assertSafeKey, assertSafeNamespace } from './cacheKey';
import { sleepOn, systemClock, type Clock } from './Clock';
import { CrossContainerLock } from './CrossContainerLock';
import type { Entry } from './entryEnvelope';
import { CacheWriteError, ComputeTimeoutError, toError } from './errors';
import { FactoryRunner } from './FactoryRunner';
import { RedisTier } from './RedisTier';
import { RemoteTier } from './RemoteTier';
import { defaultTimings, resolveTimings, type ResolvedTimings as Resolved } from './resolveTimings';
import type {
  CacheSource,
  CacheStats,
  GetOrComputeOptions,
  SetOptions,
  TieredCacheOptions,
} from './types/cache';

type Result<V> = { value: V; source: CacheSource };
/** What a load shares with everyone who joined it: the value, and whether storing it in L2 failed. */
type Loaded<V> = Result<V> & { writeError?: Error };
/** A value past its hard TTL that may still be served in grace, and the tier it came from (for `stats().*.stale`). */
type Candidate<V> = { entry: Entry<V>; tier: StaleTier };

const DEFAULT_L1_BYTES = 64 * 1024 * 1024;

/**
 * A two-tier cache: an in-process LRU of decoded values (L1) in front of a shared byte store (L2, Redis),
 * with single flight, a cross-container lock, soft/hard TTL with grace, and a circuit breaker around L2.
 * Cache faults (L2 down, slow, corrupt entries) never reach the caller: they become misses, counted in
 * {@link stats} and reported through `hooks.onEvent`. Only `compute`'s own failure is rethrown, and only
 * when no stale value is available.
 *
 * This class is the orchestration; the parts live beside it: the entry envelope (`entryEnvelope`), the L2 wrapper
 * with breaker, timeout and decode (`RemoteTier`), the lock (`CrossContainerLock`), single flight and compute
 * timeouts (`FactoryRunner`), and stats + events + trace (`CacheObserver`). Time comes from `clock`.
 *
 * @example
 * const redis = createRedisClient({ url: 'redis://127.0.0.1:6379' }); // once per container
 * const cache = new TieredCache<FixtureModel>({
 *   namespace: 'model',
 *   codec: binaryRecordCodec({ schemaId: 1, valueVersion: 1, toRecord, fromRecord }),
 *   redis,
 *   l1: { maxBytes: 64 * 1024 * 1024, sizeOf: modelByteSize },
 *   softTtlMs: 60_000, hardTtlMs: 3_600_000,
 * });
 * const key = cacheKey({ namespace: 'model', valueVersion: MODEL_VERSION, id: fixtureId, inputsVersion });
 * const { value, source } = await cache.getOrCompute(key, () => buildFixtureModel(opinion));
 */
export class TieredCache<V> {
  private readonly l1: LRUCache<string, Entry<V>> | undefined;
  private readonly sizeOf: ((v: V) => number) | undefined;
  private readonly encodedSize: boolean = false;
  private readonly l2: RemoteTier<V> | undefined;
  private readonly lock: CrossContainerLock<V> | undefined;
  private readonly runner: FactoryRunner<Loaded<V>>;
  private readonly observer: CacheObserver;
  private readonly clock: Clock;
  private readonly defaults: Resolved;
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;
  /** Moving average of this cache's successful computations (ms on its clock); undefined before the first. */
  private computeMs: number | undefined;

  constructor(o: TieredCacheOptions<V>) {
    assertSafeNamespace(o.namespace);
    this.clock = o.clock ?? systemClock;
    this.observer = new CacheObserver(o.hooks);
    const l1 = o.l1 ?? { maxBytes: DEFAULT_L1_BYTES, sizeOf: () => 1024 };
    if (l1 !== false) {
      if (!(l1.maxBytes > 0)) throw new RangeError(`l1.maxBytes must be > 0, got ${l1.maxBytes}`);
      this.sizeOf = (v) => l1.sizeOf(v);
      this.encodedSize = l1.encodedSize === true;
      this.l1 = new LRUCache<string, Entry<V>>({ maxSize: l1.maxBytes });
    }
    const tier = o.l2 ?? (o.redis ? new RedisTier(o.redis, { firstConnectWaitMs: 1000 }) : undefined);
    if (tier) {
      this.l2 = new RemoteTier(tier, o.namespace, o.codec, this.observer, this.clock, o.breaker);
      const bg = (p: Promise<unknown>) => this.background(p);
      this.lock = new CrossContainerLock(this.l2, this.observer, this.clock, o.lockTtlMs ?? 5000, bg);
    }
    this.runner = new FactoryRunner(this.observer, this.clock);
    this.defaults = defaultTimings(o);
  }

  /**
   * Returns the value for `key` and where it came from. L1 hit → `L1`; else L2 → `L2`; else one computation
   * per key across this process (single flight) and, with `coalesce`, across containers (Redis lock) → `COMPUTED`.
   * A value past its soft TTL is returned at once as `STALE` while a background refresh runs; a value in its
   * grace window is returned as `STALE` only if `compute` fails or times out.
   *
   * Rejects only with `compute`'s own error (or `ComputeTimeoutError`) when there is nothing stale to serve,
   * with `CacheKeyError` for a key outside the safe charset, or — only for a caller that passed `failOnL2Error` —
   * with `CacheWriteError` when the value could not be stored in L2. A caller that joins a computation another
   * caller started gets the computed value even when storing it failed, unless it passed `failOnL2Error` itself.
   *
   * @example
   * const { value, source } = await cache.getOrCompute(key, () => build(opinion), { computeTimeoutMs: 800 });
   */
  getOrCompute(
    key: string,
    compute: () => Promise<V> | V,
    opts?: GetOrComputeOptions,
  ): Promise<{ value: V; source: CacheSource }> {
    // Fast path: a fresh L1 hit costs one map lookup and one resolved promise.
    if (this.l1 !== undefined && !this.observer.tracing) {
      const e = this.l1.get(key);
      if (e !== undefined && this.clock.now() < e.softAt) {
        this.observer.l1Hit(key, false, 0);
        return Promise.resolve({ value: e.value, source: 'L1' });
      }
    }
    try {
      assertSafeKey(key);
    } catch (err) {
      return Promise.reject(toError(err));
    }
    return this.slowPath(key, compute, this.resolve(opts));
  }

  /**
   * The value if L1 or L2 has it within its hard TTL, else `undefined`. Never computes, never throws on cache faults.
   *
   * @example
   * const model = await cache.get(key);
   */
  async get(key: string): Promise<V | undefined> {
    return (await this.lookup(key))?.value;
  }

  /**
   * {@link get} with the tier that answered: what a caller reading several keys uses to learn which are missing
   * before it computes them together. Never computes, never throws on cache faults; an L2 slower than `l2TimeoutMs`
   * reads as missing (no patience: nothing is computed on its answer).
   *
   * @example
   * const found = await cache.lookup(key); // { value, source: 'L1' } | { value, source: 'L2' } | undefined
   */
  async lookup(key: string): Promise<{ value: V; source: 'L1' | 'L2' } | undefined> {
    assertSafeKey(key);
    const now = this.clock.now();
    if (this.l1) {
      const t0 = this.observer.startUs();
      const e = await this.observer.traced('cache.l1', () => Promise.resolve(this.l1!.get(key)));
      if (e && now < e.hardAt) {
        this.observer.l1Hit(key, now >= e.softAt, t0);
        return { value: e.value, source: 'L1' };
      }
      this.observer.l1Miss(key, t0);
    }
    if (!this.l2) return undefined;
    const r = await this.l2.read(key, this.defaults.l2TimeoutMs, true);
    if (r.entry && now < r.entry.hardAt) {
      this.l1Set(key, r.entry);
      return { value: r.entry.value, source: 'L2' };
    }
    return undefined;
  }

  /**
   * Writes L1 and L2 (the L2 write is awaited). L2 failures are counted and swallowed unless
   * `failOnL2Error` is set, in which case they reject with `CacheWriteError`.
   *
   * @example
   * await cache.set(key, buildFixtureModel(opinion)); // e.g. from the DynamoDB stream primer
   */
  async set(key: string, value: V, opts?: SetOptions): Promise<void> {
    assertSafeKey(key);
    const o = this.resolve(opts);
    const entry = this.makeEntry(value, o);
    this.l1Set(key, entry);
    if (!this.l2) return;
    const err = await this.l2.write(key, entry, o.graceMs, o.l2TimeoutMs);
    if (err && opts?.failOnL2Error) throw writeError(key, err);
  }

  /**
   * Drops the key from this process's L1 only (L2 and other processes keep it): for a value this process will not
   * ask for again, e.g. a fixture version older than the one it now prices, so it does not push others out of L1.
   *
   * @example
   * cache.forgetLocal(modelCacheKey(fixtureId, 3)); // version 4 is priced now
   */
  forgetLocal(key: string): void {
    this.l1?.delete(key);
  }

  /**
   * Removes the key from L1 and L2 (L2 failures are counted, not thrown).
   *
   * @example
   * await cache.delete(key);
   */
  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    this.l1?.delete(key);
    await this.l2?.delete(key, this.defaults.l2TimeoutMs);
  }

  /**
   * Writes this process's L1 values back to L2 where L2 lacks them: for a shared tier that lost its data (Redis
   * restarted empty, a node replaced), so other processes read what this one holds instead of computing it again.
   * The `maxEntries` most recently used L1 values within their hard TTL (of those `only` accepts, when given),
   * `concurrency` at a time (one by default), each skipped when L2 already has it (`has`, so its bytes are not sent
   * again). A Redis that just came back is often still behind an open circuit breaker: an L2 that cannot be used is
   * waited for (polling every 100 ms) up to `waitForL2Ms` in all, then the rest is left. Resolves with how many it wrote. Never throws.
   *
   * @example
   * // the shared tier came back without its data (apps/pricing-lambda: its epoch key was gone)
   * const written = await cache.writeBackL1({ maxEntries: 64 });
   * const cores = await cache.writeBackL1({ maxEntries: 512, only: (v) => sectionOf(v) === 'core', concurrency: 8 });
   */
  async writeBackL1(o: {
    maxEntries: number;
    waitForL2Ms?: number;
    only?: (value: V) => boolean;
    /** How many entries are written at once (each an `EXISTS` and maybe a `SET`). @default 1 */
    concurrency?: number;
  }): Promise<number> {
    if (!this.l1 || !this.l2 || this.closed) return 0;
    const l2 = this.l2;
    const t = this.defaults;
    const wanted: [string, Entry<V>][] = [];
    // lru-cache iterates from the most to the least recently used, without changing the order.
    for (const [key, e] of this.l1.entries()) {
      if (wanted.length >= o.maxEntries) break;
      if (this.clock.now() < e.hardAt && (o.only === undefined || o.only(e.value))) wanted.push([key, e]);
    }
    const deadline = this.clock.now() + (o.waitForL2Ms ?? 10_000);
    /** One key: true when written, false when L2 had it (or refused this one value), undefined when L2 was unusable. */
    const one = async (key: string, e: Entry<V>): Promise<boolean | undefined> => {
      const there = await l2.has(key, t.l2TimeoutMs);
      if (there === 'error') return undefined;
      if (there) return false;
      const failed = await l2.write(key, e, t.graceMs, t.l2TimeoutMs, t.l2PatienceMs);
      if (!failed) return true;
      // A failure with the breaker still closed is this value's (unencodable, one slow write): skip it, not wait.
      return l2.breakerState === 'closed' ? false : undefined;
    };
    let written = 0;
    let next = 0;
    let gaveUp = false;
    // `concurrency` workers take the entries in order (most recently used first); each waits out an unusable L2.
    const worker = async (): Promise<void> => {
      while (!gaveUp && next < wanted.length) {
        const [key, e] = wanted[next++]!;
        for (;;) {
          if (this.closed) {
            gaveUp = true;
            return;
          }
          // Behind the breaker: an open one answers at once, and lets a trial through after its cool-down.
          const r = await one(key, e);
          if (r !== undefined) {
            if (r) written++;
            break;
          }
          if (this.clock.now() >= deadline) {
            gaveUp = true;
            return;
          }
          await sleepOn(this.clock, 100);
        }
      }
    };
    const workers = Math.max(1, Math.min(o.concurrency ?? 1, wanted.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return written;
  }

  /**
   * Whether L2 holds the key, asked without transferring the value (`has`: Redis `EXISTS`); false without an L2, when
   * the tier cannot tell, or when L2 is unusable (breaker open, timeout, error). An entry past its hard TTL but still
   * in L2 (its grace) counts as held.
   *
   * @example
   * if (!(await cache.inL2(key))) await cache.set(key, value, { failOnL2Error: true });
   */
  async inL2(key: string): Promise<boolean> {
    assertSafeKey(key);
    if (!this.l2) return false;
    return (await this.l2.has(key, this.defaults.l2TimeoutMs)) === true;
  }

  /** The L2 circuit breaker's state (`closed` without an L2): whether L2 is being asked at all right now. */
  get l2Breaker(): CacheStats['l2']['breaker'] {
    return this.l2?.breakerState ?? 'closed';
  }

  /**
   * A snapshot of the counters (hits, misses, stale, errors per tier, bytes, decode time, computes, locks).
   *
   * @example
   * const { l1, l2 } = cache.stats(); metrics.add('l2Hits', l2.hits);
   */
  stats(): CacheStats {
    return this.observer.snapshot(this.l1?.size ?? 0, this.l1?.calculatedSize ?? 0, this.l2Breaker);
  }

  /** Resolves once background work (refreshes, write-behind, lock releases) has settled. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Waits for background work, clears L1 and closes tiers the cache created itself (never a client passed in).
   *
   * @example
   * await cache.close(); await redis.quit();
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    this.l1?.clear();
    await this.l2?.close();
  }

  // ---------------------------------------------------------------------------------------------

  private resolve(o: GetOrComputeOptions | SetOptions | undefined): Resolved {
    return resolveTimings(this.defaults, o);
  }

  /**
   * How long an L2 operation whose failure costs a computation may wait: twice this cache's recent compute time (the
   * whole `l2PatienceMs` before its first computation: a process's first one is also its slowest), within
   * [`l2TimeoutMs`, `l2PatienceMs`]. On a loaded machine computing slows down with everything else, so the wait grows.
   */
  private patienceMs(o: Resolved): number {
    const cap = Math.max(o.l2TimeoutMs, o.l2PatienceMs);
    return this.computeMs === undefined ? cap : Math.min(cap, Math.max(o.l2TimeoutMs, 2 * this.computeMs));
  }

  private background(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined);
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }

  private makeEntry(value: V, o: Resolved): Entry<V> {
    const now = this.clock.now();
    return { value, softAt: now + o.softTtlMs, hardAt: now + o.hardTtlMs };
  }

  private l1Set(key: string, e: Entry<V>): void {
    if (!this.l1 || !this.sizeOf) return;
    const measured = this.encodedSize && e.encodedBytes !== undefined ? e.encodedBytes : this.sizeOf(e.value);
    const size = Math.max(1, Math.ceil(measured));
    if (size > this.l1.maxSize) return; // bigger than the whole L1: not worth evicting everything for
    this.l1.set(key, e, { size });
    this.observer.l1Set();
  }

  private async slowPath(key: string, compute: () => Promise<V> | V, o: Resolved): Promise<Result<V>> {
    const now = this.clock.now();
    let stale: Candidate<V> | undefined;
    if (this.l1) {
      const t0 = this.observer.startUs();
      const e = await this.observer.traced('cache.l1', () => Promise.resolve(this.l1!.get(key)));
      if (e !== undefined) {
        if (now < e.softAt) {
          this.observer.l1Hit(key, false, t0);
          return { value: e.value, source: 'L1' };
        }
        if (now < e.hardAt) {
          this.observer.l1Hit(key, true, t0);
          this.observer.staleServed('l1', key, 'soft-ttl');
          this.refreshInBackground(key, compute, o);
          return { value: e.value, source: 'STALE' };
        }
        if (now < e.hardAt + o.graceMs) stale = { entry: e, tier: 'l1' };
        else this.l1.delete(key);
      }
      this.observer.l1Miss(key, t0);
    }
    const loaded = await this.runner.join(key, () => this.load(key, compute, o, stale, false));
    if (loaded.writeError && o.failOnL2Error) {
      // The caller will retry: it must not find this unshared value in L1 and skip the write.
      if (this.l1?.get(key)?.value === loaded.value) this.l1.delete(key);
      throw writeError(key, loaded.writeError);
    }
    return { value: loaded.value, source: loaded.source };
  }

  private refreshInBackground(key: string, compute: () => Promise<V> | V, o: Resolved): void {
    if (this.closed) return;
    const p = this.runner.refresh(key, () => this.load(key, compute, o, undefined, true));
    if (p) this.background(p);
  }

  /** L2, then (coalesced) compute. `refresh`: a background refresh, which must not settle for a stale L2 entry. */
  private async load(
    key: string,
    compute: () => Promise<V> | V,
    o: Resolved,
    stale: Candidate<V> | undefined,
    refresh: boolean,
  ): Promise<Loaded<V>> {
    let candidate = stale;
    if (!this.l2 || !this.lock) return this.computeAndStore(key, compute, o, candidate, undefined);
    // A slow L2 is waited for as long as computing would take: the value is most likely there (the primer or another
    // container wrote it), and building it instead costs more CPU than any wait on a loaded machine.
    const r = await this.l2.read(key, o.l2TimeoutMs, true, this.patienceMs(o));
    const e = r.entry;
    if (e) {
      const now = this.clock.now();
      if (now < e.softAt) {
        this.l1Set(key, e);
        return { value: e.value, source: 'L2' };
      }
      if (now < e.hardAt && !refresh) {
        this.l1Set(key, e);
        this.observer.staleServed('l2', key, 'soft-ttl');
        this.refreshInBackground(key, compute, o);
        return { value: e.value, source: 'STALE' };
      }
      if (now < e.hardAt + o.graceMs && (!candidate || e.hardAt > candidate.entry.hardAt)) {
        candidate = { entry: e, tier: 'l2' };
      }
    }
    if (!o.coalesce || r.failed) return this.computeAndStore(key, compute, o, candidate, undefined);
    if (o.awaitOthersMs > 0 && !refresh && !r.corrupt) {
      // A dedicated writer (the stream primer) is producing this value: waiting for it costs no CPU, computing does.
      const awaited = await this.lock.awaitValue(key, o.awaitOthersMs, o.l2TimeoutMs);
      if (awaited) {
        this.l1Set(key, awaited);
        return { value: awaited.value, source: 'L2' };
      }
    }
    const locked = await this.lock.acquire(key, o);
    if (locked.kind === 'value') {
      this.l1Set(key, locked.entry);
      return { value: locked.entry.value, source: 'L2' };
    }
    return this.computeAndStore(
      key,
      compute,
      o,
      candidate,
      locked.kind === 'owned' ? locked.token : undefined,
    );
  }

  private async computeAndStore(
    key: string,
    compute: () => Promise<V> | V,
    o: Resolved,
    candidate: Candidate<V> | undefined,
    lockToken: string | undefined,
  ): Promise<Loaded<V>> {
    let value: V;
    const started = this.clock.now();
    try {
      value = await this.runner.compute(key, compute, o.computeTimeoutMs);
      const ms = this.clock.now() - started;
      this.computeMs = this.computeMs === undefined ? ms : 0.8 * this.computeMs + 0.2 * ms;
    } catch (err) {
      if (lockToken) this.background(this.lock!.release(key, lockToken, o));
      // The timeout was soft: there is a value to fall back on.
      if (candidate && this.clock.now() < candidate.entry.hardAt + o.graceMs) {
        const reason = err instanceof ComputeTimeoutError ? 'compute-timeout' : 'compute-failed';
        this.observer.staleServed(candidate.tier, key, reason);
        return { value: candidate.entry.value, source: 'STALE' };
      }
      throw err;
    }
    const entry = this.makeEntry(value, o);
    this.l1Set(key, entry);
    if (!this.l2) return { value, source: 'COMPUTED' };
    // Awaited on purpose: in Lambda, work left after the response is frozen until the next invocation,
    // which would keep other containers waiting on our lock. Patient: a value that misses L2 is computed again elsewhere.
    const err = await this.l2.write(key, entry, o.graceMs, o.l2TimeoutMs, this.patienceMs(o));
    if (lockToken) this.background(this.lock!.release(key, lockToken, o));
    return err ? { value, source: 'COMPUTED', writeError: err } : { value, source: 'COMPUTED' };
  }
}

function writeError(key: string, cause: Error): CacheWriteError {
  return new CacheWriteError(`L2 write of "${key}" failed: ${cause.message}`, { cause });
}
