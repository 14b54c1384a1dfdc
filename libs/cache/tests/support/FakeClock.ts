import type { Clock } from '../../src';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  done: boolean;
}

/** Lets every queued promise callback and I/O callback run (not a wall-clock wait: no timer is involved). */
export const flush = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/**
 * A {@link Clock} that only moves when the test moves it, so TTL, grace, breaker, lock-wait and timeout tests run on
 * fake time: `advance(ms)` fires the timers that fall due in order, letting promise callbacks run between them, and
 * `settle(p)` moves time from timer to timer until `p` settles and says how much fake time that took.
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2026, 11, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, done: false };
    this.timers.push(timer);
    return () => {
      timer.done = true;
    };
  }

  /** Resolves after `ms` of fake time. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((r) => this.setTimer(r, ms));
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flush();
    for (let next = this.next(end); next; next = this.next(end)) await this.fire(next);
    this.t = end;
    await flush();
  }

  /**
   * Moves time from timer to timer until `p` settles (at most `limitMs`); resolves with its outcome and the fake time
   * it took. Rejects when `p` is still pending with no timer left to fire (it waits on something the clock cannot move).
   */
  async settle<T>(
    p: Promise<T>,
    limitMs = 60_000,
  ): Promise<{ value?: T; error?: unknown; elapsedMs: number }> {
    const start = this.t;
    let outcome: { value?: T; error?: unknown } | undefined;
    p.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    for (let idle = 0; ;) {
      await flush();
      if (outcome) return { ...outcome, elapsedMs: this.t - start };
      const next = this.next(start + limitMs);
      if (next) {
        idle = 0;
        await this.fire(next);
      } else if (++idle > 5_000) {
        // ~5,000 turns of the event loop: far more than a local Redis round trip needs.
        throw new Error(`still pending after ${this.t - start} fake ms with no timer to fire`);
      }
    }
  }

  private next(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (t.done || t.at > until) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private async fire(t: Timer): Promise<void> {
    t.done = true;
    this.timers = this.timers.filter((x) => !x.done);
    this.t = Math.max(this.t, t.at);
    t.fn();
    await flush();
  }
}
