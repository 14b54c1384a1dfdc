import type { Clock } from '../Clock';
import type { ValueCodec } from './record';
import type { CacheTier } from './tier';
import type { Cluster, Redis } from 'ioredis';

/** Where a value came from: the in-process LRU, Redis, a fresh computation, or a stale copy. */
export type CacheSource = 'L1' | 'L2' | 'COMPUTED' | 'STALE';

/** A connected ioredis client: standalone or cluster. */
export type RedisClient = Redis | Cluster;

/** Names the `trace` hook receives; the Lambda maps them onto X-Ray subsegments. */
export type TraceName = 'cache.l1' | 'cache.l2' | 'compute';

/** TTL and timeout knobs; every one can be overridden per call. */
export interface CacheTimings {
  /** After this age a value is still served but refreshed in the background (source `STALE`). @default hardTtlMs (no soft window) */
  softTtlMs?: number;
  /** After this age a value is no longer served normally. @default 3_600_000 (1 h) */
  hardTtlMs?: number;
  /** How long past `hardTtlMs` a value is kept to be served (source `STALE`) when compute or L2 fails. @default 600_000 */
  graceMs?: number;
  /** Upper bound for one L2 operation, enforced by the cache on top of the client's command timeout. @default 50 */
  l2TimeoutMs?: number;
  /**
   * How long an L2 operation whose failure would cost a computation — the read before computing a value, the write of a
   * computed value (others would compute it again) — may keep waiting for a slow L2 past `l2TimeoutMs`: as long as
   * computing takes here (twice this cache's recent compute time, this whole bound before its first computation), at
   * least `l2TimeoutMs`, at most this. A slow L2 is not a down L2: its late answer is used and counts as a success; a
   * read still unanswered at the end of its patience opens the circuit breaker at once (a write counts one failure). `0` (or anything ≤
   * `l2TimeoutMs`) = no patience. The client's own command timeout must be longer, or it ends the wait first.
   * @default 1000
   */
  l2PatienceMs?: number;
  /** Upper bound for `compute`; past it the call is served stale or rejects with `ComputeTimeoutError`. @default - no limit */
  computeTimeoutMs?: number;
  /** Use the cross-container lock on a miss. @default true */
  coalesce?: boolean;
  /** How long a container waits for another container's computation before computing itself. @default 2000 */
  lockWaitMs?: number;
  /**
   * How long a miss first waits for another process to write the value to L2 before it may take the lock and compute
   * (polling L2 with back-off, a miss being one small reply): for a value a dedicated writer (a stream primer) is
   * known to be producing, whose computation is cheaper there. The value turning up ends the wait at once; L2 being
   * unusable skips it. `0` = compute (under the lock) at once. @default 0
   */
  awaitOthersMs?: number;
}

/** Per-call overrides of {@link CacheTimings}. */
export interface GetOrComputeOptions extends CacheTimings {
  /**
   * When this call computes the value, reject with `CacheWriteError` if the L2 write fails instead of only counting it
   * (a writer such as a stream primer, whose whole point is the shared tier, then gets retried). @default false
   */
  failOnL2Error?: boolean;
}

/** Options of `set`. */
export interface SetOptions {
  softTtlMs?: number;
  hardTtlMs?: number;
  graceMs?: number;
  l2TimeoutMs?: number;
  /** Reject (with `CacheWriteError`) when the L2 write fails instead of only counting it. @default false */
  failOnL2Error?: boolean;
}

/** Circuit breaker around L2. */
export interface BreakerOptions {
  /** Consecutive L2 failures that open the breaker. @default 5 */
  failureThreshold?: number;
  /** How long L2 is skipped once open, before one trial call (half-open). @default 2000 */
  cooldownMs?: number;
}

export interface TieredCacheHooks {
  /** Wraps the L1 lookup, every L2 round trip and the computation (e.g. in X-Ray subsegments). */
  trace?<T>(name: TraceName, fn: () => Promise<T>): Promise<T>;
  /** Receives every notable event; must not throw (exceptions are swallowed). */
  onEvent?(e: CacheEvent): void;
}

export interface TieredCacheOptions<V> extends CacheTimings {
  /** Prefix of every L2 key, e.g. `model`. Letters, digits, `.`, `_`, `-` only. */
  namespace: string;
  codec: ValueCodec<V>;
  /** Shared L2; omitted (and no `l2`) => L1 only. The cache never closes a client it was given. */
  redis?: RedisClient;
  /** Any other L2 implementation (memory tier in tests, a fault-injection wrapper). Takes precedence over `redis`. */
  l2?: CacheTier;
  /** In-process LRU bounded by bytes; `false` => no L1. @default { maxBytes: 64 MiB, sizeOf: () => 1024 } */
  l1?:
    | false
    | {
        maxBytes: number;
        sizeOf(v: V): number;
        /**
         * Count a value read from L2 as its encoded length instead of calling `sizeOf`: right for a zero-copy codec
         * (the decoded value is views over those bytes, so they are what it holds), and it spares `sizeOf` on every
         * L2 read. Values computed here are still measured with `sizeOf`. @default false
         */
        encodedSize?: boolean;
      };
  breaker?: BreakerOptions;
  /** Lifetime of the cross-container lock (a crashed owner's lock expires after this). @default 5000 */
  lockTtlMs?: number;
  hooks?: TieredCacheHooks;
  /** Time for every TTL, grace window, breaker cool-down, lock wait and timeout (a fake clock in tests). @default systemClock */
  clock?: Clock;
}

export type CacheTierName = 'L1' | 'L2';

/** Events passed to `hooks.onEvent`. Durations are in microseconds. */
export type CacheEvent =
  | { type: 'hit'; tier: CacheTierName; key: string; stale: boolean; durationUs: number }
  | { type: 'miss'; tier: CacheTierName; key: string; durationUs: number }
  | { type: 'compute'; key: string; durationUs: number; ok: boolean }
  | { type: 'stale-served'; key: string; reason: 'soft-ttl' | 'compute-failed' | 'compute-timeout' }
  | { type: 'refresh'; key: string; ok: boolean }
  | {
      type: 'l2-error';
      key: string;
      operation: 'get' | 'has' | 'set' | 'delete' | 'lock' | 'unlock';
      error: Error;
    }
  /** An L2 read or write passed `l2TimeoutMs` and the cache kept waiting for it (see `l2PatienceMs`). */
  | { type: 'l2-slow'; key: string; operation: 'get' | 'set'; patienceMs: number }
  | { type: 'corrupt'; key: string; code: string; error: Error }
  | { type: 'breaker'; state: 'open' | 'half-open' | 'closed' }
  | { type: 'lock'; key: string; outcome: 'acquired' | 'waited' | 'wait-timeout' | 'takeover' }
  /** A miss waited (`awaitOthersMs`) for another process's value: whether it turned up, and after how long. */
  | { type: 'await'; key: string; found: boolean; waitedMs: number };

export interface TierStats {
  hits: number;
  misses: number;
  /** Served past soft TTL or in grace. */
  stale: number;
  errors: number;
}

export interface CacheStats {
  l1: TierStats & { entries: number; bytes: number; sets: number };
  l2: TierStats & {
    timeouts: number;
    /** Operations that passed `l2TimeoutMs` and were waited for (`l2PatienceMs`), answered in time or not. */
    slow: number;
    corrupt: number;
    sets: number;
    bytesRead: number;
    bytesWritten: number;
    /** Total and count of successful decodes, to derive mean decode time. */
    decodeUsTotal: number;
    decodes: number;
    /** Total time of L2 reads (successful or not), µs. */
    readUsTotal: number;
    skippedByBreaker: number;
    breaker: 'closed' | 'open' | 'half-open';
  };
  compute: { computes: number; errors: number; timeouts: number; usTotal: number };
  coalesce: {
    joinedInFlight: number;
    locksAcquired: number;
    lockWaits: number;
    lockWaitHits: number;
    lockWaitTimeouts: number;
  };
}
