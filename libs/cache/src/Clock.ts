/**
 * Where the cache reads the time and schedules its deadlines. Every TTL, grace window, breaker cool-down, lock wait
 * and timeout goes through one `Clock`, so tests can drive them on fake time (see `tests/support/FakeClock.ts`)
 * instead of sleeping on the wall clock.
 *
 * @example
 * const cache = new TieredCache({ namespace: 'model', codec, clock: systemClock });
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; the returned function cancels it (a no-op once it has fired). */
  setTimer(fn: () => void, ms: number): () => void;
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * systemClock.now(); // 1764547200000
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn: () => void, ms: number): () => void {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * Resolves after `ms` on `clock`.
 *
 * @example
 * await sleepOn(systemClock, 5);
 */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise<void>((resolve) => clock.setTimer(resolve, ms));
}
