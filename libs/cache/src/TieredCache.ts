import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { assertSafeKey, assertSafeNamespace } from './cacheKey';
import { CircuitBreaker } from './CircuitBreaker';
import { CacheWriteError, CodecError, ComputeTimeoutError, L2TimeoutError, toError } from './errors';
import { RedisTier } from './RedisTier';
import type {
  CacheEvent,
  CacheSource,
  CacheStats,
  GetOrComputeOptions,
  SetOptions,
  TieredCacheOptions,
  TraceName,
} from './types/cache';
import type { ValueCodec } from './types/record';
import type { CacheTier } from './types/tier';

/*
 * L2 entry = 24-byte envelope + codec bytes. The envelope is a multiple of 8 so codec sections that are
 * 8-aligned relative to the codec start stay 8-aligned in the stored buffer.
 *   0 u32 magic 'BBCE'   4 u16 envelope version   6 u16 reserved   8 f64 softAt (epoch ms)   16 f64 hardAt (epoch ms)
 */
const ENVELOPE_BYTES = 24;
const ENVELOPE_MAGIC = 0x45434242;
const ENVELOPE_VERSION = 1;

interface Entry<V> {
  value: V;
  /** Epoch ms after which the value is served stale and refreshed. */
  softAt: number;
  /** Epoch ms after which the value is only served as a fallback. */
  hardAt: number;
}

interface Resolved {
  softTtlMs: number;
  hardTtlMs: number;
  graceMs: number;
  l2TimeoutMs: number;
  computeTimeoutMs: number | undefined;
  coalesce: boolean;
  lockWaitMs: number;
  failOnL2Error?: boolean;
}

type Result<V> = { value: V; source: CacheSource };
type L2Read<V> = { entry?: Entry<V>; failed?: boolean; corrupt?: boolean };

const DEFAULT_HARD_TTL_MS = 3_600_000;
const DEFAULT_GRACE_MS = 600_000;
const DEFAULT_L1_BYTES = 64 * 1024 * 1024;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new L2TimeoutError(what, ms)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(toError(e));
      },
    );
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const nowUs = () => performance.now() * 1000;

function zeroStats(): CacheStats {
  const tier = { hits: 0, misses: 0, stale: 0, errors: 0 };
  return {
    l1: { ...tier, entries: 0, bytes: 0, sets: 0 },
    l2: {
      ...tier,
      timeouts: 0,
      corrupt: 0,
      sets: 0,
      bytesRead: 0,
      bytesWritten: 0,
      decodeUsTotal: 0,
      decodes: 0,
      readUsTotal: 0,
      skippedByBreaker: 0,
      breaker: 'closed',
    },
    compute: { computes: 0, errors: 0, timeouts: 0, usTotal: 0 },
    coalesce: { joinedInFlight: 0, locksAcquired: 0, lockWaits: 0, lockWaitHits: 0, lockWaitTimeouts: 0 },
  };
}

/**
 * A two-tier cache: an in-process LRU of decoded values (L1) in front of a shared byte store (L2, Redis),
 * with single flight, a cross-container lock, soft/hard TTL with grace, and a circuit breaker around L2.
 * Cache faults (L2 down, slow, corrupt entries) never reach the caller: they become misses, counted in
 * {@link stats} and reported through `hooks.onEvent`. Only `compute`'s own failure is rethrown, and only
 * when no stale value is available.
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
  private readonly ns: string;
  private readonly codec: ValueCodec<V>;
  private readonly l1: LRUCache<string, Entry<V>> | undefined;
  private readonly sizeOf: ((v: V) => number) | undefined;
  private readonly l2: CacheTier | undefined;
  private readonly breaker: CircuitBreaker;
  private readonly defaults: Resolved;
  private readonly lockTtlMs: number;
  private readonly trace: (<T>(name: TraceName, fn: () => Promise<T>) => Promise<T>) | undefined;
  private readonly onEvent: ((e: CacheEvent) => void) | undefined;
  private readonly inflight = new Map<string, Promise<Result<V>>>();
  private readonly refreshing = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly s: CacheStats = zeroStats();
  private closed = false;

  constructor(o: TieredCacheOptions<V>) {
    assertSafeNamespace(o.namespace);
    this.ns = o.namespace;
    this.codec = o.codec;
    const l1 = o.l1 ?? { maxBytes: DEFAULT_L1_BYTES, sizeOf: () => 1024 };
    if (l1 !== false) {
      if (!(l1.maxBytes > 0)) throw new RangeError(`l1.maxBytes must be > 0, got ${l1.maxBytes}`);
      this.sizeOf = (v) => l1.sizeOf(v);
      this.l1 = new LRUCache<string, Entry<V>>({ maxSize: l1.maxBytes });
    }
    this.l2 = o.l2 ?? (o.redis ? new RedisTier(o.redis, { firstConnectWaitMs: 1000 }) : undefined);
    const hard = o.hardTtlMs ?? DEFAULT_HARD_TTL_MS;
    this.defaults = {
      hardTtlMs: hard,
      softTtlMs: Math.min(o.softTtlMs ?? hard, hard),
      graceMs: o.graceMs ?? DEFAULT_GRACE_MS,
      l2TimeoutMs: o.l2TimeoutMs ?? 50,
      computeTimeoutMs: o.computeTimeoutMs,
      coalesce: o.coalesce ?? true,
      lockWaitMs: o.lockWaitMs ?? 2000,
    };
    this.lockTtlMs = o.lockTtlMs ?? 5000;
    this.trace = o.hooks?.trace?.bind(o.hooks);
    this.onEvent = o.hooks?.onEvent?.bind(o.hooks);
    this.breaker = new CircuitBreaker(
      o.breaker?.failureThreshold ?? 5,
      o.breaker?.cooldownMs ?? 2000,
      (state) => {
        this.s.l2.breaker = state;
        this.emit({ type: 'breaker', state });
      },
    );
  }

  /**
   * Returns the value for `key` and where it came from. L1 hit → `L1`; else L2 → `L2`; else one computation
   * per key across this process (single flight) and, with `coalesce`, across containers (Redis lock) → `COMPUTED`.
   * A value past its soft TTL is returned at once as `STALE` while a background refresh runs; a value in its
   * grace window is returned as `STALE` only if `compute` fails or times out.
   *
   * Rejects only with `compute`'s own error (or `ComputeTimeoutError`) when there is nothing stale to serve,
   * or with `CacheKeyError` for a key outside the safe charset.
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
    if (this.l1 !== undefined && this.trace === undefined) {
      const e = this.l1.get(key);
      if (e !== undefined && Date.now() < e.softAt) {
        this.s.l1.hits++;
        if (this.onEvent) this.emit({ type: 'hit', tier: 'L1', key, stale: false, durationUs: 0 });
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
    assertSafeKey(key);
    const now = Date.now();
    const e = this.l1 ? await this.traced('cache.l1', () => Promise.resolve(this.l1Lookup(key))) : undefined;
    if (e && now < e.hardAt) {
      this.s.l1.hits++;
      return e.value;
    }
    if (this.l1) this.s.l1.misses++;
    if (!this.l2) return undefined;
    const r = await this.l2Read(key, this.defaults.l2TimeoutMs, true);
    if (r.entry && now < r.entry.hardAt) {
      this.l1Set(key, r.entry);
      return r.entry.value;
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
    const entry = this.makeEntry(value, o, Date.now());
    this.l1Set(key, entry);
    if (!this.l2) return;
    const err = await this.l2Write(key, entry, o);
    if (err && opts?.failOnL2Error)
      throw new CacheWriteError(`L2 write of "${key}" failed: ${err.message}`, { cause: err });
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
    if (!this.l2 || !this.breaker.allow()) return;
    try {
      await this.traced('cache.l2', () =>
        withTimeout(this.l2!.delete(this.l2Key(key)), this.defaults.l2TimeoutMs, 'delete'),
      );
      this.breaker.success();
    } catch (err) {
      this.l2Failed(key, 'delete', err);
    }
  }

  /**
   * A snapshot of the counters (hits, misses, stale, errors per tier, bytes, decode time, computes, locks).
   *
   * @example
   * const { l1, l2 } = cache.stats(); metrics.add('l2Hits', l2.hits);
   */
  stats(): CacheStats {
    const s = structuredClone(this.s);
    s.l1.entries = this.l1?.size ?? 0;
    s.l1.bytes = this.l1?.calculatedSize ?? 0;
    s.l2.breaker = this.breaker.state;
    return s;
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
    if (!o) return this.defaults;
    const d = this.defaults;
    const g = o as GetOrComputeOptions;
    const hard = g.hardTtlMs ?? d.hardTtlMs;
    return {
      hardTtlMs: hard,
      softTtlMs: Math.min(g.softTtlMs ?? (g.hardTtlMs !== undefined ? hard : d.softTtlMs), hard),
      graceMs: g.graceMs ?? d.graceMs,
      l2TimeoutMs: g.l2TimeoutMs ?? d.l2TimeoutMs,
      computeTimeoutMs: g.computeTimeoutMs ?? d.computeTimeoutMs,
      coalesce: g.coalesce ?? d.coalesce,
      lockWaitMs: g.lockWaitMs ?? d.lockWaitMs,
      failOnL2Error: g.failOnL2Error === true,
    };
  }

  private emit(e: CacheEvent): void {
    if (!this.onEvent) return;
    try {
      this.onEvent(e);
    } catch {
      // An observer must never break a read.
    }
  }

  private traced<T>(name: TraceName, fn: () => Promise<T>): Promise<T> {
    return this.trace ? this.trace(name, fn) : fn();
  }

  private background(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined);
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }

  private l2Key(key: string): string {
    return `${this.ns}:${key}`;
  }

  private lockKey(key: string): string {
    // '#' never appears in an accepted key, so a lock key can never collide with a value key.
    return `${this.ns}:${key}#lock`;
  }

  private makeEntry(value: V, o: Resolved, now: number): Entry<V> {
    return { value, softAt: now + o.softTtlMs, hardAt: now + o.hardTtlMs };
  }

  private l1Lookup(key: string): Entry<V> | undefined {
    return this.l1?.get(key);
  }

  private l1Set(key: string, e: Entry<V>): void {
    if (!this.l1 || !this.sizeOf) return;
    const size = Math.max(1, Math.ceil(this.sizeOf(e.value)));
    if (size > this.l1.maxSize) return; // bigger than the whole L1: not worth evicting everything for
    this.l1.set(key, e, { size });
    this.s.l1.sets++;
  }

  private async slowPath(key: string, compute: () => Promise<V> | V, o: Resolved): Promise<Result<V>> {
    const now = Date.now();
    let stale: Entry<V> | undefined;
    if (this.l1) {
      const t0 = this.onEvent ? nowUs() : 0;
      const e = await this.traced('cache.l1', () => Promise.resolve(this.l1Lookup(key)));
      if (e !== undefined) {
        if (now < e.softAt) {
          this.s.l1.hits++;
          this.emit({ type: 'hit', tier: 'L1', key, stale: false, durationUs: nowUs() - t0 });
          return { value: e.value, source: 'L1' };
        }
        if (now < e.hardAt) {
          this.s.l1.hits++;
          this.s.l1.stale++;
          this.emit({ type: 'hit', tier: 'L1', key, stale: true, durationUs: nowUs() - t0 });
          this.emit({ type: 'stale-served', key, reason: 'soft-ttl' });
          this.refreshInBackground(key, compute, o);
          return { value: e.value, source: 'STALE' };
        }
        if (now < e.hardAt + o.graceMs) stale = e;
        else this.l1.delete(key);
      }
      this.s.l1.misses++;
      this.emit({ type: 'miss', tier: 'L1', key, durationUs: nowUs() - t0 });
    }
    const inflight = this.inflight.get(key);
    if (inflight) {
      this.s.coalesce.joinedInFlight++;
      return inflight;
    }
    const p = this.load(key, compute, o, stale, false);
    this.inflight.set(key, p);
    const clear = () => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    };
    p.then(clear, clear);
    return p;
  }

  private refreshInBackground(key: string, compute: () => Promise<V> | V, o: Resolved): void {
    if (this.refreshing.has(key) || this.inflight.has(key) || this.closed) return;
    this.refreshing.add(key);
    const p = this.load(key, compute, o, undefined, true).then(
      () => this.emit({ type: 'refresh', key, ok: true }),
      () => this.emit({ type: 'refresh', key, ok: false }),
    );
    void p.then(() => this.refreshing.delete(key));
    this.background(p);
  }

  /** L2, then (coalesced) compute. `refresh`: a background refresh, which must not settle for a stale L2 entry. */
  private async load(
    key: string,
    compute: () => Promise<V> | V,
    o: Resolved,
    stale: Entry<V> | undefined,
    refresh: boolean,
  ): Promise<Result<V>> {
    let candidate = stale;
    if (this.l2) {
      const r = await this.l2Read(key, o.l2TimeoutMs, true);
      const e = r.entry;
      if (e) {
        const now = Date.now();
        if (now < e.softAt) {
          this.l1Set(key, e);
          return { value: e.value, source: 'L2' };
        }
        if (now < e.hardAt && !refresh) {
          this.s.l2.stale++;
          this.l1Set(key, e);
          this.emit({ type: 'stale-served', key, reason: 'soft-ttl' });
          this.refreshInBackground(key, compute, o);
          return { value: e.value, source: 'STALE' };
        }
        if (now < e.hardAt + o.graceMs && (!candidate || e.hardAt > candidate.hardAt)) candidate = e;
      }
      if (o.coalesce && !r.failed) return this.computeCoalesced(key, compute, o, candidate);
    }
    return this.computeAndStore(key, compute, o, candidate, undefined);
  }

  private async computeCoalesced(
    key: string,
    compute: () => Promise<V> | V,
    o: Resolved,
    candidate: Entry<V> | undefined,
  ): Promise<Result<V>> {
    const token = randomUUID();
    let owned = await this.tryLock(key, token, o);
    if (owned === false) {
      this.s.coalesce.lockWaits++;
      this.emit({ type: 'lock', key, outcome: 'waited' });
      const waited = await this.waitForOwner(key, token, o);
      if (waited === 'acquired') {
        owned = true;
        this.emit({ type: 'lock', key, outcome: 'takeover' });
      } else if (waited) {
        this.s.coalesce.lockWaitHits++;
        this.l1Set(key, waited);
        return { value: waited.value, source: 'L2' };
      } else {
        this.s.coalesce.lockWaitTimeouts++;
        this.emit({ type: 'lock', key, outcome: 'wait-timeout' });
      }
    }
    if (owned === true) {
      this.s.coalesce.locksAcquired++;
      this.emit({ type: 'lock', key, outcome: 'acquired' });
      // Another container may have written the value between our miss and our lock.
      const again = await this.l2Read(key, o.l2TimeoutMs, false);
      if (again.entry && Date.now() < again.entry.softAt) {
        this.background(this.unlock(key, token, o));
        this.l1Set(key, again.entry);
        return { value: again.entry.value, source: 'L2' };
      }
      return this.computeAndStore(key, compute, o, candidate, token);
    }
    return this.computeAndStore(key, compute, o, candidate, undefined);
  }

  /** true: we own the lock; false: someone else does; 'error': L2 unusable (compute without it). */
  private async tryLock(key: string, token: string, o: Resolved): Promise<boolean | 'error'> {
    if (!this.breaker.allow()) {
      this.s.l2.skippedByBreaker++;
      return 'error';
    }
    try {
      const got = await this.traced('cache.l2', () =>
        withTimeout(this.l2!.acquireLock(this.lockKey(key), token, this.lockTtlMs), o.l2TimeoutMs, 'lock'),
      );
      this.breaker.success();
      return got;
    } catch (err) {
      this.l2Failed(key, 'lock', err);
      return 'error';
    }
  }

  private async unlock(key: string, token: string, o: Resolved): Promise<void> {
    if (!this.breaker.allow()) return; // the lock expires by itself
    try {
      await withTimeout(this.l2!.releaseLock(this.lockKey(key), token), o.l2TimeoutMs, 'unlock');
      this.breaker.success();
    } catch (err) {
      this.l2Failed(key, 'unlock', err);
    }
  }

  /** Polls for the owner's value with back-off; takes the lock over if the owner vanished without writing. */
  private async waitForOwner(
    key: string,
    token: string,
    o: Resolved,
  ): Promise<Entry<V> | 'acquired' | undefined> {
    const deadline = Date.now() + o.lockWaitMs;
    let delay = 5;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 1.5, 50);
      const r = await this.l2Read(key, o.l2TimeoutMs, false);
      // One slow poll (a large value under load) is no reason to build a second copy while the owner is still building:
      // keep waiting until the deadline, and give up early only once the breaker says L2 is down.
      if (r.failed) {
        if (this.breaker.state !== 'closed') return undefined;
        continue;
      }
      if (r.entry && Date.now() < r.entry.softAt) return r.entry;
      const got = await this.tryLock(key, token, o);
      if (got === 'error') return undefined;
      if (got) return 'acquired';
    }
  }

  private async computeAndStore(
    key: string,
    compute: () => Promise<V> | V,
    o: Resolved,
    candidate: Entry<V> | undefined,
    lockToken: string | undefined,
  ): Promise<Result<V>> {
    let value: V;
    try {
      value = await this.runCompute(key, compute, o);
    } catch (err) {
      if (lockToken) this.background(this.unlock(key, lockToken, o));
      if (candidate && Date.now() < candidate.hardAt + o.graceMs) {
        this.s[this.l1 ? 'l1' : 'l2'].stale++;
        this.emit({
          type: 'stale-served',
          key,
          reason: err instanceof ComputeTimeoutError ? 'compute-timeout' : 'compute-failed',
        });
        return { value: candidate.value, source: 'STALE' };
      }
      throw err;
    }
    const entry = this.makeEntry(value, o, Date.now());
    this.l1Set(key, entry);
    if (this.l2) {
      // Awaited on purpose: in Lambda, work left after the response is frozen until the next invocation,
      // which would keep other containers waiting on our lock.
      const err = await this.l2Write(key, entry, o);
      if (lockToken) this.background(this.unlock(key, lockToken, o));
      if (err && o.failOnL2Error) {
        // The caller will retry: it must not find this unshared value in L1 and skip the write.
        this.l1?.delete(key);
        throw new CacheWriteError(`L2 write of "${key}" failed: ${err.message}`, { cause: err });
      }
    }
    return { value, source: 'COMPUTED' };
  }

  private async runCompute(key: string, compute: () => Promise<V> | V, o: Resolved): Promise<V> {
    const t0 = nowUs();
    const run = () => new Promise<V>((resolve) => resolve(compute()));
    const timeoutMs = o.computeTimeoutMs;
    try {
      let p = this.traced('compute', run);
      if (timeoutMs !== undefined && timeoutMs > 0) {
        p = new Promise<V>((resolve, reject) => {
          const timer = setTimeout(() => reject(new ComputeTimeoutError(key, timeoutMs)), timeoutMs);
          p.then(
            (v) => {
              clearTimeout(timer);
              resolve(v);
            },
            (e: unknown) => {
              clearTimeout(timer);
              reject(e instanceof Error ? e : toError(e));
            },
          );
        });
      }
      const v = await p;
      const dt = nowUs() - t0;
      this.s.compute.computes++;
      this.s.compute.usTotal += dt;
      this.emit({ type: 'compute', key, durationUs: dt, ok: true });
      return v;
    } catch (err) {
      if (err instanceof ComputeTimeoutError) this.s.compute.timeouts++;
      else this.s.compute.errors++;
      this.emit({ type: 'compute', key, durationUs: nowUs() - t0, ok: false });
      throw err;
    }
  }

  private l2Failed(key: string, operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock', err: unknown): void {
    const error = toError(err);
    this.breaker.failure();
    this.s.l2.errors++;
    if (error instanceof L2TimeoutError || /timed? ?out/i.test(error.message)) this.s.l2.timeouts++;
    this.emit({ type: 'l2-error', key, operation, error });
  }

  /** One L2 read + decode. `count`: record hits/misses/corruption in stats (false for polls and re-checks). */
  private async l2Read(key: string, timeoutMs: number, count: boolean): Promise<L2Read<V>> {
    if (!this.breaker.allow()) {
      this.s.l2.skippedByBreaker++;
      return { failed: true };
    }
    const t0 = nowUs();
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.traced('cache.l2', () =>
        withTimeout(this.l2!.get(this.l2Key(key)), timeoutMs, 'get'),
      );
      this.breaker.success();
    } catch (err) {
      this.s.l2.readUsTotal += nowUs() - t0;
      this.l2Failed(key, 'get', err);
      return { failed: true };
    }
    this.s.l2.readUsTotal += nowUs() - t0;
    if (bytes === undefined || bytes === null) {
      if (count) {
        this.s.l2.misses++;
        this.emit({ type: 'miss', tier: 'L2', key, durationUs: nowUs() - t0 });
      }
      return {};
    }
    this.s.l2.bytesRead += bytes.length;
    const td = nowUs();
    try {
      const entry = this.decodeEntry(bytes);
      const dt = nowUs() - td;
      this.s.l2.decodeUsTotal += dt;
      this.s.l2.decodes++;
      if (count) {
        this.s.l2.hits++;
        this.emit({
          type: 'hit',
          tier: 'L2',
          key,
          stale: Date.now() >= entry.softAt,
          durationUs: nowUs() - t0,
        });
      }
      return { entry };
    } catch (err) {
      const error = toError(err);
      if (count) {
        this.s.l2.corrupt++;
        this.s.l2.misses++;
        this.emit({
          type: 'corrupt',
          key,
          code: error instanceof CodecError ? error.code : 'REJECTED',
          error,
        });
      }
      return { corrupt: true };
    }
  }

  private decodeEntry(bytes: Uint8Array): Entry<V> {
    if (bytes.length < ENVELOPE_BYTES)
      throw new CodecError('TRUNCATED', 'entry shorter than the cache envelope');
    const dv = new DataView(bytes.buffer, bytes.byteOffset, ENVELOPE_BYTES);
    if (dv.getUint32(0, true) !== ENVELOPE_MAGIC)
      throw new CodecError('BAD_MAGIC', 'not a cache entry (bad envelope magic)');
    const version = dv.getUint16(4, true);
    if (version !== ENVELOPE_VERSION)
      throw new CodecError('UNSUPPORTED_VERSION', `envelope version ${version}`);
    const softAt = dv.getFloat64(8, true);
    const hardAt = dv.getFloat64(16, true);
    if (!Number.isFinite(softAt) || !Number.isFinite(hardAt) || softAt > hardAt) {
      throw new CodecError('MALFORMED', 'envelope timestamps are invalid');
    }
    let value: V;
    try {
      value = this.codec.decode(bytes.subarray(ENVELOPE_BYTES));
    } catch (err) {
      if (err instanceof CodecError) throw err;
      throw new CodecError('REJECTED', 'codec rejected the entry', { cause: err });
    }
    return { value, softAt, hardAt };
  }

  private encodeEntry(e: Entry<V>): Uint8Array {
    let out: Uint8Array;
    if (this.codec.encodeWithPrefix) {
      out = this.codec.encodeWithPrefix(e.value, ENVELOPE_BYTES);
    } else {
      const body = this.codec.encode(e.value);
      out = new Uint8Array(ENVELOPE_BYTES + body.length);
      out.set(body, ENVELOPE_BYTES);
    }
    const dv = new DataView(out.buffer, out.byteOffset, ENVELOPE_BYTES);
    dv.setUint32(0, ENVELOPE_MAGIC, true);
    dv.setUint16(4, ENVELOPE_VERSION, true);
    dv.setUint16(6, 0, true);
    dv.setFloat64(8, e.softAt, true);
    dv.setFloat64(16, e.hardAt, true);
    return out;
  }

  /** Writes an entry to L2; resolves with the error (already counted) or undefined. Never rejects. */
  private async l2Write(key: string, e: Entry<V>, o: Resolved): Promise<Error | undefined> {
    if (!this.breaker.allow()) {
      this.s.l2.skippedByBreaker++;
      return new Error('L2 skipped: circuit breaker open');
    }
    let bytes: Uint8Array;
    try {
      bytes = this.encodeEntry(e);
    } catch (err) {
      // An unencodable value is a bug in toRecord, not an L2 fault: do not trip the breaker.
      this.breaker.success();
      const error = toError(err);
      this.s.l2.errors++;
      this.emit({ type: 'l2-error', key, operation: 'set', error });
      return error;
    }
    const ttl = e.hardAt + o.graceMs - Date.now();
    try {
      await this.traced('cache.l2', () =>
        withTimeout(
          this.l2!.set(this.l2Key(key), bytes, Math.max(1, ttl)),
          Math.max(o.l2TimeoutMs, 1),
          'set',
        ),
      );
      this.breaker.success();
      this.s.l2.sets++;
      this.s.l2.bytesWritten += bytes.length;
      return undefined;
    } catch (err) {
      this.l2Failed(key, 'set', err);
      return toError(err);
    }
  }
}
