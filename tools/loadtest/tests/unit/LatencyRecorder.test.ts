import { LatencyRecorder } from '../../src/LatencyRecorder';

describe('LatencyRecorder', () => {
  it('computes percentiles within HdrHistogram precision (3 significant digits)', () => {
    // Prepare: 1..10000 ms uniformly
    const rec = new LatencyRecorder('x');

    // Act
    for (let i = 1; i <= 10_000; i++) rec.record(i);
    const s = rec.summary();

    // Assess
    expect(s.count).toBe(10_000);
    expect(s.p50Ms).toBeGreaterThanOrEqual(5000 * 0.999);
    expect(s.p50Ms).toBeLessThanOrEqual(5000 * 1.001);
    expect(s.p95Ms / 9500).toBeCloseTo(1, 2);
    expect(s.p99Ms / 9900).toBeCloseTo(1, 2);
    expect(s.maxMs / 10_000).toBeCloseTo(1, 2);
    expect(s.meanMs / 5000.5).toBeCloseTo(1, 2);
  });

  it('keeps microsecond resolution for sub-millisecond latencies', () => {
    // Prepare
    const rec = new LatencyRecorder('fast');

    // Act
    for (let i = 0; i < 99; i++) rec.record(0.123);
    rec.record(0.457);

    // Assess
    expect(rec.percentileMs(50)).toBeCloseTo(0.123, 3);
    expect(rec.summary().maxMs).toBeCloseTo(0.457, 3);
  });

  it('never reports a percentile above the maximum', () => {
    // Prepare: a value HdrHistogram stores in a bucket wider than 1 µs
    const rec = new LatencyRecorder('x');
    rec.record(5699.123);

    // Act
    const s = rec.summary();

    // Assess
    expect(s.p99Ms).toBeLessThanOrEqual(s.maxMs);
  });

  it('puts every observation in exactly one chart bucket, ascending', () => {
    // Prepare
    const rec = new LatencyRecorder('x');
    const values = [0.05, 0.2, 1, 1, 3.3, 12, 250, 4000, 200_000];

    // Act
    values.forEach((v) => rec.record(v));
    const { buckets } = rec.summary();

    // Assess
    expect(buckets.reduce((s, b) => s + b.count, 0)).toBe(values.length);
    for (let i = 1; i < buckets.length; i++)
      expect(buckets[i]!.upperMs).toBeGreaterThan(buckets[i - 1]!.upperMs);
    expect(buckets[0]!.count).toBeGreaterThan(0);
    expect(buckets[buckets.length - 1]!.count).toBeGreaterThan(0);
  });

  it('summarises an empty recorder as zeros', () => {
    const s = new LatencyRecorder('none').summary();
    expect([s.count, s.p50Ms, s.p99Ms, s.maxMs, s.buckets.length]).toEqual([0, 0, 0, 0, 0]);
  });
});
