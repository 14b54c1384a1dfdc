import { performance } from 'node:perf_hooks';
import { CodecError } from './errors';
import { TimeoutError } from './TimeoutError';
import type { CacheEvent, CacheStats, TieredCacheHooks, TraceName } from './types/cache';

/** The stats counters of a tier that can serve a stale value. */
export type StaleTier = 'l1' | 'l2';
export type L2Operation = 'get' | 'has' | 'set' | 'delete' | 'lock' | 'unlock';
export type LockOutcome = 'acquired' | 'waited' | 'wait-timeout' | 'takeover';
export type StaleReason = 'soft-ttl' | 'compute-failed' | 'compute-timeout';

/** Microseconds on the monotonic clock, for durations (not for deadlines: those go through the `Clock`). */
export const nowUs = (): number => performance.now() * 1000;

function zeroStats(): CacheStats {
  const tier = { hits: 0, misses: 0, stale: 0, errors: 0 };
  return {
    l1: { ...tier, entries: 0, bytes: 0, sets: 0 },
    l2: {
      ...tier,
      timeouts: 0,
      slow: 0,
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
 * Turns each fact the cache learns into its counters, its `onEvent` event and (for work) its trace segment, with one
 * call per fact, so stats and events can never disagree. Events are only built when someone listens; a throwing
 * listener never breaks a read.
 */
export class CacheObserver {
  private readonly s: CacheStats = zeroStats();
  private readonly onEvent: ((e: CacheEvent) => void) | undefined;
  private readonly trace: (<T>(name: TraceName, fn: () => Promise<T>) => Promise<T>) | undefined;

  constructor(hooks: TieredCacheHooks | undefined) {
    this.onEvent = hooks?.onEvent?.bind(hooks);
    this.trace = hooks?.trace?.bind(hooks);
  }

  /** True when the cache has a trace hook (the L1 fast path then goes through `traced`). */
  get tracing(): boolean {
    return this.trace !== undefined;
  }

  /** A start time for an event's duration; 0 when nobody listens (saves the clock read on the hot path). */
  startUs(): number {
    return this.onEvent ? nowUs() : 0;
  }

  traced<T>(name: TraceName, fn: () => Promise<T>): Promise<T> {
    return this.trace ? this.trace(name, fn) : fn();
  }

  /** A copy of the counters; `entries`, `bytes` and `breaker` are read from their owners at snapshot time. */
  snapshot(l1Entries: number, l1Bytes: number, breaker: CacheStats['l2']['breaker']): CacheStats {
    const s = structuredClone(this.s);
    s.l1.entries = l1Entries;
    s.l1.bytes = l1Bytes;
    s.l2.breaker = breaker;
    return s;
  }

  l1Hit(key: string, stale: boolean, t0: number): void {
    this.s.l1.hits++;
    if (this.onEvent)
      this.emit({ type: 'hit', tier: 'L1', key, stale, durationUs: t0 === 0 ? 0 : nowUs() - t0 });
  }

  l1Miss(key: string, t0: number): void {
    this.s.l1.misses++;
    if (this.onEvent) this.emit({ type: 'miss', tier: 'L1', key, durationUs: nowUs() - t0 });
  }

  l1Set(): void {
    this.s.l1.sets++;
  }

  /** A stale value was returned; `tier` is where it came from (its `stale` counter goes up). */
  staleServed(tier: StaleTier, key: string, reason: StaleReason): void {
    this.s[tier].stale++;
    if (this.onEvent) this.emit({ type: 'stale-served', key, reason });
  }

  refreshed(key: string, ok: boolean): void {
    if (this.onEvent) this.emit({ type: 'refresh', key, ok });
  }

  joinedInFlight(): void {
    this.s.coalesce.joinedInFlight++;
  }

  lock(key: string, outcome: LockOutcome): void {
    const c = this.s.coalesce;
    if (outcome === 'acquired') c.locksAcquired++;
    else if (outcome === 'waited') c.lockWaits++;
    else if (outcome === 'wait-timeout') c.lockWaitTimeouts++;
    if (this.onEvent) this.emit({ type: 'lock', key, outcome });
  }

  /** A miss waited for another process's value (`awaitOthersMs`): found or not, after `waitedMs`. */
  awaited(key: string, found: boolean, waitedMs: number): void {
    if (this.onEvent) this.emit({ type: 'await', key, found, waitedMs });
  }

  /** The lock owner's value turned up while waiting. */
  lockWaitHit(): void {
    this.s.coalesce.lockWaitHits++;
  }

  computed(key: string, t0: number, error: unknown): void {
    const dt = nowUs() - t0;
    if (error === undefined) {
      this.s.compute.computes++;
      this.s.compute.usTotal += dt;
    } else if (error instanceof TimeoutError) this.s.compute.timeouts++;
    else this.s.compute.errors++;
    if (this.onEvent) this.emit({ type: 'compute', key, durationUs: dt, ok: error === undefined });
  }

  breaker(state: CacheStats['l2']['breaker']): void {
    this.s.l2.breaker = state;
    if (this.onEvent) this.emit({ type: 'breaker', state });
  }

  /** An operation passed its timeout and is waited for, up to `patienceMs` in all. */
  l2Slow(key: string, operation: 'get' | 'set', patienceMs: number): void {
    this.s.l2.slow++;
    if (this.onEvent) this.emit({ type: 'l2-slow', key, operation, patienceMs });
  }

  l2Skipped(): void {
    this.s.l2.skippedByBreaker++;
  }

  /** An L2 round trip or an encode failed; a {@link TimeoutError} also counts as a timeout. */
  l2Failed(key: string, operation: L2Operation, error: Error): void {
    this.s.l2.errors++;
    if (error instanceof TimeoutError) this.s.l2.timeouts++;
    if (this.onEvent) this.emit({ type: 'l2-error', key, operation, error });
  }

  /** Time spent on one L2 read, successful or not. */
  l2ReadTime(us: number): void {
    this.s.l2.readUsTotal += us;
  }

  /** `count`: a caller's read (false for lock polls and re-checks, which only add bytes and decode time). */
  l2Miss(key: string, t0: number, count: boolean): void {
    if (!count) return;
    this.s.l2.misses++;
    if (this.onEvent) this.emit({ type: 'miss', tier: 'L2', key, durationUs: nowUs() - t0 });
  }

  l2Bytes(bytes: number): void {
    this.s.l2.bytesRead += bytes;
  }

  l2Decoded(key: string, decodeUs: number, stale: boolean, t0: number, count: boolean): void {
    this.s.l2.decodeUsTotal += decodeUs;
    this.s.l2.decodes++;
    if (!count) return;
    this.s.l2.hits++;
    if (this.onEvent) this.emit({ type: 'hit', tier: 'L2', key, stale, durationUs: nowUs() - t0 });
  }

  l2Corrupt(key: string, error: Error, count: boolean): void {
    if (!count) return;
    this.s.l2.corrupt++;
    this.s.l2.misses++;
    if (this.onEvent) {
      this.emit({ type: 'corrupt', key, code: error instanceof CodecError ? error.code : 'REJECTED', error });
    }
  }

  l2Written(bytes: number): void {
    this.s.l2.sets++;
    this.s.l2.bytesWritten += bytes;
  }

  private emit(e: CacheEvent): void {
    try {
      this.onEvent!(e);
    } catch {
      // An observer must never break a read.
    }
  }
}
