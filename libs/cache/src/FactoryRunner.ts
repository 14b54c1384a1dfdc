import type { CacheObserver } from './CacheObserver';
import { nowUs } from './CacheObserver';
import type { Clock } from './Clock';
import { ComputeTimeoutError, toError } from './errors';
import { withTimeout } from './withTimeout';

/**
 * Runs the caller's factory (`compute`): at most one load per key in this process at a time (single flight; callers
 * that miss while one runs join it), at most one background refresh per key, and each computation under its timeout.
 * The timeout is soft when the caller has a stale value to fall back on (it is served as `STALE`) and hard when it has
 * none (the caller gets {@link ComputeTimeoutError}); the runner only reports which, the orchestration decides.
 */
export class FactoryRunner<R> {
  private readonly inflight = new Map<string, Promise<R>>();
  private readonly refreshing = new Set<string>();

  constructor(
    private readonly observer: CacheObserver,
    private readonly clock: Clock,
  ) {}

  /** True while a load or refresh of `key` is running. */
  busy(key: string): boolean {
    return this.inflight.has(key) || this.refreshing.has(key);
  }

  /** The running load of `key` if there is one (counted as joined), else `load()` started and shared. */
  join(key: string, load: () => Promise<R>): Promise<R> {
    const running = this.inflight.get(key);
    if (running) {
      this.observer.joinedInFlight();
      return running;
    }
    const p = load();
    this.inflight.set(key, p);
    const clear = () => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    };
    p.then(clear, clear);
    return p;
  }

  /** Starts `refresh()` unless `key` is already loading or refreshing; the promise settles when it is done (never rejects). */
  refresh(key: string, refresh: () => Promise<unknown>): Promise<void> | undefined {
    if (this.busy(key)) return undefined;
    this.refreshing.add(key);
    const p = refresh().then(
      () => this.observer.refreshed(key, true),
      () => this.observer.refreshed(key, false),
    );
    return p.then(() => void this.refreshing.delete(key));
  }

  /** Runs `compute` once, traced and bounded by `timeoutMs` (none when undefined or ≤ 0), and reports the outcome. */
  async compute<V>(key: string, compute: () => Promise<V> | V, timeoutMs: number | undefined): Promise<V> {
    const t0 = nowUs();
    const run = () => new Promise<V>((resolve) => resolve(compute()));
    try {
      let p = this.observer.traced('compute', run);
      if (timeoutMs !== undefined && timeoutMs > 0) {
        p = withTimeout(p, timeoutMs, () => new ComputeTimeoutError(key, timeoutMs), this.clock);
      }
      const v = await p;
      this.observer.computed(key, t0, undefined);
      return v;
    } catch (err) {
      this.observer.computed(key, t0, toError(err));
      throw err;
    }
  }
}
