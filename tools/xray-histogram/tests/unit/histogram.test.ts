import { histogramPercentiles, histogramToDistribution, mergeHistograms } from '../../src/histogram';

/** X-Ray histogram entries from [seconds, count] pairs. */
const bins = (...entries: [number, number][]) => entries.map(([Value, Count]) => ({ Value, Count }));

describe('histogramPercentiles', () => {
  it('takes the nearest rank over the cumulative counts, in ms', () => {
    // Prepare: 90 traces at 4 ms, 9 at 120 ms, 1 at 2 s
    const hist = bins([0.12, 9], [0.004, 90], [2, 1]);

    // Act
    const s = histogramPercentiles(hist);

    // Assess
    expect(s).toEqual({
      count: 100,
      p50Ms: 4,
      p90Ms: 4,
      p95Ms: 120,
      p99Ms: 120,
      maxMs: 2000,
      meanMs: (90 * 4 + 9 * 120 + 2000) / 100,
    });
  });

  it('matches the exact percentiles of the raw samples it summarises', () => {
    // Prepare: 1..1000 ms, one trace each, as X-Ray would bucket them (one entry per distinct value)
    const hist = Array.from({ length: 1000 }, (_, i) => ({ Value: (i + 1) / 1000, Count: 1 }));

    // Act
    const s = histogramPercentiles(hist);

    // Assess
    expect([s.p50Ms, s.p95Ms, s.p99Ms, s.maxMs]).toEqual([500, 950, 990, 1000]);
  });

  it('is all zeros for an empty histogram and ignores malformed entries', () => {
    expect(histogramPercentiles([]).count).toBe(0);
    expect(histogramPercentiles([{ Value: 0.01 }, { Count: 3 }, { Value: 0.02, Count: 0 }]).count).toBe(0);
  });
});

describe('mergeHistograms', () => {
  it('adds the counts of equal values across histograms, ascending', () => {
    expect(
      mergeHistograms(
        [
          { Value: 0.2, Count: 1 },
          { Value: 0.1, Count: 2 },
        ],
        [{ Value: 0.1, Count: 3 }],
        undefined,
      ),
    ).toEqual([
      { value: 0.1, count: 5 },
      { value: 0.2, count: 1 },
    ]);
  });
});

describe('histogramToDistribution', () => {
  it('re-bins the counts into the load test chart buckets without losing any', () => {
    // Prepare
    const hist = [
      { Value: 0.0033, Count: 40 },
      { Value: 0.0034, Count: 30 },
      { Value: 0.25, Count: 5 },
    ];

    // Act
    const d = histogramToDistribution('prod', hist);

    // Assess
    expect(d.label).toBe('prod');
    expect(d.count).toBe(75);
    expect(d.buckets.reduce((s, b) => s + b.count, 0)).toBe(75);
    expect(d.buckets[0]!.count).toBe(70);
    expect(d.buckets[0]!.upperMs).toBeGreaterThanOrEqual(3.4);
    expect(d.buckets[d.buckets.length - 1]!.upperMs).toBeGreaterThanOrEqual(250);
  });
});
