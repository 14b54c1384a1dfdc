import type { CacheObserver, L2Operation } from './CacheObserver';
import { nowUs } from './CacheObserver';
import { CircuitBreaker, type BreakerState } from './CircuitBreaker';
import type { Clock } from './Clock';
import { decodeEntry, encodeEntry, type Entry } from './entryEnvelope';
import { CircuitOpenError, L2TimeoutError, toError } from './errors';
import type { BreakerOptions } from './types/cache';
import type { ValueCodec } from './types/record';
import type { CacheTier } from './types/tier';
import { withTimeout } from './withTimeout';

/** One L2 read: the decoded entry, nothing (a miss), or a failure (L2 unusable: error, timeout, breaker open). */
export interface L2Read<V> {
  entry?: Entry<V>;
  failed?: boolean;
  corrupt?: boolean;
}

/**
 * The shared tier as the cache uses it: every round trip behind the circuit breaker and a deadline, values in the
 * entry envelope, and every outcome reported to the observer. Nothing here throws: failures become results.
 */
export class RemoteTier<V> {
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly tier: CacheTier,
    private readonly namespace: string,
    private readonly codec: ValueCodec<V>,
    private readonly observer: CacheObserver,
    private readonly clock: Clock,
    breaker: BreakerOptions | undefined,
  ) {
    this.breaker = new CircuitBreaker(
      breaker?.failureThreshold ?? 5,
      breaker?.cooldownMs ?? 2000,
      (state) => observer.breaker(state),
      () => clock.now(),
    );
  }

  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** One read + decode. `count`: record hits/misses/corruption (false for lock polls and re-checks). */
  async read(key: string, timeoutMs: number, count: boolean): Promise<L2Read<V>> {
    if (!this.breaker.allow()) {
      this.observer.l2Skipped();
      return { failed: true };
    }
    const o = this.observer;
    const t0 = nowUs();
    let bytes: Uint8Array | undefined;
    try {
      bytes = await o.traced('cache.l2', () =>
        this.bounded(this.tier.get(this.valueKey(key)), timeoutMs, 'get'),
      );
      this.breaker.success();
    } catch (err) {
      o.l2ReadTime(nowUs() - t0);
      this.failed(key, 'get', err);
      return { failed: true };
    }
    o.l2ReadTime(nowUs() - t0);
    if (bytes === undefined || bytes === null) {
      o.l2Miss(key, t0, count);
      return {};
    }
    o.l2Bytes(bytes.length);
    const td = nowUs();
    try {
      const entry = decodeEntry(this.codec, bytes);
      o.l2Decoded(key, nowUs() - td, this.clock.now() >= entry.softAt, t0, count);
      return { entry };
    } catch (err) {
      o.l2Corrupt(key, toError(err), count);
      return { corrupt: true };
    }
  }

  /** Writes an entry that L2 keeps for `hardAt + graceMs`; resolves with the error (already reported) or undefined. */
  async write(key: string, e: Entry<V>, graceMs: number, timeoutMs: number): Promise<Error | undefined> {
    if (!this.breaker.allow()) {
      this.observer.l2Skipped();
      return new CircuitOpenError();
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeEntry(this.codec, e);
    } catch (err) {
      // An unencodable value is a bug in toRecord, not an L2 fault: do not trip the breaker.
      this.breaker.success();
      const error = toError(err);
      this.observer.l2Failed(key, 'set', error);
      return error;
    }
    const ttl = e.hardAt + graceMs - this.clock.now();
    try {
      await this.observer.traced('cache.l2', () =>
        this.bounded(
          this.tier.set(this.valueKey(key), bytes, Math.max(1, ttl)),
          Math.max(timeoutMs, 1),
          'set',
        ),
      );
      this.breaker.success();
      this.observer.l2Written(bytes.length);
      return undefined;
    } catch (err) {
      return this.failed(key, 'set', err);
    }
  }

  async delete(key: string, timeoutMs: number): Promise<void> {
    if (!this.breaker.allow()) return;
    try {
      await this.observer.traced('cache.l2', () =>
        this.bounded(this.tier.delete(this.valueKey(key)), timeoutMs, 'delete'),
      );
      this.breaker.success();
    } catch (err) {
      this.failed(key, 'delete', err);
    }
  }

  /** true: this caller owns the lock; false: someone else does; 'error': L2 unusable (compute without it). */
  async acquireLock(
    key: string,
    token: string,
    ttlMs: number,
    timeoutMs: number,
  ): Promise<boolean | 'error'> {
    if (!this.breaker.allow()) {
      this.observer.l2Skipped();
      return 'error';
    }
    try {
      const got = await this.observer.traced('cache.l2', () =>
        this.bounded(this.tier.acquireLock(this.lockKey(key), token, ttlMs), timeoutMs, 'lock'),
      );
      this.breaker.success();
      return got;
    } catch (err) {
      this.failed(key, 'lock', err);
      return 'error';
    }
  }

  async releaseLock(key: string, token: string, timeoutMs: number): Promise<void> {
    if (!this.breaker.allow()) return; // the lock expires by itself
    try {
      await this.bounded(this.tier.releaseLock(this.lockKey(key), token), timeoutMs, 'unlock');
      this.breaker.success();
    } catch (err) {
      this.failed(key, 'unlock', err);
    }
  }

  close(): Promise<void> {
    return this.tier.close();
  }

  private bounded<T>(p: Promise<T>, timeoutMs: number, operation: L2Operation): Promise<T> {
    return withTimeout(p, timeoutMs, () => new L2TimeoutError(operation, timeoutMs), this.clock);
  }

  private failed(key: string, operation: L2Operation, err: unknown): Error {
    const error = toError(err);
    this.breaker.failure();
    this.observer.l2Failed(key, operation, error);
    return error;
  }

  private valueKey(key: string): string {
    return `${this.namespace}:${key}`;
  }

  private lockKey(key: string): string {
    // '#' never appears in an accepted key, so a lock key can never collide with a value key.
    return `${this.namespace}:${key}#lock`;
  }
}
