import { analyseFaults, planFaults } from '../../src/faults';
import type { PriceSample } from '../../src/types/faults';

/** One request per 10 ms over `seconds`, with its latency and status from `at(ms)`. */
function samples(seconds: number, at: (ms: number) => [number, string]): PriceSample[] {
  return Array.from({ length: seconds * 100 }, (_, i) => {
    const [latencyMs, status] = at(i * 10);
    return { scheduledMs: i * 10, latencyMs, status };
  });
}

describe('planFaults', () => {
  it('schedules the four faults one after another with 5 s of normal traffic around each', () => {
    // Act
    const { faults, minDurationS } = planFaults(10);

    // Assess
    expect(faults.map((f) => [f.kind, f.startMs, f.endMs])).toEqual([
      ['redis-stop', 5000, 15000],
      ['redis-kill', 20000, 22000],
      ['dynamo-stop', 27000, 37000],
      ['container-kill', 42000, 42000],
    ]);
    expect(minDurationS).toBe(47);
  });
});

describe('analyseFaults', () => {
  it('counts statuses and percentiles during and after each fault and finds when p95 is back to normal', () => {
    // Prepare: 2 ms normally; the store frozen from 27 s to 37 s (503s at 1.6 s); slow until 39 s
    const { faults } = planFaults(10);
    const run = samples(47, (ms) => {
      if (ms >= 27000 && ms < 37000) return [1600, '503 DEPENDENCY_UNAVAILABLE'];
      if (ms >= 37000 && ms < 39000) return [40, '200'];
      return [2, '200'];
    });

    // Act
    const r = analyseFaults(run, faults);

    // Assess
    expect(r.baseline).toEqual({ requests: 400, p95Ms: 2 });
    const store = r.windows.find((w) => w.kind === 'dynamo-stop')!;
    expect(store.during).toEqual({
      requests: 1000,
      byStatus: { '503 DEPENDENCY_UNAVAILABLE': 1000 },
      p95Ms: 1600,
      maxMs: 1600,
    });
    expect(store.after.byStatus).toEqual({ '200': 500 });
    expect(store.recoveredAfterMs).toBe(2000);
    const redis = r.windows.find((w) => w.kind === 'redis-stop')!;
    expect(redis.recoveredAfterMs).toBe(0);
  });

  it("counts a request in flight when a fault began as that fault's, not the previous fault's after-window", () => {
    // Prepare: 2 ms normally; one request sent at 41.8 s is still running when its container is killed at 42 s
    const { faults } = planFaults(10);
    const run = samples(47, (ms) => (ms === 41800 ? [250, '502'] : [2, '200']));

    // Act
    const r = analyseFaults(run, faults);

    // Assess
    const store = r.windows.find((w) => w.kind === 'dynamo-stop')!;
    const crash = r.windows.find((w) => w.kind === 'container-kill')!;
    expect(store.after.byStatus).toEqual({ '200': 499 });
    expect(store.recoveredAfterMs).toBe(0);
    expect(crash.during.byStatus).toEqual({ '200': 100, '502': 1 });
  });

  it('reports a fault the traffic never recovered from within 6 s as null', () => {
    // Prepare: slow from the Redis kill on
    const { faults } = planFaults(10);
    const run = samples(47, (ms) => (ms >= 20000 ? [50, '200'] : [2, '200']));

    // Act
    const r = analyseFaults(run, faults);

    // Assess
    expect(r.windows.find((w) => w.kind === 'redis-kill')?.recoveredAfterMs).toBeNull();
  });
});
