import { createRng } from '../../src/random';
import { buildSchedule, runOpenLoop, type SendOutcome } from '../../src/schedule';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('buildSchedule', () => {
  it('spaces uniform arrivals exactly 1000/rate ms apart over the duration', () => {
    // Act
    const offsets = buildSchedule({ ratePerSec: 50, durationMs: 1000, arrival: 'uniform' });

    // Assess
    expect(offsets).toHaveLength(50);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]! - offsets[i - 1]!).toBeCloseTo(20, 9);
  });

  it('draws Poisson arrivals whose mean rate is the requested rate', () => {
    // Act
    const offsets = buildSchedule({
      ratePerSec: 200,
      durationMs: 60_000,
      arrival: 'poisson',
      rng: createRng('s'),
    });

    // Assess: 12000 expected, standard deviation ~110
    expect(offsets.length).toBeGreaterThan(12_000 - 450);
    expect(offsets.length).toBeLessThan(12_000 + 450);
    expect([...offsets].every((t, i) => i === 0 || t >= offsets[i - 1]!)).toBe(true);
    expect(offsets[offsets.length - 1]!).toBeLessThan(60_000);
  });

  it('gives the same schedule for the same seed and a different one for another seed', () => {
    // Act
    const a = buildSchedule({ ratePerSec: 100, durationMs: 2000, rng: createRng('x') });
    const b = buildSchedule({ ratePerSec: 100, durationMs: 2000, rng: createRng('x') });
    const c = buildSchedule({ ratePerSec: 100, durationMs: 2000, rng: createRng('y') });

    // Assess
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('rejects a rate or duration that is not positive', () => {
    expect(() => buildSchedule({ ratePerSec: 0, durationMs: 10, arrival: 'uniform' })).toThrow(RangeError);
    expect(() => buildSchedule({ ratePerSec: 10, durationMs: -1, arrival: 'uniform' })).toThrow(RangeError);
  });
});

describe('runOpenLoop', () => {
  it('sends on schedule even when every response takes far longer than the gap between requests', async () => {
    // Prepare: 20 requests, 10 ms apart; each response takes 300 ms
    const offsets = buildSchedule({ ratePerSec: 100, durationMs: 200, arrival: 'uniform' });
    const sentAt: number[] = [];
    const t0 = performance.now();

    // Act
    await runOpenLoop({
      offsetsMs: offsets,
      send: async (i): Promise<SendOutcome> => {
        sentAt[i] = performance.now() - t0;
        await sleep(300);
        return { ok: true };
      },
      onResult: () => undefined,
    });

    // Assess: a closed loop would send request i at ~300·i ms; open loop keeps ~10·i ms
    expect(sentAt).toHaveLength(20);
    for (let i = 0; i < sentAt.length; i++) expect(sentAt[i]!).toBeLessThan(offsets[i]! + 80);
    expect(sentAt[19]!).toBeLessThan(290);
  });

  it('measures latency from the scheduled time, so a stalled sender shows up as latency', async () => {
    // Prepare: the first send blocks the event loop for 150 ms (a stalled load generator or GC pause)
    const offsets = Float64Array.from([0, 10, 20, 30]);
    const latencies: number[] = [];

    // Act
    await runOpenLoop({
      offsetsMs: offsets,
      send: (i) => {
        if (i === 0) {
          const until = performance.now() + 150;
          while (performance.now() < until) {
            // busy wait: nothing else can run
          }
        }
        return Promise.resolve({ ok: true });
      },
      onResult: (i, ms) => (latencies[i] = ms),
    });

    // Assess: requests 1..3 were due at 10/20/30 ms but could only leave at ~150 ms
    expect(latencies[1]!).toBeGreaterThanOrEqual(150 - 10 - 5);
    expect(latencies[2]!).toBeGreaterThanOrEqual(150 - 20 - 5);
    expect(latencies[3]!).toBeGreaterThanOrEqual(150 - 30 - 5);
  });

  it('records a failed send with ok false and keeps going', async () => {
    // Prepare
    const outcomes: boolean[] = [];

    // Act
    const r = await runOpenLoop({
      offsetsMs: Float64Array.from([0, 1, 2]),
      send: (i) => (i === 1 ? Promise.reject(new Error('ECONNRESET')) : Promise.resolve({ ok: true })),
      onResult: (i, _ms, o) => (outcomes[i] = o.ok),
    });

    // Assess
    expect(r.sent).toBe(3);
    expect(outcomes).toEqual([true, false, true]);
  });
});
