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

/** Timeouts raised by this tier's own deadlines (not by the client), and those that ended a whole patience. */
const OWN_DEADLINES = new WeakSet<Error>();
const EXHAUSTED = new WeakSet<Error>();

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

  /**
   * One read + decode. `count`: record hits/misses/corruption (false for lock polls and re-checks). `patienceMs`: how
   * long in all to wait for an answer that is late past `timeoutMs` (the caller would compute otherwise); an answer
   * within it is used, none opens the breaker.
   */
  async read(key: string, timeoutMs: number, count: boolean, patienceMs = timeoutMs): Promise<L2Read<V>> {
    if (!this.breaker.allow()) {
      this.observer.l2Skipped();
      return { failed: true };
    }
    const o = this.observer;
    const t0 = nowUs();
    let bytes: Uint8Array | undefined;
    try {
      bytes = await o.traced('cache.l2', () =>
        this.patient(key, 'get', this.tier.get(this.valueKey(key)), timeoutMs, patienceMs),
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

  /**
   * Writes an entry that L2 keeps for `hardAt + graceMs`; resolves with the error (already reported) or undefined.
   * `patienceMs` as for {@link read} (a computed value that does not reach L2 is computed again elsewhere).
   */
  async write(
    key: string,
    e: Entry<V>,
    graceMs: number,
    timeoutMs: number,
    patienceMs = timeoutMs,
  ): Promise<Error | undefined> {
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
        this.patient(
          key,
          'set',
          this.tier.set(this.valueKey(key), bytes, Math.max(1, ttl)),
          Math.max(timeoutMs, 1),
          patienceMs,
        ),
      );
      this.breaker.success();
      this.observer.l2Written(bytes.length);
      return undefined;
    } catch (err) {
      return this.failed(key, 'set', err);
    }
  }

  /** Whether L2 holds the key; 'error' when L2 is unusable (breaker open, timeout, failure). False without `has`. */
  async has(key: string, timeoutMs: number): Promise<boolean | 'error'> {
    if (!this.tier.has) return false;
    if (!this.breaker.allow()) {
      this.observer.l2Skipped();
      return 'error';
    }
    try {
      const found = await this.bounded(this.tier.has(this.valueKey(key)), timeoutMs, 'has');
      this.breaker.success();
      return found;
    } catch (err) {
      this.failed(key, 'has', err);
      return 'error';
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
    return withTimeout(
      p,
      timeoutMs,
      () => {
        const err = new L2TimeoutError(operation, timeoutMs);
        OWN_DEADLINES.add(err);
        return err;
      },
      this.clock,
    );
  }

  /**
   * `p` within `timeoutMs`; if it is late, the same operation is waited for until `patienceMs` in all (reported as
   * slow), since computing instead would cost more than waiting. Only this tier's own deadline extends the wait: a
   * failure of the operation itself (the client's command timeout included) ends it.
   */
  private async patient<T>(
    key: string,
    operation: 'get' | 'set',
    p: Promise<T>,
    timeoutMs: number,
    patienceMs: number,
  ): Promise<T> {
    try {
      return await this.bounded(p, timeoutMs, operation);
    } catch (err) {
      if (!OWN_DEADLINES.has(err as Error) || patienceMs <= timeoutMs) throw err;
    }
    this.observer.l2Slow(key, operation, patienceMs);
    return this.bounded(p, patienceMs - timeoutMs, operation).catch((err: unknown) => {
      if (!OWN_DEADLINES.has(err as Error)) throw err;
      const exhausted = new L2TimeoutError(operation, patienceMs, { cause: err });
      // A read still unanswered after a whole build's time means every request of this container would wait as long:
      // open the breaker now. A late write only costs its value's sharing (or a primer's retry): one failure.
      if (operation === 'get') EXHAUSTED.add(exhausted);
      throw exhausted;
    });
  }

  /** A read that failed after waiting its whole patience opens the breaker at once: L2 is unusable now. */
  private failed(key: string, operation: L2Operation, err: unknown): Error {
    const error = toError(err);
    if (EXHAUSTED.has(error)) this.breaker.trip();
    else this.breaker.failure();
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
