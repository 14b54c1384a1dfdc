import type { Rng } from './random';

export type Arrival = 'poisson' | 'uniform';

/**
 * Builds the send times (ms from the start) of an open-loop test: a constant arrival rate, fixed before
 * the first request leaves, so nothing the server does can change when requests are sent.
 *
 * @example
 * const offsets = buildSchedule({ ratePerSec: 200, durationMs: 60_000, arrival: 'poisson', rng });
 */
export function buildSchedule(o: {
  ratePerSec: number;
  durationMs: number;
  arrival?: Arrival;
  rng?: Rng;
}): Float64Array {
  if (!(o.ratePerSec > 0)) throw new RangeError(`rate must be > 0, got ${o.ratePerSec}`);
  if (!(o.durationMs > 0)) throw new RangeError(`duration must be > 0, got ${o.durationMs}`);
  const arrival = o.arrival ?? 'poisson';
  if (arrival === 'poisson' && !o.rng) throw new Error('a poisson schedule needs an rng');
  const out: number[] = [];
  const meanGap = 1000 / o.ratePerSec;
  let t = 0;
  if (arrival === 'uniform') {
    for (let i = 0; (t = i * meanGap) < o.durationMs; i++) out.push(t);
  } else {
    const rng = o.rng as Rng;
    for (;;) {
      t += rng.exponential(1) * meanGap;
      if (t >= o.durationMs) break;
      out.push(t);
    }
  }
  return Float64Array.from(out);
}

/** What one scheduled request produced. */
export interface SendOutcome {
  ok: boolean;
  status?: number;
  /** Anything the sender wants to pass on to `onResult` (e.g. the cache source). */
  info?: unknown;
}

export interface OpenLoopResult {
  sent: number;
  /** Largest lag (ms) between a request's scheduled time and the moment it was actually sent. */
  maxSendLagMs: number;
  elapsedMs: number;
}

/** A monotonic clock in ms; injectable for tests. */
export type Clock = () => number;

export const monotonicMs: Clock = () => performance.now();

/**
 * Runs an open-loop schedule: request i is started at `start + offsets[i]` whether or not earlier
 * requests have answered, and its latency is measured from that *scheduled* time (not from when it
 * was actually sent), so a stalled server or a late load generator shows up in the numbers instead of
 * being hidden (no coordinated omission).
 *
 * @example
 * await runOpenLoop({ offsetsMs, send: (i) => client.price(bets[i]), onResult: (i, ms, r) => recorder.record(ms, r.ok) });
 */
export async function runOpenLoop(o: {
  offsetsMs: Float64Array;
  send: (index: number) => Promise<SendOutcome>;
  onResult: (index: number, latencyMs: number, outcome: SendOutcome, scheduledAtMs: number) => void;
  onTick?: (sent: number, total: number) => void;
  clock?: Clock;
  /** Stop scheduling new requests (in-flight ones still complete). */
  signal?: AbortSignal;
}): Promise<OpenLoopResult> {
  const clock = o.clock ?? monotonicMs;
  const offsets = o.offsetsMs;
  const start = clock();
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  let maxLag = 0;

  const fire = (i: number): void => {
    const scheduledAt = start + (offsets[i] as number);
    const lag = clock() - scheduledAt;
    if (lag > maxLag) maxLag = lag;
    let p: Promise<void>;
    const finish = (outcome: SendOutcome) => {
      o.onResult(i, clock() - scheduledAt, outcome, scheduledAt);
    };
    try {
      p = o.send(i).then(finish, (err: unknown) => finish({ ok: false, info: err }));
    } catch (err) {
      finish({ ok: false, info: err });
      return;
    }
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  while (next < offsets.length && !o.signal?.aborted) {
    const now = clock() - start;
    // Fire everything that is due, even if we woke up late: every request keeps its scheduled time.
    while (next < offsets.length && (offsets[next] as number) <= now) fire(next++);
    o.onTick?.(next, offsets.length);
    if (next >= offsets.length) break;
    const wait = (offsets[next] as number) - (clock() - start);
    await new Promise<void>((r) => setTimeout(r, Math.max(0, Math.min(wait, 250))));
  }
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  return { sent: next, maxSendLagMs: maxLag, elapsedMs: clock() - start };
}
