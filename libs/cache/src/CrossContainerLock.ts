import { randomUUID } from 'node:crypto';
import type { CacheObserver } from './CacheObserver';
import { sleepOn, type Clock } from './Clock';
import type { Entry } from './entryEnvelope';
import type { L2Read, RemoteTier } from './RemoteTier';

/** What {@link CrossContainerLock.acquire} ended with. */
export type LockResult<V> =
  /** This caller owns the lock and must compute, then `release(token)`. */
  | { kind: 'owned'; token: string }
  /** Another container's value turned up (while waiting, or just after taking the lock): use it, compute nothing. */
  | { kind: 'value'; entry: Entry<V> }
  /** No lock (L2 unusable, or the owner did not answer within the wait): compute without it. */
  | { kind: 'none' };

export interface LockTimings {
  readonly l2TimeoutMs: number;
  readonly lockWaitMs: number;
}

/**
 * The cross-container lock of a key (`SET NX PX` + compare-and-delete in L2), so K containers missing one key compute
 * it once: one owns the lock and computes, the others poll L2 with back-off for its value and take the lock over if
 * the owner vanished without writing.
 */
export class CrossContainerLock<V> {
  constructor(
    private readonly remote: RemoteTier<V>,
    private readonly observer: CacheObserver,
    private readonly clock: Clock,
    private readonly lockTtlMs: number,
    /** Tracks work that outlives the call (a release after the value turned up). */
    private readonly background: (p: Promise<unknown>) => void,
  ) {}

  async acquire(key: string, o: LockTimings): Promise<LockResult<V>> {
    const token = randomUUID();
    let owned = await this.remote.acquireLock(key, token, this.lockTtlMs, o.l2TimeoutMs);
    if (owned === false) {
      this.observer.lock(key, 'waited');
      const waited = await this.waitForOwner(key, token, o);
      if (waited === 'acquired') {
        owned = true;
        this.observer.lock(key, 'takeover');
      } else if (waited) {
        this.observer.lockWaitHit();
        return { kind: 'value', entry: waited };
      } else {
        this.observer.lock(key, 'wait-timeout');
      }
    }
    if (owned !== true) return { kind: 'none' };
    this.observer.lock(key, 'acquired');
    // Another container may have written the value between our miss and our lock.
    const again = await this.remote.read(key, o.l2TimeoutMs, false);
    if (again.entry && this.clock.now() < again.entry.softAt) {
      this.background(this.release(key, token, o));
      return { kind: 'value', entry: again.entry };
    }
    return { kind: 'owned', token };
  }

  /**
   * Polls L2 (back-off 5 → 50 ms) for up to `waitMs` for a value another process is writing, without taking the lock:
   * the entry once it is there, undefined when the wait ran out or L2 failed (the caller then takes the normal path).
   */
  async awaitValue(key: string, waitMs: number, l2TimeoutMs: number): Promise<Entry<V> | undefined> {
    const started = this.clock.now();
    const found = await this.pollForValue(key, waitMs, l2TimeoutMs, (r) =>
      Promise.resolve(r.failed || r.corrupt ? 'stop' : undefined),
    );
    const entry = found === 'acquired' ? undefined : found;
    this.observer.awaited(key, entry !== undefined, this.clock.now() - started);
    return entry;
  }

  release(key: string, token: string, o: Pick<LockTimings, 'l2TimeoutMs'>): Promise<void> {
    return this.remote.releaseLock(key, token, o.l2TimeoutMs);
  }

  /** Polls for the owner's value with back-off; takes the lock over if the owner vanished without writing. */
  private waitForOwner(
    key: string,
    token: string,
    o: LockTimings,
  ): Promise<Entry<V> | 'acquired' | undefined> {
    return this.pollForValue(key, o.lockWaitMs, o.l2TimeoutMs, async (r) => {
      // One slow poll (a large value under load) is no reason to build a second copy while the owner is still building:
      // keep waiting until the deadline, and give up early only once the breaker says L2 is down.
      if (r.failed) return this.remote.breakerState !== 'closed' ? 'stop' : undefined;
      const got = await this.remote.acquireLock(key, token, this.lockTtlMs, o.l2TimeoutMs);
      if (got === 'error') return 'stop';
      return got ? 'acquired' : undefined;
    });
  }

  /**
   * Reads L2 with back-off (5 → 50 ms) until a fresh entry of `key` turns up or `waitMs` runs out (undefined). After
   * each read without one, `onMiss` decides: poll on (undefined), give up ('stop': undefined), or 'acquired' (returned).
   */
  private async pollForValue(
    key: string,
    waitMs: number,
    l2TimeoutMs: number,
    onMiss: (r: L2Read<V>) => Promise<'stop' | 'acquired' | undefined>,
  ): Promise<Entry<V> | 'acquired' | undefined> {
    const deadline = this.clock.now() + waitMs;
    let delay = 5;
    for (;;) {
      const left = deadline - this.clock.now();
      if (left <= 0) return undefined;
      await sleepOn(this.clock, Math.min(delay, left));
      delay = Math.min(delay * 1.5, 50);
      const r = await this.remote.read(key, l2TimeoutMs, false);
      if (r.entry && this.clock.now() < r.entry.softAt) return r.entry;
      const next = await onMiss(r);
      if (next === 'stop') return undefined;
      if (next === 'acquired') return next;
    }
  }
}
